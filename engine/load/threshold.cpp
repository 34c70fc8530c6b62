#include "engine/load/threshold.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "engine/load/load.hpp"
#include "engine/text/html.hpp"

namespace sdemig::engine {
namespace {

struct quantile_name {
  std::string_view name;
  double q;
};
constexpr quantile_name quantiles[] = {{"p50", 0.5},  {"p90", 0.9},     {"p95", 0.95},
                                       {"p99", 0.99}, {"p99.9", 0.999}, {"max", 1.0}};

[[noreturn]] void bad(const std::string& expr, const std::string& why) {
  throw threshold_error(expr + ": " + why);
}

double number(const std::string& expr, std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v) ||
      v < 0) {
    bad(expr, "\"" + std::string(text) + "\" is not a number");
  }
  return v;
}

}  // namespace

threshold parse_threshold(const std::string& expr) {
  threshold t;
  t.expr = expr;
  std::string_view text = expr;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  const auto cmp = text.find_first_of("<>");
  if (cmp == std::string_view::npos)
    bad(expr, "no < or >: write it as p99<50ms, rps>100, errors<1% or throttled<2%");
  std::string_view left = text.substr(0, cmp), right = text.substr(cmp + 1);
  const char sign = text[cmp];
  while (!left.empty() && left.back() == ' ') left.remove_suffix(1);
  while (!right.empty() && right.front() == ' ') right.remove_prefix(1);
  // "get.p99": an operation first. "p99.9" holds a dot too.
  if (const auto dot = left.find('.'); dot != std::string_view::npos && !left.starts_with("p")) {
    const auto op = parse_bench_op(left.substr(0, dot));
    if (!op) {
      bad(expr, "\"" + std::string(left.substr(0, dot)) +
                    "\" is not an operation (list, get, create or update)");
    }
    t.op = op;
    left = left.substr(dot + 1);
  }
  auto expect = [&](char want) {
    if (sign != want)
      bad(expr, std::string(left) + " takes " + want + " (" + std::string(left) + want + "...)");
  };
  if (left == "rps") {
    expect('>');
    t.what = threshold::metric::rps;
    t.limit = number(expr, right);
    return t;
  }
  if (left == "errors" || left == "throttled") {
    if (t.op) bad(expr, std::string(left) + " is a share of the whole run: no operation before it");
    expect('<');
    if (!right.ends_with('%')) bad(expr, "a share ends with %: " + std::string(left) + "<1%");
    t.what = left == "errors" ? threshold::metric::errors : threshold::metric::throttled;
    t.limit = number(expr, right.substr(0, right.size() - 1));
    if (t.limit > 100) bad(expr, "a share is at most 100%");
    if (t.limit <= 0) bad(expr, "a share is never under 0%: this can never hold");
    return t;
  }
  bool known = false;
  for (const quantile_name& q : quantiles) {
    if (left == q.name) {
      t.quantile = q.q;
      known = true;
    }
  }
  if (!known) {
    bad(expr, "\"" + std::string(left) +
                  "\" is not one of p50, p90, p95, p99, p99.9, max, rps, errors, throttled");
  }
  expect('<');
  t.what = threshold::metric::latency;
  if (right.ends_with("ms")) {
    t.limit = number(expr, right.substr(0, right.size() - 2));
  } else if (right.ends_with('s')) {
    t.limit = number(expr, right.substr(0, right.size() - 1)) * 1000;
  } else {
    bad(expr, "a latency needs its unit: ms or s (p99<50ms)");
  }
  if (t.limit <= 0) bad(expr, "a latency is never under 0 ms: this can never hold");
  return t;
}

void check_sent(const threshold& t, const bench_settings& s) {
  if (!t.op) return;
  for (const auto& [op, weight] : s.mix) {
    if (op == *t.op && weight > 0) return;
  }
  bad(t.expr, "this run sends no " + std::string(to_string(*t.op)));
}

std::optional<double> measure(const threshold& t, const bench_result& r) {
  switch (t.what) {
    case threshold::metric::latency: {
      net::latency_histogram all;
      for (const auto& [op, stats] : r.ops) {
        if (!t.op || op == *t.op) all.merge(stats.latency);
      }
      if (all.count() == 0) return std::nullopt;
      const auto d = t.quantile >= 1 ? all.max() : all.percentile(t.quantile);
      return static_cast<double>(d.count()) / 1e6;
    }
    case threshold::metric::rps: {
      std::uint64_t ok = 0;
      for (const auto& [op, stats] : r.ops) {
        if (!t.op || op == *t.op) ok += stats.ok;
      }
      if (ok == 0 || r.duration_s <= 0) return std::nullopt;
      return static_cast<double>(ok) / r.duration_s;
    }
    case threshold::metric::errors:
    case threshold::metric::throttled: {
      const answer_counts& a = r.answers;
      if (a.answered() == 0) return std::nullopt;
      const auto share =
          t.what == threshold::metric::errors ? a.error_status + a.no_answer : a.throttled;
      return 100.0 * static_cast<double>(share) / static_cast<double>(a.measured());
    }
  }
  return std::nullopt;
}

std::vector<threshold_check> check_thresholds(const std::vector<threshold>& ts,
                                              const bench_result& r) {
  std::vector<threshold_check> out;
  for (const threshold& t : ts) {
    const std::optional<double> v = measure(t, r);
    const bool held = v && (t.what == threshold::metric::rps ? *v > t.limit : *v < t.limit);
    out.push_back({&t, v, held});
  }
  return out;
}

std::string threshold_value(const threshold& t, std::optional<double> measured) {
  if (!measured) return no_answers_text;
  const double value = *measured;
  char buf[64];
  switch (t.what) {
    case threshold::metric::latency:
      std::snprintf(buf, sizeof buf, value < 10 ? "%.2f ms" : "%.1f ms", value);
      return buf;
    case threshold::metric::rps:
      return html::number(value) + " req/s";
    case threshold::metric::errors:
    case threshold::metric::throttled:
      std::snprintf(buf, sizeof buf, "%.2f%%", value);
      return buf;
  }
  return {};
}

std::string threshold_line(const threshold_check& c) {
  return std::string(c.held ? "held     " : "BREACHED ") + c.t->expr + ": " +
         threshold_value(*c.t, c.value);
}

}  // namespace sdemig::engine
