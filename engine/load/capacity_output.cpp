#include <cstdio>

#include "engine/load/capacity.hpp"
#include "engine/text/html.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {
namespace {

std::string connections_text(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " connection" : " connections");
}

// "429: 40, errors: 3 of 300 requests" for the step a sweep ended at.
std::string answers_of(const capacity_report& r, std::size_t connections) {
  for (const capacity_step& st : r.steps) {
    if (st.connections != connections) continue;
    return "2xx: " + std::to_string(st.ok) + ", 429: " + std::to_string(st.throttled) +
           ", errors: " + std::to_string(st.errors) + " of " + std::to_string(st.requests) +
           " requests";
  }
  return "no step";
}

// A latency cell: "-" when the step had no 2xx answer.
std::string cell(const capacity_step& st, double v) {
  if (st.ok == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

std::string sweep_end_text(const capacity_report& r, const capacity_settings& s) {
  const sweep_end& e = r.stopped;
  switch (e.why) {
    case sweep_end::reason::growth_stopped:
      return "throughput stopped growing (two steps without 5% more)";
    case sweep_end::reason::max_connections:
      return "reached --max-connections " + std::to_string(s.max_connections);
    case sweep_end::reason::not_a_result: {
      for (const capacity_step& st : r.steps) {
        if (st.connections != e.connections || st.verdict != run_verdict::no_answers) continue;
        return "no 2xx answer at " + connections_text(e.connections) + " (" +
               answers_of(r, e.connections) + ")";
      }
      return "errors and 429s passed " + html::number(s.max_errors_pct) + "% at " +
             connections_text(e.connections) + " (" + answers_of(r, e.connections) + ")";
    }
    case sweep_end::reason::step_failed:
      return "the step at " + connections_text(e.connections) +
             " failed: " + (e.failure ? failure_text(*e.failure) : std::string("?"));
    case sweep_end::reason::interrupted:
      return "interrupted";
  }
  return "?";
}

std::string capacity_summary(const capacity_report& r, const capacity_settings& s) {
  if (!r.succeeded) return "no step succeeded: " + sweep_end_text(r, s);
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
    std::snprintf(line, sizeof line, "%11zu %10.0f %10s %10s %10s %10llu %10llu%s%s\n",
                  st.connections, st.rps, cell(st, st.p50_ms).c_str(), cell(st, st.p90_ms).c_str(),
                  cell(st, st.p99_ms).c_str(), static_cast<unsigned long long>(st.errors),
                  static_cast<unsigned long long>(st.throttled), st.refining ? "  (refining)" : "",
                  st.verdict == run_verdict::over_max_errors ? "  (over --max-errors)"
                  : st.verdict == run_verdict::no_answers    ? "  (no 2xx)"
                                                             : "");
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
  out += "stopped: " + sweep_end_text(r, s) + "\n";
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
  w.member("stopped", sweep_end_text(r, s));
  w.member("succeeded", r.succeeded);
  w.key("steps");
  w.begin_array();
  for (const capacity_step& st : r.steps) {
    w.begin_object();
    w.member("connections", st.connections);
    w.member("rps", st.rps);
    for (const auto& [name, v] :
         {std::pair{"p50_ms", st.p50_ms}, {"p90_ms", st.p90_ms}, {"p99_ms", st.p99_ms}}) {
      w.key(name);
      if (st.ok == 0) {
        w.null();
      } else {
        w.value(v);
      }
    }
    w.member("requests", st.requests);
    w.member("ok", st.ok);
    w.member("errors", st.errors);
    w.member("throttled", st.throttled);
    w.member("refining", st.refining);
    w.member("result", st.good()                                    ? "measured"
                       : st.verdict == run_verdict::over_max_errors ? "over-max-errors"
                                                                    : "no-answers");
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
  if (!r.succeeded) {  // no good step: no peak and no knee, never one at 0 connections
    w.member("summary", capacity_summary(r, s));
    w.key("peak");
    w.null();
    w.key("knee");
    w.null();
  } else {
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
  }
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
