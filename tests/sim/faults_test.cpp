#include "sim/faults.hpp"

#include <gtest/gtest.h>

#include <map>

namespace sdemig::sim {
namespace {

TEST(faults, none_configured_means_none_drawn) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(decide_fault({}, rng, true).kind, fault_kind::none);
}

TEST(faults, probabilities_are_honoured) {
  fault_config config;
  config.p429 = 0.10;
  config.p503 = 0.05;
  config.reset = 0.02;
  config.delay = 0.01;
  std::mt19937_64 rng(7);
  std::map<fault_kind, int> seen;
  const int n = 200000;
  for (int i = 0; i < n; ++i) ++seen[decide_fault(config, rng, false).kind];
  EXPECT_NEAR(seen[fault_kind::throttle] / double(n), 0.10, 0.005);
  EXPECT_NEAR(seen[fault_kind::unavailable] / double(n), 0.05, 0.004);
  EXPECT_NEAR(seen[fault_kind::reset] / double(n), 0.02, 0.003);
  EXPECT_NEAR(seen[fault_kind::delay] / double(n), 0.01, 0.002);
}

TEST(faults, write_resets_split_before_and_after_apply_and_reads_never_apply) {
  fault_config config;
  config.reset = 1.0;
  config.reset_after_apply = 0.5;
  std::mt19937_64 rng(3);
  int after = 0;
  for (int i = 0; i < 10000; ++i) {
    fault_plan p = decide_fault(config, rng, true);
    ASSERT_EQ(p.kind, fault_kind::reset);
    after += p.apply_before_reset;
    EXPECT_FALSE(decide_fault(config, rng, false).apply_before_reset);
  }
  EXPECT_NEAR(after / 10000.0, 0.5, 0.03);
}

TEST(faults, scope_limits_what_is_hit) {
  fault_config config;
  config.p503 = 1.0;
  config.scope = fault_scope::writes;
  std::mt19937_64 rng(1);
  EXPECT_EQ(decide_fault(config, rng, false).kind, fault_kind::none);
  EXPECT_EQ(decide_fault(config, rng, true).kind, fault_kind::unavailable);
  EXPECT_THROW(parse_fault_scope("some"), std::invalid_argument);
}

}  // namespace
}  // namespace sdemig::sim
