#include "engine/connections/connection_report.hpp"

#include "engine/planning/connection_output.hpp"
#include "engine/text/terminal_text.hpp"

namespace sdemig::engine {

std::string connection_summary_line(const connection_plan& p, const connection_apply_result& r) {
  std::size_t created = 0, updated = 0, unchanged = 0, reconciled = 0, failed = 0;
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const outcome_status s = r.outcomes[i].status;
    if (s == outcome_status::done) {
      (p.items[i].what == connection_action::create ? created : updated)++;
    } else if (s == outcome_status::unchanged) {
      ++unchanged;
    } else if (s == outcome_status::reconciled) {
      ++reconciled;
    } else if (is_failure(s) && p.items[i].what != connection_action::missing_project &&
               p.items[i].what != connection_action::missing_connector) {
      ++failed;
    }
  }
  return "connections: " + std::to_string(created) + " created, " + std::to_string(updated) +
         " updated, " + std::to_string(unchanged) + " unchanged, " + std::to_string(reconciled) +
         " reconciled, " + std::to_string(failed) + " failed, " +
         std::to_string(p.count(connection_action::missing_project)) + " missing project, " +
         std::to_string(p.count(connection_action::missing_connector)) + " missing connector; " +
         std::to_string(r.writes) + " writes";
}

std::string connection_failure_lines(const connection_plan& p, const connection_apply_result& r) {
  std::string out;
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const item_outcome& o = r.outcomes[i];
    if (!is_failure(o.status)) continue;
    const connection_item& item = p.items[i];
    out += "sdemig: connection " + quoted(item.project_path) + " " + quoted(item.alias) + ": " +
           std::string(to_string(item.what)) + ": " + printable(o.error) + "\n";
  }
  if (!r.halted.empty()) out += "sdemig: " + printable(r.halted) + "\n";
  return out;
}

void write_connection_report(json::writer& w, const connection_plan& p,
                             const connection_apply_result& r) {
  w.key("connections");
  w.begin_array();
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const connection_item& item = p.items[i];
    const item_outcome& o = r.outcomes[i];
    w.begin_object();
    write_connection_names(w, item);
    w.member("outcome", to_string(o.status));
    w.member("source_id", item.source_id);
    w.member("target_id", o.target_id);
    if (o.http_status) w.member("http_status", o.http_status);
    if (!o.error.empty()) w.member("error", o.error);
    w.end_object();
  }
  w.end_array();
}

bool connections_failed(const connection_plan& p, const connection_apply_result& r) {
  if (!r.halted.empty() || p.missing() > 0) return true;
  for (const item_outcome& o : r.outcomes) {
    if (is_failure(o.status)) return true;
  }
  return false;
}

}  // namespace sdemig::engine
