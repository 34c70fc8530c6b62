#pragma once
// `sdemig bench --hdr-out FILE`: a latency distribution in HdrHistogram's
// plain-text percentile format (.hgrm, as HdrHistogram's
// outputPercentileDistribution and wrk2 print it), values in milliseconds,
// five reporting ticks per half distance to 100%; read by the usual
// HdrHistogram plotters.

#include <string>

#include "io/net/latency_histogram.hpp"

namespace sdemig::engine {

std::string hgrm(const net::latency_histogram& h);

}  // namespace sdemig::engine
