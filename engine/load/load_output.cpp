#include <cstdio>

#include "engine/load/load.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {
namespace {

double ms(std::chrono::nanoseconds d) {
  return static_cast<double>(d.count()) / 1e6;
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// A latency over the 2xx answers, or "-" when there was none.
std::string latency_cell(const op_stats& st, double q) {
  if (st.ok == 0) return "-";
  return fmt("%.3f", ms(q >= 1 ? st.latency.max() : st.latency.percentile(q)));
}

}  // namespace

std::string errors_text(const bench_result& r) {
  std::string out;
  for (const auto& [code, n] : r.status) {
    if (classify_status(code) != answer_kind::error_status) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(code) + ": " + std::to_string(n);
  }
  for (const auto& [kind, n] : r.errors)
    out += (out.empty() ? "" : ", ") + kind + ": " + std::to_string(n);
  return out.empty() ? "none" : out;
}

std::string bench_text(const bench_result& r, const std::string& url, const bench_settings& s) {
  std::string out = "sdemig bench " + url + ": " + std::to_string(s.connections) +
                    " connections, " +
                    (r.open_loop ? "open loop at " + fmt("%.0f", r.target_rate) + " req/s"
                                 : std::string("closed loop")) +
                    ", " + fmt("%.2f", r.duration_s) + " s measured\n";
  out +=
      "op          requests        2xx      req/s     p50 ms     p90 ms     p99 ms   p99.9 ms     "
      "max ms\n";
  for (const auto& [op, st] : r.ops) {
    char line[256];
    std::snprintf(line, sizeof line, "%-8s %11llu %10llu %10.0f %10s %10s %10s %10s %10s\n",
                  std::string(to_string(op)).c_str(), static_cast<unsigned long long>(st.requests),
                  static_cast<unsigned long long>(st.ok),
                  r.duration_s > 0 ? static_cast<double>(st.ok) / r.duration_s : 0.0,
                  latency_cell(st, 0.5).c_str(), latency_cell(st, 0.9).c_str(),
                  latency_cell(st, 0.99).c_str(), latency_cell(st, 0.999).c_str(),
                  latency_cell(st, 1).c_str());
    out += line;
  }
  out += "total: " + fmt("%.0f", ok_per_second(r)) + " req/s (2xx), " +
         fmt("%.2f", r.duration_s > 0 ? r.bytes / r.duration_s / 1e6 : 0) +
         " MB/s of bodies; status";
  std::uint64_t throttled = 0;
  if (r.status.empty()) out += " none";
  for (const auto& [code, n] : r.status) {
    if (code == 429) {
      throttled = n;
      continue;
    }
    out += " " + std::to_string(code) + ": " + std::to_string(n);
  }
  out += "; 429 (throttled): " + std::to_string(throttled) + "; errors: " + errors_text(r);
  out += "; connections opened: " + std::to_string(r.connections_opened) + "\n";
  if (r.requests > 0 && r.duration_s > 0) {  // per request sent, whatever its answer
    const double per_request_us = 1e6 / static_cast<double>(r.requests);
    const double busy = (r.cpu_user_s + r.cpu_system_s) / r.duration_s;
    out += "client CPU: " + fmt("%.1f", r.cpu_user_s * per_request_us) + " us user + " +
           fmt("%.1f", r.cpu_system_s * per_request_us) + " us system per request, " +
           fmt("%.0f", busy * 100) + "% of one core";
    if (busy > 0.9) out += " (near its limit: the server may be able to take more than this shows)";
    out += "\n";
  }
  return out;
}

std::string bench_json(const bench_result& r, const std::string& url,
                       const std::function<void(json::writer&)>& more) {
  json::writer w;
  w.begin_object();
  w.member("format", "sdemig-bench/1");
  w.member("url", url);
  w.member("requests_per_second", ok_per_second(r));
  w.member("bytes_per_second", r.duration_s > 0 ? r.bytes / r.duration_s : 0.0);
  w.member("duration_s", r.duration_s);
  w.member("requests", r.requests);
  w.member("ok", r.answers.ok);
  w.member("connections_opened", r.connections_opened);
  w.member("client_cpu_user_s", r.cpu_user_s);
  w.member("client_cpu_system_s", r.cpu_system_s);
  w.member("open_loop", r.open_loop);
  w.key("status");
  w.begin_object();
  for (const auto& [code, n] : r.status) w.member(std::to_string(code), n);
  w.end_object();
  w.member("throttled", r.status.contains(429) ? r.status.at(429) : 0);
  w.key("errors");  // error answers by status, failures by kind
  w.begin_object();
  for (const auto& [code, n] : r.status) {
    if (classify_status(code) == answer_kind::error_status) w.member(std::to_string(code), n);
  }
  for (const auto& [kind, n] : r.errors) w.member(kind, n);
  w.end_object();
  w.key("operations");
  w.begin_object();
  for (const auto& [op, st] : r.ops) {
    w.key(to_string(op));
    w.begin_object();
    w.member("count", st.requests);
    w.member("ok", st.ok);
    // Of the 2xx answers; null when there was none (no number over no answers).
    for (const auto& [name, q] : {std::pair{"p50_ms", 0.5},
                                  {"p90_ms", 0.9},
                                  {"p99_ms", 0.99},
                                  {"p999_ms", 0.999},
                                  {"max_ms", 1.0}}) {
      w.key(name);
      if (st.ok == 0) {
        w.null();
      } else {
        w.value(ms(q >= 1 ? st.latency.max() : st.latency.percentile(q)));
      }
    }
    w.end_object();
  }
  w.end_object();
  // The over-time chart's numbers: a point per second of the measured window.
  w.key("series");
  w.begin_array();
  for (const second_point& s : r.series) {
    w.begin_object();
    w.member("second", s.second);
    w.member("ok", s.ok);
    w.member("throttled", s.throttled);
    w.member("failed", s.failed);
    w.key("operations");
    w.begin_object();
    for (const auto& [op, st] : r.ops) {
      const second_of_op& o = s.ops[static_cast<std::size_t>(op)];
      w.key(to_string(op));
      w.begin_object();
      w.member("requests", o.requests);
      w.member("ok", o.ok);
      w.member("p50_ms", o.p50_ms);
      w.member("p99_ms", o.p99_ms);
      w.member("max_ms", o.max_ms);
      w.end_object();
    }
    w.end_object();
    w.end_object();
  }
  w.end_array();
  if (more) more(w);
  w.end_object();
  w.text() += '\n';
  return w.take();
}

}  // namespace sdemig::engine
