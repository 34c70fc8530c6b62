#include "engine/report.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "engine/text/terminal_text.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {

std::string count_of(std::size_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

outcome_totals count_outcomes(const plan& p, const apply_result& r) {
  outcome_totals t;
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    switch (r.outcomes[i].status) {
      case outcome_status::done: ++(p.items[i].what == action::create ? t.created : t.updated); break;
      case outcome_status::reconciled: ++t.reconciled; break;
      case outcome_status::unchanged: ++t.unchanged; break;
      case outcome_status::skipped: ++t.skipped; break;
      case outcome_status::conflict: ++t.conflicts; break;
      case outcome_status::needs_secret: ++t.needs_secret; break;
      case outcome_status::refused: ++t.refused; break;
      case outcome_status::invalid: ++t.invalid; break;
      case outcome_status::failed: ++t.failed; break;
      case outcome_status::not_started: ++t.not_started; break;
    }
  }
  return t;
}

std::string summary_line(const run_info& info, const outcome_totals& t, std::size_t writes) {
  char rate[64] = "";
  if (info.write_s > 0 && writes > 0) std::snprintf(rate, sizeof rate, ", %.0f writes/s", writes / info.write_s);
  char took[32];
  std::snprintf(took, sizeof took, "%.2f s", info.write_s);
  char phases[96];
  std::snprintf(phases, sizeof phases, "; read %.2f s, plan %.2f s, total %.2f s", info.read_s, info.plan_s,
                info.duration_s);
  std::string line = info.command + ": " + std::to_string(t.created) + " created, " + std::to_string(t.updated) +
                     " updated, " + std::to_string(t.reconciled) + " reconciled, " + std::to_string(t.unchanged) +
                     " unchanged, " + std::to_string(t.skipped) + " skipped; " + count_of(writes, "write", "writes") +
                     " in " + took + rate + phases;
  if (t.failures()) {
    line += "; " + std::to_string(t.failures()) + " not done (" + std::to_string(t.conflicts) + " conflict, " +
            std::to_string(t.needs_secret) + " need secrets, " + std::to_string(t.refused) + " refused, " +
            std::to_string(t.invalid) + " invalid, " + std::to_string(t.failed) + " failed, " +
            std::to_string(t.not_started) + " not started)";
  }
  return line;
}

std::string failure_lines(const plan& p, const apply_result& r) {
  std::string out;
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const item_outcome& o = r.outcomes[i];
    if (!is_failure(o.status)) continue;
    std::string line = std::string(to_string(o.status)) + " " + std::string(to_string(p.items[i].kind)) + " " +
                       quoted(p.items[i].desired.name);
    if (o.status == outcome_status::refused) line += ": the target refused the write";
    if (!o.error.empty()) line += ": " + printable(o.error);
    out += line + "\n";
  }
  return out;
}

std::string report_json(const run_info& info, const plan& p, const apply_result& r) {
  const outcome_totals t = count_outcomes(p, r);
  std::string out = "{\"format\":\"sdemig-report/1\",\"command\":";
  json::append_string(out, info.command);
  out += ",\"source\":";
  json::append_string(out, info.source);
  out += ",\"target\":";
  json::append_string(out, info.target);
  out += ",\"source_api\":\"" + info.source_api + "\",\"target_api\":\"" + info.target_api + "\"";
  out += ",\"started_at\":\"" + info.started_at + "\",\"duration_s\":" + std::to_string(info.duration_s) +
         ",\"read_s\":" + std::to_string(info.read_s) + ",\"plan_s\":" + std::to_string(info.plan_s) +
         ",\"write_s\":" + std::to_string(info.write_s);
  out += std::string(",\"interrupted\":") + (r.interrupted ? "true" : "false");
  out += ",\"writes\":" + std::to_string(r.writes);
  if (!r.halted.empty()) {
    out += ",\"halted\":";
    json::append_string(out, r.halted);
  }
  out += ",\"totals\":{\"created\":" + std::to_string(t.created) + ",\"updated\":" + std::to_string(t.updated) +
         ",\"reconciled\":" + std::to_string(t.reconciled) + ",\"unchanged\":" + std::to_string(t.unchanged) +
         ",\"skipped\":" + std::to_string(t.skipped) + ",\"conflict\":" + std::to_string(t.conflicts) +
         ",\"needs_secret\":" + std::to_string(t.needs_secret) + ",\"refused\":" + std::to_string(t.refused) +
         ",\"invalid\":" + std::to_string(t.invalid) +
         ",\"failed\":" + std::to_string(t.failed) + ",\"not_started\":" + std::to_string(t.not_started) + "}";
  out += ",\"connectors\":[";
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const plan_item& item = p.items[i];
    const item_outcome& o = r.outcomes[i];
    if (i) out += ',';
    out += "{\"kind\":\"" + std::string(to_string(item.kind)) + "\",\"name\":";
    json::append_string(out, item.desired.name);
    out += ",\"action\":\"" + std::string(to_string(item.what)) + "\",\"outcome\":\"" + std::string(to_string(o.status)) + "\"";
    out += ",\"source_id\":" + (item.source_id ? std::to_string(*item.source_id) : "null");
    out += ",\"target_id\":" + (o.target_id ? std::to_string(*o.target_id) : "null");
    if (o.http_status) out += ",\"http_status\":" + std::to_string(o.http_status);
    if (!o.stored_name.empty()) {
      out += ",\"stored_name\":";
      json::append_string(out, o.stored_name);
    }
    if (!o.error.empty()) {
      out += ",\"error\":";
      json::append_string(out, o.error);
    }
    out += '}';
  }
  out += "]}\n";
  return out;
}

}  // namespace sdemig::engine
