#include "engine/load/capacity.hpp"

#include <algorithm>
#include <cmath>

namespace sdemig::engine {
namespace {

// A step counts as growth when it beats the best before it by this much.
constexpr double growth = 1.05;
// The knee: the fewest connections reaching this share of the peak.
constexpr double knee_share = 0.9;
// A fit this good (R^2) stands for the steps; else the measured steps do.
constexpr double trusted_r2 = 0.9;
constexpr std::size_t max_refining_steps = 3;

double ms(std::chrono::nanoseconds d) {
  return static_cast<double>(d.count()) / 1e6;
}

const capacity_step* at(const std::vector<capacity_step>& steps, std::size_t n) {
  for (const capacity_step& s : steps) {
    if (s.connections == n) return &s;
  }
  return nullptr;
}

}  // namespace

capacity_step step_of(std::size_t connections, const bench_result& r, const capacity_settings& s) {
  capacity_step out;
  out.connections = connections;
  net::latency_histogram all;  // of the 2xx answers
  for (const auto& [op, stats] : r.ops) all.merge(stats.latency);
  out.requests = r.requests;
  out.ok = r.answers.ok;
  out.rps = ok_per_second(r);
  if (all.count() > 0) {
    out.p50_ms = ms(all.percentile(0.5));
    out.p90_ms = ms(all.percentile(0.9));
    out.p99_ms = ms(all.percentile(0.99));
  }
  out.throttled = r.answers.throttled;
  out.errors = r.answers.error_status + r.answers.no_answer;
  out.verdict = judge(r.answers, s.max_errors_pct);
  if (s.slo) out.slo_held = check_thresholds({*s.slo}, r).front().held;
  return out;
}

std::optional<std::size_t> next_connections(const std::vector<capacity_step>& steps,
                                            const capacity_settings& s, sweep_end& end) {
  if (steps.empty()) return 1;
  const capacity_step& last = steps.back();
  end.connections = last.connections;
  if (!last.good()) {
    end.why = sweep_end::reason::not_a_result;
    return std::nullopt;
  }
  // Doubling: until max, or two steps in a row without growth.
  std::size_t doubling = 0, stalled = 0;
  double best = 0;
  for (const capacity_step& st : steps) {
    if (st.refining) continue;
    ++doubling;
    stalled = st.rps > best * growth ? 0 : stalled + 1;
    best = std::max(best, st.rps);
  }
  const bool refining_started =
      std::any_of(steps.begin(), steps.end(), [](const capacity_step& st) { return st.refining; });
  if (!refining_started) {
    if (stalled < 2 && last.connections < s.max_connections) {
      return std::min(last.connections * 2, s.max_connections);
    }
    end.why = stalled >= 2 ? sweep_end::reason::growth_stopped : sweep_end::reason::max_connections;
  }
  // Refining: between the measured knee and its neighbours.
  std::vector<capacity_step> sorted = steps;
  std::sort(sorted.begin(), sorted.end(), [](const capacity_step& a, const capacity_step& b) {
    return a.connections < b.connections;
  });
  std::size_t refined = 0;
  for (const capacity_step& st : steps) refined += st.refining;
  if (refined >= max_refining_steps) return std::nullopt;
  double top = 0;
  for (const capacity_step& st : sorted) {
    if (st.good()) top = std::max(top, st.rps);
  }
  std::size_t k = 0;
  while (k < sorted.size() && sorted[k].rps < knee_share * top) ++k;
  if (k >= sorted.size()) return std::nullopt;
  std::vector<std::size_t> candidates;
  if (k > 0) candidates.push_back((sorted[k - 1].connections + sorted[k].connections) / 2);
  if (k + 1 < sorted.size() && sorted[k + 1].good())
    candidates.push_back((sorted[k].connections + sorted[k + 1].connections) / 2);
  for (std::size_t n : candidates) {
    if (n > 0 && !at(steps, n)) return n;
  }
  return std::nullopt;
}

capacity_report analyse_capacity(std::vector<capacity_step> steps, const capacity_settings& s,
                                 sweep_end stopped) {
  std::sort(steps.begin(), steps.end(), [](const capacity_step& a, const capacity_step& b) {
    return a.connections < b.connections;
  });
  capacity_report out;
  out.stopped = std::move(stopped);
  std::vector<usl_point> points;
  double tested = 1;
  for (const capacity_step& st : steps) {
    if (!st.good()) continue;
    out.succeeded = true;
    points.push_back({static_cast<double>(st.connections), st.rps});
    tested = std::max(tested, static_cast<double>(st.connections));
    if (st.rps > out.best_measured.rps) out.best_measured = {st.connections, st.rps};
  }
  out.usl = fit_usl(points);
  const bool model = out.usl && out.usl->r2 >= trusted_r2;
  if (model) {
    const double n = out.usl->peak_n(tested);
    out.peak = {static_cast<std::size_t>(n), out.usl->at(n)};
    for (std::size_t c = 1; c <= static_cast<std::size_t>(tested); ++c) {
      if (out.usl->at(static_cast<double>(c)) >= knee_share * out.peak.rps) {
        out.knee = {c, out.usl->at(static_cast<double>(c))};
        break;
      }
    }
    out.knee_from_model = true;
  } else {
    out.peak = out.best_measured;
    for (const capacity_step& st : steps) {
      if (st.good() && st.rps >= knee_share * out.peak.rps) {
        out.knee = {st.connections, st.rps};
        break;
      }
    }
  }
  // The knee's p99: the measured step nearest to it.
  const capacity_step* nearest = nullptr;
  for (const capacity_step& st : steps) {
    const auto d = [&](const capacity_step& x) {
      return std::abs(static_cast<double>(x.connections) -
                      static_cast<double>(out.knee.connections));
    };
    if (st.good() && (!nearest || d(st) < d(*nearest))) nearest = &st;
  }
  if (nearest) out.knee_p99_ms = nearest->p99_ms;
  if (s.slo) {
    for (const capacity_step& st : steps) {
      if (st.slo_held && st.good()) out.slo = capacity_report::point{st.connections, st.rps};
    }
  }
  out.steps = std::move(steps);
  return out;
}

bool capacity_failed(const capacity_report& r) noexcept {
  return !r.succeeded || r.stopped.why == sweep_end::reason::step_failed ||
         r.stopped.why == sweep_end::reason::interrupted;
}

boost::asio::awaitable<capacity_report> async_capacity(net::http_client& client,
                                                       const bench_settings& load,
                                                       const capacity_settings& s,
                                                       const bool& stop) {
  std::vector<capacity_step> steps;
  sweep_end end;
  bool refining = false;
  for (std::optional<std::size_t> n = next_connections(steps, s, end); n;
       n = next_connections(steps, s, end)) {
    if (stop) break;
    bench_settings step = load;
    step.connections = *n;
    step.rate = 0;  // closed loop
    step.count.reset();
    step.duration = s.step;
    step.warmup = s.warmup;
    step.honour_retry_after = true;
    bench_outcome r = co_await async_bench(client, step, stop);
    if (r.failed) {  // the steps so far stand; the sweep ends here
      end = {sweep_end::reason::step_failed, *n, std::move(r.failed)};
      break;
    }
    capacity_step measured = step_of(*n, r.result, s);
    // Once a step is not a doubling of the one before, the sweep refines.
    refining = refining ||
               (!steps.empty() && *n != steps.back().connections * 2 && *n != s.max_connections);
    measured.refining = refining;
    steps.push_back(measured);
  }
  if (stop)
    end = {sweep_end::reason::interrupted, steps.empty() ? 0 : steps.back().connections, {}};
  co_return analyse_capacity(std::move(steps), s, std::move(end));
}

}  // namespace sdemig::engine
