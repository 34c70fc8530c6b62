// --concurrency auto against a server of limited capacity (sde-sim
// --workers): the clone is exact, the limit stays under its cap, and the
// run says where it settled. No timing is asserted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"

namespace sdemig::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

sim::server_config small_server(std::size_t workers, unsigned service_ms) {
  sim::server_config c = sim_config(target_token);
  c.capacity.workers = static_cast<unsigned>(workers);
  c.capacity.service_ms = service_ms;
  return c;
}

TEST(auto_concurrency, a_small_server_is_cloned_exactly_and_the_run_says_where_it_settled) {
  sim_instance source(sim_config(source_token), 400, 0);
  sim_instance target(small_server(2, 10), 0, 0);
  cli_env env;
  const auto both = env.both(source, target);
  auto first = env.sdemig(concat({"clone", "--kind", "alm", "--report", env.path("r.json")}, both));
  ASSERT_EQ(first.code, 0) << first.err << first.out;
  EXPECT_THAT(first.out, HasSubstr("clone: 400 created")) << first.out;
  // Two workers of 10 ms: eight in flight already make a queue.
  EXPECT_THAT(first.out, HasSubstr("concurrency auto: ")) << first.out;
  EXPECT_THAT(first.out, HasSubstr("queue building above")) << first.out;
  EXPECT_EQ(target.server.stats().writes_applied, 400u);
  EXPECT_LE(target.server.stats().capacity.inflight_max, 64u);  // --max-concurrency's default
  const std::string report = files::read_file(env.path("r.json"));
  EXPECT_THAT(report, HasSubstr("\"concurrency\":{\"mode\":\"auto\",")) << report.substr(0, 600);
  EXPECT_THAT(report, HasSubstr("\"trajectory\":[[0,32,")) << report.substr(0, 600);
  EXPECT_EQ(difference_except_ids(read_all(source, connector_kind::alm, source_token),
                                  read_all(target, connector_kind::alm, target_token)),
            "");

  auto second = env.sdemig(concat({"clone", "--kind", "alm"}, both));
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr("0 writes")) << second.out;
  EXPECT_EQ(target.server.stats().writes_applied, 400u);
}

TEST(auto_concurrency, max_concurrency_caps_it) {
  sim_instance source(sim_config(source_token), 200, 0);
  sim_instance target(small_server(64, 2), 0, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"clone", "--kind", "alm", "--max-concurrency", "3"}, env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_LE(target.server.stats().capacity.inflight_max, 3u);
  // Where it ended depends on the latencies this machine saw; never above 3.
  EXPECT_THAT(r.out, ContainsRegex("concurrency auto: [123] \\(")) << r.out;
}

TEST(auto_concurrency, a_fixed_number_stays_fixed_and_says_nothing_more) {
  sim_instance source(sim_config(source_token), 100, 0);
  sim_instance target(small_server(64, 1), 0, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"clone", "--kind", "alm", "--concurrency", "4", "--report", env.path("r.json")},
             env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("concurrency auto")));
  EXPECT_LE(target.server.stats().capacity.inflight_max, 4u);
  EXPECT_THAT(files::read_file(env.path("r.json")),
              HasSubstr("\"concurrency\":{\"mode\":\"fixed\",\"limit\":4,\"max\":4}"));
}

TEST(auto_concurrency, a_bad_value_is_named) {
  cli_env env;
  auto r = env.sdemig({"clone", "--from", "http://127.0.0.1:1", "--to", "http://127.0.0.1:2",
                       "--concurrency", "lots"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("\"lots\" is not auto or a number from 1 to 1024")) << r.err;
  auto zero = env.sdemig({"clone", "--from", "http://127.0.0.1:1", "--to", "http://127.0.0.1:2",
                          "--concurrency", "0"});
  EXPECT_EQ(zero.code, 2);
}

}  // namespace
}  // namespace sdemig::test
