// bench --hdr-out's text: HdrHistogram's percentile distribution format.
#include "engine/load/hgrm.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace sdemig::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct row {
  double value_ms, percentile;
  unsigned long long total;
};

std::vector<row> rows_of(const std::string& text) {
  std::vector<row> rows;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    row r{};
    std::istringstream fields(line);
    fields >> r.value_ms >> r.percentile >> r.total;
    rows.push_back(r);
  }
  return rows;
}

TEST(hgrm, percentiles_at_five_ticks_per_half_distance_then_the_summary) {
  net::latency_histogram h;
  for (int ms = 1; ms <= 1000; ++ms) h.record(std::chrono::milliseconds(ms));
  const std::string text = hgrm(h);
  EXPECT_THAT(text, StartsWith("       Value     Percentile TotalCount 1/(1-Percentile)\n\n"));
  const auto rows = rows_of(text);
  ASSERT_GT(rows.size(), 30u);
  // 0, 10, 20, 30, 40, 50, then 55 ... 75, then 77.5 ...: the ticks double
  // each time the distance to 100% halves.
  const double expected[] = {0, .1, .2, .3, .4, .5, .55, .6, .65, .7, .75, .775, .8, .825};
  for (std::size_t i = 0; i < std::size(expected); ++i)
    EXPECT_NEAR(rows[i].percentile, expected[i], 1e-9) << i;
  EXPECT_NEAR(rows[0].value_ms, 1.0, 0.01);
  EXPECT_NEAR(rows[5].value_ms, 500, 500 * 0.01);           // the median, within the buckets' 1%
  EXPECT_NEAR(static_cast<double>(rows[5].total), 500, 3);  // a bucket is ~2 ms wide here
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_GE(rows[i].value_ms, rows[i - 1].value_ms);
    EXPECT_GE(rows[i].total, rows[i - 1].total);
  }
  EXPECT_EQ(rows.back().percentile, 1.0);
  EXPECT_EQ(rows.back().total, 1000u);
  EXPECT_NEAR(rows.back().value_ms, 1000, 10);
  EXPECT_THAT(text, HasSubstr("#[Mean    =      500.500, StdDeviation   ="));
  EXPECT_THAT(text, HasSubstr("#[Max     =     1000.000, Total count    =         1000]"));
  EXPECT_THAT(text, HasSubstr("#[Buckets =           58, SubBuckets     =          128]"));
}

TEST(hgrm, one_value_and_no_value) {
  net::latency_histogram one;
  one.record(std::chrono::microseconds(2500));
  const auto rows = rows_of(hgrm(one));
  ASSERT_EQ(rows.size(), 2u);  // 0% and 100%, the same value
  EXPECT_NEAR(rows[0].value_ms, 2.5, 0.025);
  EXPECT_EQ(rows[1].percentile, 1.0);
  const std::string empty = hgrm(net::latency_histogram{});
  EXPECT_TRUE(rows_of(empty).empty());
  EXPECT_THAT(empty, HasSubstr("Total count    =            0]"));
}

}  // namespace
}  // namespace sdemig::engine
