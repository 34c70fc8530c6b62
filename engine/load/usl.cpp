#include "engine/load/usl.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace sdemig::engine {
namespace {

double shape(double n, double sigma, double kappa) {
  return n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
}

// The best lambda for (sigma, kappa), and the squared error it leaves.
struct trial {
  double sigma = 0, kappa = 0, lambda = 0, sse = 0;
};

trial evaluate(const std::vector<usl_point>& points, double sigma, double kappa) {
  double xg = 0, gg = 0;
  for (const usl_point& p : points) {
    const double g = shape(p.n, sigma, kappa);
    xg += p.x * g;
    gg += g * g;
  }
  trial t{sigma, kappa, gg > 0 ? xg / gg : 0, 0};
  for (const usl_point& p : points) {
    const double e = p.x - t.lambda * shape(p.n, sigma, kappa);
    t.sse += e * e;
  }
  return t;
}

}  // namespace

double usl_fit::at(double n) const {
  return lambda * shape(n, sigma, kappa);
}

double usl_fit::peak_n(double max_n) const {
  if (kappa > 0) {  // the continuous peak, sqrt((1 - sigma) / kappa), then its whole neighbours
    const double top = std::sqrt(std::max(0.0, 1 - sigma) / kappa);
    double best = 1;
    for (double n : {std::floor(top), std::ceil(top)}) {
      n = std::clamp(n, 1.0, std::max(1.0, max_n));
      if (at(n) > at(best)) best = n;
    }
    return best;
  }
  return std::max(1.0, max_n);  // no coherency cost: it grows (or flattens) to the end
}

std::optional<usl_fit> fit_usl(const std::vector<usl_point>& points) {
  std::set<double> ns;
  double top = 0;
  for (const usl_point& p : points) {
    ns.insert(p.n);
    top = std::max(top, p.x);
  }
  if (ns.size() < 2 || top <= 0) return std::nullopt;
  // A log grid over both, zero included: sigma in [1e-5, 1], kappa in [1e-8, 1].
  std::vector<double> sigmas{0}, kappas{0};
  for (int i = 0; i <= 50; ++i) sigmas.push_back(std::pow(10.0, -5 + 5.0 * i / 50));
  for (int i = 0; i <= 64; ++i) kappas.push_back(std::pow(10.0, -8 + 8.0 * i / 64));
  trial best = evaluate(points, 0, 0);
  for (double s : sigmas) {
    for (double k : kappas) {
      const trial t = evaluate(points, s, k);
      if (t.sse < best.sse) best = t;
    }
  }
  // Pattern search in log space around it (a zero stays reachable).
  double ds = 0.25, dk = 0.25;  // steps in log10
  for (int round = 0; round < 200 && (ds > 1e-4 || dk > 1e-4); ++round) {
    bool moved = false;
    auto consider = [&](double s, double k) {
      s = std::clamp(s, 0.0, 1.0);
      k = std::clamp(k, 0.0, 1.0);
      const trial t = evaluate(points, s, k);
      if (t.sse < best.sse - 1e-12 * (1 + best.sse)) {
        best = t;
        moved = true;
      }
    };
    const double s = best.sigma, k = best.kappa;
    const double s_up = s > 0 ? s * std::pow(10.0, ds) : 1e-6, s_down = s * std::pow(10.0, -ds);
    const double k_up = k > 0 ? k * std::pow(10.0, dk) : 1e-9, k_down = k * std::pow(10.0, -dk);
    consider(s_up, k);
    consider(s_down < 1e-7 ? 0 : s_down, k);
    consider(s, k_up);
    consider(s, k_down < 1e-10 ? 0 : k_down);
    if (!moved) {
      ds /= 2;
      dk /= 2;
    }
  }
  usl_fit fit{best.sigma, best.kappa, best.lambda, 0};
  double mean = 0;
  for (const usl_point& p : points) mean += p.x;
  mean /= static_cast<double>(points.size());
  double ss_tot = 0;
  for (const usl_point& p : points) ss_tot += (p.x - mean) * (p.x - mean);
  fit.r2 = ss_tot > 0 ? 1 - best.sse / ss_tot : (best.sse < 1e-9 ? 1 : 0);
  return fit;
}

}  // namespace sdemig::engine
