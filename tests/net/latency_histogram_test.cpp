#include "io/net/core/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace sdemig::net {
namespace {

using namespace std::chrono;

TEST(latency_histogram, percentiles_within_one_percent_of_exact) {
  std::mt19937_64 rng(5);
  std::lognormal_distribution<double> dist(13.0, 1.5);  // ~0.4 ms median, long tail
  std::vector<std::int64_t> samples;
  latency_histogram h;
  for (int i = 0; i < 100000; ++i) {
    const auto v = static_cast<std::int64_t>(dist(rng));
    samples.push_back(v);
    h.record(nanoseconds(v));
  }
  std::sort(samples.begin(), samples.end());
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const double exact =
        static_cast<double>(samples[static_cast<std::size_t>(q * samples.size()) - 1]);
    const double got = static_cast<double>(h.percentile(q).count());
    EXPECT_NEAR(got / exact, 1.0, 0.01) << "q=" << q;
  }
  EXPECT_EQ(h.max().count(), samples.back());
  EXPECT_EQ(h.count(), 100000u);
}

TEST(latency_histogram, merge_and_empty) {
  latency_histogram a, b;
  EXPECT_EQ(a.percentile(0.5).count(), 0);
  a.record(microseconds(100));
  b.record(microseconds(300));
  a.merge(b);
  EXPECT_EQ(a.count(), 2u);
  EXPECT_EQ(a.max(), microseconds(300));
  EXPECT_NEAR(static_cast<double>(a.percentile(0.5).count()), 100000, 1000);
}

}  // namespace
}  // namespace sdemig::net
