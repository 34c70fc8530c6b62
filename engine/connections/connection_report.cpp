#include "engine/connections/connection_report.hpp"

#include "engine/planning/connection_output.hpp"
#include "engine/text/terminal_text.hpp"

namespace sdemig::engine {

std::string connection_summary_line(const connection_plan& p, const apply_result& r) {
  const outcome_totals t = count_outcomes(p.items, r);
  return "connections: " + outcome_words(t) + "; " + count_of(r.writes, "write", "writes") +
         failure_words(t);
}

std::string connection_failure_lines(const connection_plan& p, const apply_result& r) {
  std::string out;
  for (std::size_t i = 0; i < p.items.size() && i < r.outcomes.size(); ++i) {
    const item_outcome& o = r.outcomes[i];
    if (!is_failure(o.status)) continue;
    const connection_item& item = p.items[i];
    out += "sdemig: connection " + quoted(project_path(item.project)) + " " + quoted(item.alias) +
           ": " +
           std::string(o.status == outcome_status::missing ? to_string(item.what)
                                                           : to_string(o.status)) +
           (o.error.empty() ? "" : ": " + printable(o.error)) + "\n";
  }
  return out;  // a halt is said once for the run, by the command
}

void write_connection_report(json::writer& w, const connection_plan& p, const apply_result& r) {
  w.key("connection_totals");
  write_totals(w, count_outcomes(p.items, r));
  w.member("connection_writes", r.writes);
  w.key("connections");
  w.begin_array();
  for (std::size_t i = 0; i < p.items.size() && i < r.outcomes.size(); ++i) {
    const connection_item& item = p.items[i];
    const item_outcome& o = r.outcomes[i];
    w.begin_object();
    write_connection_names(w, item);
    w.member("outcome", to_string(o.status));
    w.member("source_id", item.source_id);
    w.member("target_id", o.target_id);
    if (o.http_status) w.member("http_status", o.http_status);
    if (!o.stored_name.empty()) w.member("stored_alias", o.stored_name);
    if (!o.error.empty()) w.member("error", o.error);
    w.end_object();
  }
  w.end_array();
}

bool connections_failed(const connection_plan& p, const apply_result& r) {
  if (!r.halted.empty() || p.totals.missing() > 0) return true;
  for (const item_outcome& o : r.outcomes) {
    if (is_failure(o.status)) return true;
  }
  return false;
}

}  // namespace sdemig::engine
