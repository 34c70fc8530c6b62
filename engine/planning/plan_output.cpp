#include "engine/planning/plan_output.hpp"

#include <algorithm>

#include "engine/planning/connection_output.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {

std::string shown_value(const std::optional<scalar>& value, bool secret) {
  if (!value) return "";
  if (secret && value->type != json_type::null) return "(secret)";
  if (value->type == json_type::string) return quoted(value->text);
  std::string out;
  json::append_scalar(out, *value);
  return out;
}

std::string action_column(action a, std::size_t width) {
  std::string out(to_string(a));
  out.resize(std::max(width, out.size()) + 1, ' ');  // never cut, always a space after
  return out;
}

std::string totals_line(const plan_totals& t) {
  std::string out = "plan: " + totals_words(t);
  if (t.count(action::invalid)) out += ", " + std::to_string(t.count(action::invalid)) + " invalid";
  if (t.needs_secrets) out += ", " + std::to_string(t.needs_secrets) + " needing secrets";
  return out;
}

std::string item_detail_lines(const item_base& item, std::string_view name) {
  std::string out;
  if (const std::string note = note_text(item, name); !note.empty())
    out += "    " + printable(note) + "\n";
  for (const std::string& problem : item.problems)
    out += "    problem: " + printable(problem) + "\n";
  for (const std::string& secret : item.missing_secrets)
    out += "    needs secret " + printable(secret) + " (give it with --secrets)\n";
  return out;
}

std::string change_lines(const std::vector<field_change>& changes) {
  std::string out;
  for (const field_change& c : changes) {
    const std::string field = printable(c.field);
    switch (c.change) {
      case field_change::kind::added:
        out += "    + " + field + ": " + shown_value(c.to, c.secret) + "\n";
        break;
      case field_change::kind::removed:
        out += "    - " + field + ": " + shown_value(c.from, c.secret) + "\n";
        break;
      case field_change::kind::changed:
        out += "    ~ " + field + ": " + shown_value(c.from, c.secret) + " -> " +
               shown_value(c.to, c.secret) + "\n";
        break;
    }
  }
  return out;
}

std::string plan_text(const plan& p, bool show_noop) {
  std::string out;
  for (const plan_item& item : p.items) {
    if (item.what == action::noop && !show_noop) continue;
    out += action_column(item.what, std::string_view("conflict").size()) +
           std::string(to_string(item.kind)) + (item.kind == connector_kind::alm ? "      " : " ");
    out += quoted(item.desired.name);
    if (item.target_id) out += "  (target id " + std::to_string(*item.target_id) + ")";
    out += '\n';
    out += item_detail_lines(item, item.desired.name);
    if (item.what == action::invalid) continue;
    if (item.what == action::create) {
      const std::size_t params = item.desired.params ? item.desired.params->size() : 0;
      out += "    system " + printable(item.desired.system.id) + ", " + std::to_string(params) +
             " param" + (params == 1 ? "" : "s") + "\n";
      continue;
    }
    if (item.what == action::noop) continue;
    out += change_lines(item.changes);
    for (const std::string& key : item.kept)
      out += "    = params." + printable(key) + ": " + std::string(kept_words) + "\n";
    for (const std::string& key : item.target_values)
      out += "    = params." + printable(key) + ": " + std::string(target_value_words) + "\n";
    for (const std::string& key : item.unsent_secrets)
      out += "    = params." + printable(key) + ": " + std::string(left_out_words) + "\n";
    if (item.force_put) out += "    sent with PUT: a param is removed, which PATCH cannot do\n";
  }
  out += totals_line(p.totals) + "\n";
  return out;
}

void write_changes(json::writer& w, const std::vector<field_change>& changes) {
  w.key("changes");
  w.begin_array();
  for (const field_change& c : changes) {
    w.begin_object();
    w.member("field", c.field);
    w.member("change", c.change == field_change::kind::added     ? "added"
                       : c.change == field_change::kind::removed ? "removed"
                                                                 : "changed");
    for (auto [key, value] : {std::pair{"from", &c.from}, std::pair{"to", &c.to}}) {
      if (!*value) continue;
      w.key(key);
      if (c.secret && (*value)->type != json_type::null) {
        w.value("(secret)");
      } else {
        w.scalar_value(**value);
      }
    }
    w.end_object();
  }
  w.end_array();
}

std::string plan_json(const plan& p, const connection_plan* connections,
                      const std::function<void(json::writer&)>& more) {
  json::writer w;
  w.begin_object();
  w.member("format", "sdemig-plan/1");  // docs/schemas/plan.schema.json
  w.member("source_api", to_string(p.source_api));
  w.member("target_api", to_string(p.target_api));
  w.key("actions");
  w.begin_array();
  for (const plan_item& item : p.items) {
    w.begin_object();
    w.member("kind", to_string(item.kind));
    w.member("name", item.desired.name);
    w.member("source_name", item.source_name);
    w.member("action", to_string(item.what));
    w.member("source_id", item.source_id);
    w.member("target_id", item.target_id);
    if (const std::string note = note_text(item, item.desired.name); !note.empty())
      w.member("note", note);
    if (item.force_put) w.member("method", "PUT");
    w.member("needs_secrets", item.missing_secrets);
    if (!item.problems.empty()) w.member("problems", item.problems);
    if (!item.kept.empty()) w.member("kept", item.kept);
    if (!item.target_values.empty()) w.member("target_values", item.target_values);
    if (!item.unsent_secrets.empty()) w.member("unsent_secrets", item.unsent_secrets);
    const bool whole = item.what == action::create || item.what == action::invalid;
    write_changes(w, whole ? diff(item.desired, nullptr) : item.changes);
    w.end_object();
  }
  w.end_array();
  const plan_totals& t = p.totals;
  w.key("totals");
  w.begin_object();
  for (action a : connector_actions) w.member(to_string(a), t.count(a));
  w.member("needs_secrets", t.needs_secrets);
  w.end_object();
  if (connections) write_connection_plan_json(w, *connections);
  if (more) more(w);
  w.end_object();
  w.text() += '\n';
  return w.take();
}

}  // namespace sdemig::engine
