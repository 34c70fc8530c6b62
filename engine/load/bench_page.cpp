#include "engine/load/bench_page.hpp"

#include "engine/load/hgrm.hpp"
#include "engine/load/svg_chart.hpp"
#include "engine/text/html.hpp"

namespace sdemig::engine {
namespace {

double ms(std::chrono::nanoseconds d) {
  return static_cast<double>(d.count()) / 1e6;
}

std::string summary_table(const bench_result& r) {
  std::string out =
      "<table><thead><tr><th>operation</th><th>requests</th><th>2xx</th><th>req/s</th>"
      "<th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr></thead>"
      "<tbody>\n";
  for (const auto& [op, st] : r.ops) {
    const net::latency_histogram& h = st.latency;
    out += "<tr data-op=\"" + std::string(to_string(op)) + "\"><td>" + std::string(to_string(op)) +
           "</td><td>" + html::number(double(st.requests)) + "</td><td>" +
           html::number(double(st.ok)) + "</td><td>" +
           html::number(r.duration_s > 0 ? double(st.ok) / r.duration_s : 0) + "</td>";
    // Latency of the 2xx answers: none, no number.
    for (double q : {0.5, 0.9, 0.99, 0.999, 1.0}) {
      out += "<td>" +
             (st.ok == 0 ? std::string("&ndash;")
                         : html::number(ms(q >= 1 ? h.max() : h.percentile(q)), 2)) +
             "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
  return out;
}

svg::line_chart percentiles(const bench_result& r) {
  svg::line_chart c{.id = "percentiles",
                    .title = "Latency by percentile",
                    .x_label = "percentile (1/(1-p), log scale)",
                    .y_label = "latency ms",
                    .x_percentile = true};
  for (const auto& [op, st] : r.ops) {
    svg::series s{std::string(to_string(op)), {}};
    // n requests tell percentiles up to 1 - 1/n: the axis ends there, with
    // the maximum (the 100% row would sit at infinity on this axis).
    const auto n = static_cast<double>(st.latency.count());
    const double last = n > 1 ? 1 - 1 / n : 0;
    for (const percentile_row& row : percentile_rows(st.latency)) {
      if (row.percentile >= last) break;
      s.points.emplace_back(row.percentile, row.value_ms);
    }
    if (n > 0) s.points.emplace_back(last, ms(st.latency.max()));
    c.lines.push_back(std::move(s));
  }
  return c;
}

template <class Value>
svg::line_chart over_time(const bench_result& r, std::string id, std::string title,
                          std::string y_label, Value value) {
  svg::line_chart c{.id = std::move(id),
                    .title = std::move(title),
                    .x_label = "seconds into the measured window",
                    .y_label = std::move(y_label)};
  for (const auto& [op, st] : r.ops) {
    svg::series s{std::string(to_string(op)), {}};
    for (const second_point& p : r.series) {
      const second_of_op& o = p.ops[static_cast<std::size_t>(op)];
      // Seconds are drawn at their middle: the first second's point is at 0.5.
      s.points.emplace_back(static_cast<double>(p.second) + 0.5, value(o));
    }
    c.lines.push_back(std::move(s));
  }
  return c;
}

// Requests per second per operation, and the 429s of each second apart.
svg::line_chart rate_over_time(const bench_result& r) {
  svg::line_chart c = over_time(r, "rate", "2xx answers per second", "req/s",
                                [](const second_of_op& o) { return double(o.ok); });
  svg::series throttled{"429 throttled", {}};
  for (const second_point& p : r.series)
    throttled.points.emplace_back(static_cast<double>(p.second) + 0.5, double(p.throttled));
  c.lines.push_back(std::move(throttled));
  return c;
}

svg::bar_chart status_mix(const bench_result& r) {
  svg::bar_chart c{.id = "status", .title = "Answers by status", .y_label = "requests"};
  std::uint64_t throttled = 0;
  for (const auto& [code, n] : r.status) {
    if (code == 429) {
      throttled = n;
      continue;
    }
    c.bars.push_back({std::to_string(code), double(n),
                      code < 400   ? "#1a7f37"
                      : code < 500 ? "#9a6700"
                                   : "#cf222e"});
  }
  // 429s apart: the server saying "slower", not failing.
  c.bars.push_back({"429 throttled", double(throttled), "#8250df"});
  std::uint64_t errors = 0;
  for (const auto& [kind, n] : r.errors) errors += n;
  c.bars.push_back({"transport errors", double(errors), "#57606a"});
  return c;
}

}  // namespace

std::string bench_html(const bench_result& r, const std::string& url, const bench_settings& s,
                       const std::string& generated_at) {
  std::string body = "<h1>sdemig bench</h1>\n<p class=\"meta\"><b>" + html::text(url) + "</b> (" +
                     html::text(to_string(s.api)) + " API) &middot; " +
                     html::number(double(s.connections)) + " connections, " +
                     (r.open_loop ? "open loop at " + html::number(r.target_rate) + " req/s"
                                  : std::string("closed loop")) +
                     ", " + html::number(r.duration_s, 2) + " s measured";
  if (!generated_at.empty()) body += " &middot; " + html::text(generated_at);
  body += "</p>\n";
  std::uint64_t throttled = r.status.contains(429) ? r.status.at(429) : 0;
  body += "<div class=\"cards\"><div class=\"card\"><b>" + html::number(ok_per_second(r)) +
          "</b>requests/s (2xx)</div><div class=\"card\"><b>" + html::number(double(r.requests)) +
          "</b>requests</div><div class=\"card\"><b>" + html::number(double(throttled)) +
          "</b>429 throttled</div><div class=\"card\"><b>" +
          html::number(double(r.connections_opened)) + "</b>connections opened</div></div>\n";
  body += summary_table(r);
  body += "<h2>Latency</h2>\n<div class=\"charts\">" + svg::draw(percentiles(r)) +
          svg::draw(over_time(r, "p99", "p99 latency per second", "ms",
                              [](const second_of_op& o) { return o.p99_ms; })) +
          "</div>\n";
  body += "<h2>Throughput and answers</h2>\n<div class=\"charts\">" + svg::draw(rate_over_time(r)) +
          svg::draw(status_mix(r)) + "</div>\n";
  return html::page("sdemig bench: " + url, body);
}

std::string capacity_html(const capacity_report& r, const capacity_settings& s,
                          const std::string& url, const std::string& generated_at) {
  std::string body = "<h1>sdemig bench --capacity</h1>\n<p class=\"meta\"><b>" + html::text(url) +
                     "</b> &middot; closed-loop steps of " +
                     html::number(std::chrono::duration<double>(s.step).count(), 1) + " s, up to " +
                     html::number(double(s.max_connections)) + " connections";
  if (!generated_at.empty()) body += " &middot; " + html::text(generated_at);
  body += "</p>\n<div class=\"cards\">";
  if (r.succeeded) {
    body += "<div class=\"card\"><b>" + html::number(r.peak.rps) +
            "</b>peak req/s</div><div class=\"card\"><b>" +
            html::number(double(r.knee.connections)) +
            "</b>knee: connections to use</div><div class=\"card\"><b>" + html::number(r.knee.rps) +
            "</b>req/s at the knee</div>";
  } else {
    body += "<div class=\"card\"><b>0</b>steps succeeded</div>";
  }
  if (r.slo) {
    body += "<div class=\"card\"><b>" + html::number(double(r.slo->connections)) + "</b>" +
            html::text("SLO " + s.slo->expr + " holds up to") + "</div>";
  }
  body += "</div>\n<p class=\"meta\">" + html::text(capacity_summary(r, s)) + "</p>\n";
  body += "<p class=\"meta\" data-stopped>stopped: " + html::text(sweep_end_text(r, s)) + "</p>\n";
  svg::line_chart throughput{.id = "capacity",
                             .title = "Throughput by connections",
                             .x_label = "connections",
                             .y_label = "req/s"};
  svg::series measured{"measured", {}}, p50{"p50", {}}, p99{"p99", {}};
  double top = 0;
  for (const capacity_step& st : r.steps) {
    if (!st.good()) continue;
    measured.points.emplace_back(double(st.connections), st.rps);
    p50.points.emplace_back(double(st.connections), st.p50_ms);
    p99.points.emplace_back(double(st.connections), st.p99_ms);
    top = std::max(top, double(st.connections));
  }
  throughput.lines.push_back(measured);
  if (r.usl) {
    svg::series curve{"USL fit", {}};
    for (int i = 0; i <= 100; ++i) {
      const double n = 1 + (top - 1) * i / 100.0;
      curve.points.emplace_back(n, r.usl->at(n));
    }
    throughput.lines.push_back(curve);
  }
  // The peak and the knee as upright marks (none without a good step).
  if (r.succeeded) {
    throughput.lines.push_back(
        {"peak", {{double(r.peak.connections), 0}, {double(r.peak.connections), r.peak.rps}}});
    throughput.lines.push_back(
        {"knee", {{double(r.knee.connections), 0}, {double(r.knee.connections), r.knee.rps}}});
  }
  svg::line_chart latency{.id = "capacity-latency",
                          .title = "Latency by connections",
                          .x_label = "connections",
                          .y_label = "ms",
                          .lines = {p50, p99}};
  body += "<div class=\"charts\">" + svg::draw(throughput) + svg::draw(latency) + "</div>\n";
  body +=
      "<table><thead><tr><th>connections</th><th>req/s</th><th>p50 ms</th><th>p90 ms</th>"
      "<th>p99 ms</th><th>errors</th><th>429s</th></tr></thead><tbody>\n";
  for (const capacity_step& st : r.steps) {
    const auto cell = [&](double v) {
      return st.ok == 0 ? std::string("&ndash;") : html::number(v, 2);
    };
    body += "<tr><td>" + html::number(double(st.connections)) + "</td><td>" + html::number(st.rps) +
            "</td><td>" + cell(st.p50_ms) + "</td><td>" + cell(st.p90_ms) + "</td><td>" +
            cell(st.p99_ms) + "</td><td>" + html::number(double(st.errors)) + "</td><td>" +
            html::number(double(st.throttled)) + "</td></tr>\n";
  }
  body += "</tbody></table>\n";
  return html::page("sdemig bench --capacity: " + url, body);
}

}  // namespace sdemig::engine
