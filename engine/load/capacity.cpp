#include "engine/load/capacity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "engine/load/load.hpp"
#include "engine/text/html.hpp"
#include "io/json/json_writer.hpp"

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
  net::latency_histogram all;
  for (const auto& [op, stats] : r.ops) all.merge(stats.latency);
  out.requests = r.requests;
  out.rps = r.duration_s > 0 ? static_cast<double>(r.requests) / r.duration_s : 0;
  out.p50_ms = ms(all.percentile(0.5));
  out.p90_ms = ms(all.percentile(0.9));
  out.p99_ms = ms(all.percentile(0.99));
  for (const auto& [status, n] : r.status) {
    if (status == 429) {
      out.throttled += n;
    } else if (status >= 400) {
      out.errors += n;
    }
  }
  for (const auto& [kind, n] : r.errors) out.errors += n;
  const double share =
      r.requests ? 100.0 * static_cast<double>(out.errors + out.throttled) / r.requests : 0;
  out.over_errors = share > s.max_errors_pct;
  if (s.slo) out.slo_held = check_thresholds({*s.slo}, r).front().held;
  return out;
}

std::optional<std::size_t> next_connections(const std::vector<capacity_step>& steps,
                                            const capacity_settings& s, std::string& why) {
  if (steps.empty()) return 1;
  const capacity_step& last = steps.back();
  if (last.over_errors) {
    why = "errors and 429s passed " + html::number(s.max_errors_pct) + "% at " +
          std::to_string(last.connections) + " connections";
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
    why = stalled >= 2 ? "throughput stopped growing (two steps without 5% more)"
                       : "reached --max-connections " + std::to_string(s.max_connections);
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
    if (!st.over_errors) top = std::max(top, st.rps);
  }
  std::size_t k = 0;
  while (k < sorted.size() && sorted[k].rps < knee_share * top) ++k;
  if (k >= sorted.size()) return std::nullopt;
  std::vector<std::size_t> candidates;
  if (k > 0) candidates.push_back((sorted[k - 1].connections + sorted[k].connections) / 2);
  if (k + 1 < sorted.size() && !sorted[k + 1].over_errors)
    candidates.push_back((sorted[k].connections + sorted[k + 1].connections) / 2);
  for (std::size_t n : candidates) {
    if (n > 0 && !at(steps, n)) return n;
  }
  return std::nullopt;
}

capacity_report analyse_capacity(std::vector<capacity_step> steps, const capacity_settings& s,
                                 std::string stopped) {
  std::sort(steps.begin(), steps.end(), [](const capacity_step& a, const capacity_step& b) {
    return a.connections < b.connections;
  });
  capacity_report out;
  out.stopped = std::move(stopped);
  std::vector<usl_point> points;
  double tested = 1;
  for (const capacity_step& st : steps) {
    if (st.over_errors) continue;
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
      if (!st.over_errors && st.rps >= knee_share * out.peak.rps) {
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
    if (!st.over_errors && (!nearest || d(st) < d(*nearest))) nearest = &st;
  }
  if (nearest) out.knee_p99_ms = nearest->p99_ms;
  if (s.slo) {
    for (const capacity_step& st : steps) {
      if (st.slo_held && !st.over_errors) out.slo = capacity_report::point{st.connections, st.rps};
    }
  }
  out.steps = std::move(steps);
  return out;
}

boost::asio::awaitable<capacity_report> async_capacity(net::http_client& client,
                                                       const bench_settings& load,
                                                       const capacity_settings& s,
                                                       const bool& stop) {
  std::vector<capacity_step> steps;
  std::string why;
  std::set<std::size_t> doubling_done;
  bool refining = false;
  for (std::optional<std::size_t> n = next_connections(steps, s, why); n && !stop;
       n = next_connections(steps, s, why)) {
    bench_settings step = load;
    step.connections = *n;
    step.rate = 0;  // closed loop
    step.count.reset();
    step.duration = s.step;
    step.warmup = s.warmup;
    const bench_result r = co_await async_bench(client, step, stop);
    capacity_step measured = step_of(*n, r, s);
    // Once a step is not a doubling of the one before, the sweep refines.
    refining = refining ||
               (!steps.empty() && *n != steps.back().connections * 2 && *n != s.max_connections);
    measured.refining = refining;
    steps.push_back(measured);
  }
  if (stop) why = "interrupted";
  co_return analyse_capacity(std::move(steps), s, why);
}

std::string capacity_summary(const capacity_report& r, const capacity_settings& s) {
  char p99[32];
  std::snprintf(p99, sizeof p99, r.knee_p99_ms < 10 ? "%.1f" : "%.0f", r.knee_p99_ms);
  std::string out = "peak " + html::number(r.peak.rps) + " req/s";
  if (r.knee_from_model) {
    out += " (modelled, at " + std::to_string(r.peak.connections) + " connections; measured " +
           html::number(r.best_measured.rps) + " at " +
           std::to_string(r.best_measured.connections) + ")";
  } else {
    out += " (measured, at " + std::to_string(r.peak.connections) + " connections)";
  }
  out += "; knee at " + std::to_string(r.knee.connections) + " connections (" +
         html::number(r.knee.rps) + " req/s, p99 " + p99 + " ms)";
  if (s.slo) {
    out += r.slo ? "; SLO " + s.slo->expr + " holds up to " + std::to_string(r.slo->connections) +
                       " connections"
                 : "; SLO " + s.slo->expr + " held at no step";
  }
  return out;
}

std::string capacity_text(const capacity_report& r, const capacity_settings& s) {
  std::string out =
      "connections      req/s     p50 ms     p90 ms     p99 ms     errors       429s\n";
  for (const capacity_step& st : r.steps) {
    char line[200];
    std::snprintf(line, sizeof line, "%11zu %10.0f %10.3f %10.3f %10.3f %10llu %10llu%s%s\n",
                  st.connections, st.rps, st.p50_ms, st.p90_ms, st.p99_ms,
                  static_cast<unsigned long long>(st.errors),
                  static_cast<unsigned long long>(st.throttled), st.refining ? "  (refining)" : "",
                  st.over_errors ? "  (over --max-errors)" : "");
    out += line;
  }
  if (r.usl) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "USL fit: sigma %.4f, kappa %.6f, lambda %.1f req/s per connection, R^2 %.3f%s\n",
                  r.usl->sigma, r.usl->kappa, r.usl->lambda, r.usl->r2,
                  r.knee_from_model ? "" : " (too loose to stand for the steps)");
    out += line;
  }
  out += "stopped: " + r.stopped + "\n";
  return out + capacity_summary(r, s) + "\n";
}

std::string capacity_json(const capacity_report& r, const capacity_settings& s,
                          const std::string& url) {
  json::writer w;
  w.begin_object();
  w.member("format", "sdemig-bench/1");
  w.member("url", url);
  w.key("capacity");
  w.begin_object();
  w.member("step_seconds", std::chrono::duration<double>(s.step).count());
  w.member("max_connections", s.max_connections);
  w.member("stopped", r.stopped);
  w.key("steps");
  w.begin_array();
  for (const capacity_step& st : r.steps) {
    w.begin_object();
    w.member("connections", st.connections);
    w.member("rps", st.rps);
    w.member("p50_ms", st.p50_ms);
    w.member("p90_ms", st.p90_ms);
    w.member("p99_ms", st.p99_ms);
    w.member("requests", st.requests);
    w.member("errors", st.errors);
    w.member("throttled", st.throttled);
    w.member("refining", st.refining);
    if (s.slo) w.member("slo_held", st.slo_held);
    w.end_object();
  }
  w.end_array();
  if (r.usl) {
    w.key("usl");
    w.begin_object();
    w.member("sigma", r.usl->sigma);
    w.member("kappa", r.usl->kappa);
    w.member("lambda", r.usl->lambda);
    w.member("r2", r.usl->r2);
    w.end_object();
  }
  w.key("peak");
  w.begin_object();
  w.member("connections", r.peak.connections);
  w.member("rps", r.peak.rps);
  w.member("from", r.knee_from_model ? "model" : "measured");
  w.key("measured");
  w.begin_object();
  w.member("connections", r.best_measured.connections);
  w.member("rps", r.best_measured.rps);
  w.end_object();
  w.end_object();
  w.key("knee");
  w.begin_object();
  w.member("connections", r.knee.connections);
  w.member("rps", r.knee.rps);
  w.member("p99_ms", r.knee_p99_ms);
  w.end_object();
  if (s.slo) {
    w.key("slo");
    w.begin_object();
    w.member("expr", s.slo->expr);
    if (r.slo) {
      w.member("connections", r.slo->connections);
      w.member("rps", r.slo->rps);
    } else {
      w.key("connections");
      w.null();
    }
    w.end_object();
  }
  w.end_object();
  w.end_object();
  w.text() += '\n';
  return w.take();
}

}  // namespace sdemig::engine
