#pragma once
// The Universal Scalability Law (Gunther) fitted to a concurrency sweep:
//
//   X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1))
//
// lambda: throughput of one connection; sigma: contention (the share that
// is serialised); kappa: coherency (the cost that grows with every pair,
// which makes throughput fall past a peak). Least squares on X. No I/O.
//
// For fixed sigma and kappa the best lambda has a closed form, so the fit
// searches the (sigma, kappa) plane only: a log-spaced grid, then a pattern
// search around the best point. Deterministic, no library.

#include <optional>
#include <vector>

namespace sdemig::engine {

struct usl_point {
  double n = 0;  // connections
  double x = 0;  // throughput (requests per second)
};

struct usl_fit {
  double sigma = 0, kappa = 0, lambda = 0;
  double r2 = 0;  // 1 - SS_res / SS_tot (1 when every point is on the curve)
  double at(double n) const;
  // The N of the highest modelled throughput within [1, max_n] (whole
  // numbers), and that throughput.
  double peak_n(double max_n) const;
};

// nullopt with fewer than two distinct N, or no positive throughput.
std::optional<usl_fit> fit_usl(const std::vector<usl_point>& points);

}  // namespace sdemig::engine
