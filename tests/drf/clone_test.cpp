// Clone, rerun and verify against a real Django REST Framework server and
// against sde-sim, one test body for both (issue 32: "a second, real
// target"): what sdemig does must hold on the server SDE is built with,
// not only on our emulator of it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "io/files/read_file.hpp"
#include "sim/seed.hpp"
#include "target_instance.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

class drf_clone : public testing::TestWithParam<target_type> {};

// An analysis connector sent without params reads back from DRF with
// `"params": {}`, its model's default: the same connector.
std::vector<connector> with_params(std::vector<connector> all) {
  for (connector& c : all) {
    if (!c.params) c.params.emplace();
  }
  return all;
}

TEST_P(drf_clone, clone_then_a_rerun_writes_nothing_and_verify_passes) {
  sim_instance source(current_sim_config(source_token), 20, 6);
  target_instance target(GetParam(), /*mask_secrets=*/false);
  cli_env env;
  const auto both = concat(env.from(source), target.to(env));
  auto first = env.sdemig(concat({"clone"}, both));
  ASSERT_EQ(first.code, 0) << first.err << first.out;
  EXPECT_THAT(first.out, HasSubstr("26 created")) << first.out;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    EXPECT_EQ(difference_except_ids(with_params(source.store.snapshot(kind)),
                                    with_params(target.stored(kind))),
              "")
        << to_string(kind);
  }
  auto again = env.sdemig(concat({"clone", "--report", env.path("again.json")}, both));
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("; 0 writes in")) << again.out;
  EXPECT_THAT(files::read_file(env.path("again.json")), HasSubstr("\"writes\":0"));
  auto verify = env.sdemig(concat({"verify"}, both));
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
}

TEST_P(drf_clone, names_with_white_space_around_them_are_stored_trimmed_and_left_alone) {
  sim_instance source(current_sim_config(source_token), 3, 0);
  for (auto [n, name] : {std::pair{4, " Lead\t"}, std::pair{5, "Trail  "}}) {
    connector c = sim::seeded_connector(connector_kind::alm, n, api_generation::current);
    c.name = name;
    source.store.insert(connector_kind::alm, std::move(c));
  }
  target_instance target(GetParam(), /*mask_secrets=*/false);
  cli_env env;
  const auto both = concat(env.from(source), target.to(env));
  auto first = env.sdemig(concat({"clone", "--kind", "alm"}, both));
  ASSERT_EQ(first.code, 0) << first.err << first.out;
  auto names = [&] {
    std::vector<std::string> out;
    for (const connector& c : target.stored(connector_kind::alm)) out.push_back(c.name);
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<std::string> stored = names();
  ASSERT_EQ(stored.size(), 5u);
  EXPECT_TRUE(std::binary_search(stored.begin(), stored.end(), "Lead"));
  EXPECT_TRUE(std::binary_search(stored.begin(), stored.end(), "Trail"));
  auto again = env.sdemig(concat({"clone", "--kind", "alm"}, both));
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("; 0 writes in")) << again.out;
  EXPECT_EQ(names(), stored);  // no duplicate under the name as sent
  auto verify = env.sdemig(concat({"verify", "--kind", "alm"}, both));
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
}

INSTANTIATE_TEST_SUITE_P(targets, drf_clone,
                         testing::Values(target_type::drf, target_type::sde_sim),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
}  // namespace sdemig::test
