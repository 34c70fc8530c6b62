// Clones through a misbehaving target and a misbehaving source: the run
// ends with exit 0 and the target equals the plan exactly, every connector
// stored once.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <map>
#include <string>

#include "cli_fixture.hpp"

namespace sdemig::test {
namespace {

sim::server_config misbehaving(const std::string& token, sim::fault_scope scope,
                               std::uint64_t seed) {
  sim::server_config c = sim_config(token, 0);
  c.faults.p429 = 0.10;
  c.faults.retry_after_s = 0;  // honoured, but kept short for CI
  c.faults.p503 = 0.05;
  c.faults.reset = 0.02;
  c.faults.delay = 0.01;
  c.faults.delay_ms = 1500;  // longer than the request deadline below
  c.faults.scope = scope;
  c.faults.seed = seed;
  c.threads = 2;
  return c;
}

std::map<std::string, int> names_count(const std::vector<connector>& all) {
  std::map<std::string, int> out;
  for (const connector& c : all) ++out[c.name];
  return out;
}

// With a fixed limit and with --concurrency auto (which the 429s, 503s
// and timeouts keep pushing down).
class fault_injection_at : public ::testing::TestWithParam<const char*> {};

TEST_P(fault_injection_at,
       clone_5000_through_429_503_resets_and_delays_loses_and_duplicates_nothing) {
  sim_instance source(sim_config(source_token, 0), 5000, 0);
  sim_instance target(misbehaving(target_token, sim::fault_scope::all, 7), 0, 0);
  cli_env env;
  auto r =
      env.sdemig(concat({"clone", "--kind", "alm", "--concurrency", GetParam(), "--timeout", "0.5",
                         "--journal", env.path("j.ndjson"), "--report", env.path("r.json")},
                        env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err.substr(0, 2000) << r.out;
  const auto stats = target.server.stats();
  EXPECT_GT(stats.throttled, 100u);
  EXPECT_GT(stats.unavailable, 50u);
  EXPECT_GT(stats.resets_before_apply + stats.resets_after_apply, 20u);
  EXPECT_GT(stats.delayed, 5u);
  // Exactly the plan: every source connector once, nothing else.
  const auto stored = target.store.snapshot(connector_kind::alm);
  EXPECT_EQ(stored.size(), 5000u);
  for (const auto& [name, n] : names_count(stored)) ASSERT_EQ(n, 1) << name;
  EXPECT_EQ(difference_except_ids(source.store.snapshot(connector_kind::alm), stored), "");
  // A write that landed after its answer was lost was never written twice.
  EXPECT_EQ(stats.writes_applied, 5000u);
  auto verify =
      env.sdemig(concat({"verify", "--kind", "alm", "--timeout", "0.5"}, env.both(source, target)));
  EXPECT_EQ(verify.code, 0) << verify.out.substr(verify.out.size() > 300 ? verify.out.size() - 300
                                                                         : 0);
}

INSTANTIATE_TEST_SUITE_P(concurrency, fault_injection_at, ::testing::Values("32", "auto"),
                         [](const auto& info) { return std::string(info.param); });

TEST(fault_injection, a_misbehaving_source_during_listing_changes_nothing) {
  sim::server_config c = misbehaving(source_token, sim::fault_scope::reads, 9);
  c.routing.page_size_default = 50;
  sim_instance source(c, 3000, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r = env.sdemig(concat({"clone", "--kind", "alm", "--page-size", "50", "--timeout", "0.5"},
                             env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err.substr(0, 2000);
  EXPECT_GT(source.server.stats().throttled + source.server.stats().unavailable +
                source.server.stats().resets_before_apply,
            0u);
  EXPECT_EQ(difference_except_ids(source.store.snapshot(connector_kind::alm),
                                  target.store.snapshot(connector_kind::alm)),
            "");
  EXPECT_EQ(target.server.stats().writes_applied, 3000u);
}

TEST(fault_injection, concurrency_256_against_one_server_thread_finishes) {
  sim_instance source(sim_config(source_token), 3000, 0);
  sim::server_config one_thread = sim_config(target_token);
  one_thread.threads = 1;
  sim_instance target(one_thread, 0, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"clone", "--kind", "alm", "--concurrency", "256"}, env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(target.store.size(connector_kind::alm), 3000u);
  EXPECT_LE(target.server.stats().connections_accepted, 256u + 1);
  // Memory stays bounded: 256 waiting requests hold no more than their
  // requests (this process's only child was that sdemig run).
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  EXPECT_LT(usage.ru_maxrss, 400 * 1024) << "peak RSS " << usage.ru_maxrss / 1024 << " MiB";
}

}  // namespace
}  // namespace sdemig::test
