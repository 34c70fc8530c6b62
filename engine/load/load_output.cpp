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

}  // namespace

std::string bench_text(const bench_result& r, const std::string& url, const bench_settings& s) {
  std::string out = "sdemig bench " + url + ": " + std::to_string(s.connections) +
                    " connections, " +
                    (r.open_loop ? "open loop at " + fmt("%.0f", r.target_rate) + " req/s"
                                 : std::string("closed loop")) +
                    ", " + fmt("%.2f", r.duration_s) + " s measured\n";
  out += "op          requests      req/s     p50 ms     p90 ms     p99 ms   p99.9 ms     max ms\n";
  for (const auto& [op, st] : r.ops) {
    char line[256];
    std::snprintf(line, sizeof line, "%-8s %11llu %10.0f %10.3f %10.3f %10.3f %10.3f %10.3f\n",
                  std::string(to_string(op)).c_str(), static_cast<unsigned long long>(st.requests),
                  r.duration_s > 0 ? st.requests / r.duration_s : 0.0,
                  ms(st.latency.percentile(0.5)), ms(st.latency.percentile(0.9)),
                  ms(st.latency.percentile(0.99)), ms(st.latency.percentile(0.999)),
                  ms(st.latency.max()));
    out += line;
  }
  out += "total: " + fmt("%.0f", r.duration_s > 0 ? r.requests / r.duration_s : 0) + " req/s, " +
         fmt("%.2f", r.duration_s > 0 ? r.bytes / r.duration_s / 1e6 : 0) +
         " MB/s of bodies; status";
  std::uint64_t throttled = 0;
  for (const auto& [code, n] : r.status) {
    if (code == 429) {
      throttled = n;
      continue;
    }
    out += " " + std::to_string(code) + ": " + std::to_string(n);
  }
  out += "; 429 (throttled): " + std::to_string(throttled) + "; errors:";
  if (r.errors.empty()) out += " none";
  for (const auto& [kind, n] : r.errors) out += " " + kind + ": " + std::to_string(n);
  out += "; connections opened: " + std::to_string(r.connections_opened) + "\n";
  if (r.requests > 0 && r.duration_s > 0) {
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
  w.member("requests_per_second", r.duration_s > 0 ? r.requests / r.duration_s : 0.0);
  w.member("bytes_per_second", r.duration_s > 0 ? r.bytes / r.duration_s : 0.0);
  w.member("duration_s", r.duration_s);
  w.member("requests", r.requests);
  w.member("connections_opened", r.connections_opened);
  w.member("client_cpu_user_s", r.cpu_user_s);
  w.member("client_cpu_system_s", r.cpu_system_s);
  w.member("open_loop", r.open_loop);
  w.key("status");
  w.begin_object();
  for (const auto& [code, n] : r.status) w.member(std::to_string(code), n);
  w.end_object();
  w.member("throttled", r.status.contains(429) ? r.status.at(429) : 0);
  w.key("errors");
  w.begin_object();
  for (const auto& [kind, n] : r.errors) w.member(kind, n);
  w.end_object();
  w.key("operations");
  w.begin_object();
  for (const auto& [op, st] : r.ops) {
    w.key(to_string(op));
    w.begin_object();
    w.member("count", st.requests);
    w.member("p50_ms", ms(st.latency.percentile(0.5)));
    w.member("p90_ms", ms(st.latency.percentile(0.9)));
    w.member("p99_ms", ms(st.latency.percentile(0.99)));
    w.member("p999_ms", ms(st.latency.percentile(0.999)));
    w.member("max_ms", ms(st.latency.max()));
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
