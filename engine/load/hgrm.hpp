#pragma once
// `sdemig bench --hdr-out FILE`: a latency distribution in HdrHistogram's
// plain-text percentile format (.hgrm, as HdrHistogram's
// outputPercentileDistribution and wrk2 print it), values in milliseconds,
// five reporting ticks per half distance to 100%; read by the usual
// HdrHistogram plotters.

#include <cstdint>
#include <string>
#include <vector>

#include "io/net/core/latency_histogram.hpp"

namespace sdemig::engine {

// One line of the distribution: the latency at or below which `percentile`
// (0 to 1) of the requests were.
struct percentile_row {
  double value_ms = 0;
  double percentile = 0;
  std::uint64_t count = 0;  // requests at or below value_ms
};

// The distribution at HdrHistogram's reporting ticks, ending with the 100%
// row (empty for no samples). The .hgrm file and bench's page draw these.
std::vector<percentile_row> percentile_rows(const net::latency_histogram& h);

std::string hgrm(const net::latency_histogram& h);

}  // namespace sdemig::engine
