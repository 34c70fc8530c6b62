#include "engine/load/comparison.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "engine/load/load.hpp"

namespace sdemig::engine {
namespace {

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

// The mean of a moving-block resample of `v`.
double resampled_mean(const std::vector<double>& v, std::size_t block, std::mt19937_64& rng) {
  const std::size_t n = v.size();
  std::uniform_int_distribution<std::size_t> start(0, n - std::min(block, n));
  double s = 0;
  std::size_t taken = 0;
  while (taken < n) {
    const std::size_t from = start(rng);
    for (std::size_t i = from; i < from + block && taken < n; ++i, ++taken) s += v[i];
  }
  return s / static_cast<double>(n);
}

std::string pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f", v);
  return buf;
}

std::string num(double v, bool latency) {
  char buf[32];
  std::snprintf(buf, sizeof buf, latency ? "%.2f" : "%.0f", v);
  return buf;
}

}  // namespace

std::string_view to_string(verdict v) noexcept {
  switch (v) {
    case verdict::faster:
      return "faster";
    case verdict::slower:
      return "slower";
    case verdict::same:
      return "same";
    case verdict::inconclusive:
      return "inconclusive";
  }
  return "?";
}

run_series series_of(const bench_result& r, const std::string& url) {
  run_series out;
  out.url = url;
  out.open_loop = r.open_loop;
  for (const auto& [op, stats] : r.ops) {
    run_series::op_values& v = out.ops[op];
    for (const second_point& s : r.series) {
      const second_of_op& o = s.ops[static_cast<std::size_t>(op)];
      v.rps.push_back(static_cast<double>(o.ok));
      if (o.ok == 0) continue;
      v.p50_ms.push_back(o.p50_ms);
      v.p99_ms.push_back(o.p99_ms);
    }
  }
  return out;
}

run_series read_baseline(const std::string& text, const std::string& file_name) {
  namespace dom = simdjson::dom;
  dom::parser parser;
  dom::object root;
  auto not_one = [&](const std::string& why) {
    return baseline_error(file_name + ": not a bench result (sdemig bench --json): " + why);
  };
  if (parser.parse(text).get(root) != simdjson::SUCCESS) throw not_one("not JSON");
  dom::array series;
  dom::object operations;
  if (root["series"].get(series) != simdjson::SUCCESS) throw not_one("no \"series\"");
  if (root["operations"].get(operations) != simdjson::SUCCESS) throw not_one("no \"operations\"");
  run_series out;
  std::string_view url;
  if (root["url"].get(url) == simdjson::SUCCESS) out.url = url;
  bool open = false;
  if (root["open_loop"].get(open) == simdjson::SUCCESS) out.open_loop = open;
  for (auto [name, ignored] : operations) {
    const auto op = parse_bench_op(name);
    if (!op) throw not_one("unknown operation \"" + std::string(name) + "\"");
    out.ops[*op];
  }
  std::size_t i = 0;
  for (dom::element second : series) {
    dom::object ops;
    if (second["operations"].get(ops) != simdjson::SUCCESS)
      throw not_one("series[" + std::to_string(i) + "] has no \"operations\"");
    for (auto [name, value] : ops) {
      const auto op = parse_bench_op(name);
      if (!op) continue;
      std::uint64_t requests = 0;
      double p50 = 0, p99 = 0;
      // 2xx answers ("ok"); a file from before it counted every answer.
      if ((value["ok"].get(requests) != simdjson::SUCCESS &&
           value["requests"].get(requests) != simdjson::SUCCESS) ||
          value["p50_ms"].get(p50) != simdjson::SUCCESS ||
          value["p99_ms"].get(p99) != simdjson::SUCCESS) {
        throw not_one("series[" + std::to_string(i) + "]." + std::string(name) +
                      " lacks requests, p50_ms or p99_ms");
      }
      run_series::op_values& v = out.ops[*op];
      v.rps.push_back(static_cast<double>(requests));
      if (requests == 0) continue;
      v.p50_ms.push_back(p50);
      v.p99_ms.push_back(p99);
    }
    ++i;
  }
  if (i == 0) throw not_one("its \"series\" is empty");
  return out;
}

metric_change compare_values(const std::vector<double>& baseline, const std::vector<double>& now,
                             bool lower_is_better, double floor_pct, std::uint64_t seed) {
  metric_change c;
  c.what = verdict::inconclusive;
  c.baseline = mean(baseline);
  c.now = mean(now);
  if (baseline.empty() || now.empty() || c.baseline <= 0) return c;
  c.change_pct = 100 * (c.now / c.baseline - 1);
  c.ci_low_pct = c.ci_high_pct = c.change_pct;
  if (baseline.size() < min_seconds_to_compare || now.size() < min_seconds_to_compare) return c;
  const auto block_of = [](std::size_t n) {
    return std::max<std::size_t>(1, static_cast<std::size_t>(std::cbrt(static_cast<double>(n))));
  };
  std::mt19937_64 rng(seed);
  constexpr int resamples = 2000;
  std::vector<double> changes;
  changes.reserve(resamples);
  for (int i = 0; i < resamples; ++i) {
    const double b = resampled_mean(baseline, block_of(baseline.size()), rng);
    const double n = resampled_mean(now, block_of(now.size()), rng);
    if (b > 0) changes.push_back(100 * (n / b - 1));
  }
  std::sort(changes.begin(), changes.end());
  if (!changes.empty()) {
    c.ci_low_pct = changes[static_cast<std::size_t>(0.025 * (changes.size() - 1))];
    c.ci_high_pct = changes[static_cast<std::size_t>(0.975 * (changes.size() - 1))];
  }
  const bool spans_zero = c.ci_low_pct <= 0 && c.ci_high_pct >= 0;
  if (spans_zero || std::abs(c.change_pct) < floor_pct) {
    c.what = verdict::same;
  } else {
    const bool up = c.change_pct > 0;
    c.what = up != lower_is_better ? verdict::faster : verdict::slower;
  }
  return c;
}

std::vector<op_comparison> compare_runs(const run_series& baseline, const run_series& now,
                                        std::vector<std::string>& warnings) {
  if (!baseline.url.empty() && !now.url.empty() && baseline.url != now.url)
    warnings.push_back("the baseline measured " + baseline.url + ", this run " + now.url);
  if (baseline.open_loop && now.open_loop && *baseline.open_loop != *now.open_loop) {
    warnings.push_back(std::string("the baseline ran ") +
                       (*baseline.open_loop ? "open" : "closed") + " loop, this run " +
                       (*now.open_loop ? "open" : "closed"));
  }
  std::vector<op_comparison> out;
  for (const auto& [op, values] : now.ops) {
    const auto base = baseline.ops.find(op);
    if (base == baseline.ops.end()) {
      warnings.push_back("the baseline has no " + std::string(to_string(op)));
      continue;
    }
    // Seconds with 2xx answers: a side with too few of them gives no verdict.
    const std::size_t seconds = std::min(values.p50_ms.size(), base->second.p50_ms.size());
    if (seconds < min_seconds_to_compare) {
      warnings.push_back(std::string(to_string(op)) + ": fewer than " +
                         std::to_string(min_seconds_to_compare) +
                         " seconds of 2xx answers on a side: inconclusive (run -d 10 or more)");
    }
    op_comparison c;
    c.op = op;
    c.rps = compare_values(base->second.rps, values.rps, false);
    c.p50 = compare_values(base->second.p50_ms, values.p50_ms, true);
    c.p99 = compare_values(base->second.p99_ms, values.p99_ms, true);
    if (seconds < min_seconds_to_compare) {
      for (metric_change* m : {&c.rps, &c.p50, &c.p99}) m->what = verdict::inconclusive;
    }
    out.push_back(c);
  }
  for (const auto& [op, values] : baseline.ops) {
    if (!now.ops.contains(op))
      warnings.push_back("this run has no " + std::string(to_string(op)) + " (the baseline has)");
  }
  return out;
}

std::string comparison_text(const std::vector<op_comparison>& ops) {
  std::string out = "against the baseline (95% interval, moving-block bootstrap):\n";
  for (const op_comparison& c : ops) {
    const std::pair<const char*, const metric_change*> rows[] = {
        {"req/s", &c.rps}, {"p50 ms", &c.p50}, {"p99 ms", &c.p99}};
    for (const auto& [name, m] : rows) {
      char line[200];
      const bool latency = m != &c.rps;
      std::snprintf(line, sizeof line, "%-7s %-7s %10s -> %-10s %7s%%  [%s, %s]  %s\n",
                    std::string(to_string(c.op)).c_str(), name, num(m->baseline, latency).c_str(),
                    num(m->now, latency).c_str(), pct(m->change_pct).c_str(),
                    pct(m->ci_low_pct).c_str(), pct(m->ci_high_pct).c_str(),
                    std::string(to_string(m->what)).c_str());
      out += line;
    }
  }
  return out;
}

}  // namespace sdemig::engine
