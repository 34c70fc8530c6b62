#include "engine/plan_output.hpp"

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

std::string totals_line(const plan_totals& t) {
  std::string out = "plan: " + std::to_string(t.count(action::create)) + " to create, " +
                    std::to_string(t.count(action::update)) + " to update, " +
                    std::to_string(t.count(action::noop)) + " unchanged, " +
                    std::to_string(t.count(action::skip)) + " skipped, " +
                    std::to_string(t.count(action::conflict)) + " in conflict";
  if (t.count(action::invalid)) out += ", " + std::to_string(t.count(action::invalid)) + " invalid";
  if (t.needs_secrets) out += ", " + std::to_string(t.needs_secrets) + " needing secrets";
  return out;
}

std::string plan_text(const plan& p, bool show_noop) {
  std::string out;
  for (const plan_item& item : p.items) {
    if (item.what == action::noop && !show_noop) continue;
    std::string line = std::string(to_string(item.what));
    line.resize(9, ' ');
    out += line + std::string(to_string(item.kind)) + (item.kind == connector_kind::alm ? "      " : " ");
    out += quoted(item.desired.name);
    if (item.target_id) out += "  (target id " + std::to_string(*item.target_id) + ")";
    out += '\n';
    if (!item.note.empty()) out += "    " + printable(item.note) + "\n";
    for (const std::string& problem : item.problems) out += "    problem: " + printable(problem) + "\n";
    for (const std::string& secret : item.missing_secrets) {
      out += "    needs secret " + printable(secret) + " (give it with --secrets)\n";
    }
    if (item.what == action::invalid) continue;
    if (item.what == action::create) {
      const std::size_t params = item.desired.params ? item.desired.params->size() : 0;
      out += "    system " + printable(item.desired.system.id) + ", " + std::to_string(params) + " param" +
             (params == 1 ? "" : "s") + "\n";
      continue;
    }
    if (item.what == action::noop) continue;
    for (const field_change& c : item.changes) {
      const std::string field = printable(c.field);
      switch (c.change) {
        case field_change::kind::added:
          out += "    + " + field + ": " + shown_value(c.to, c.secret) + "\n";
          break;
        case field_change::kind::removed:
          out += "    - " + field + ": " + shown_value(c.from, c.secret) + "\n";
          break;
        case field_change::kind::changed:
          out += "    ~ " + field + ": " + shown_value(c.from, c.secret) + " -> " + shown_value(c.to, c.secret) + "\n";
          break;
      }
    }
    for (const std::string& key : item.kept) out += "    = params." + printable(key) + ": kept (only on the target; PATCH leaves it)\n";
    for (const std::string& key : item.unsent_secrets) {
      out += "    = params." + printable(key) + ": not sent (secret not known; PATCH leaves the target's)\n";
    }
    if (item.force_put) out += "    sent with PUT: a param is removed, which PATCH cannot do\n";
  }
  out += totals_line(p.totals) + "\n";
  return out;
}

namespace {

void append_strings(std::string& out, std::string_view key, const std::vector<std::string>& values) {
  out += ",\"";
  out += key;
  out += "\":[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    json::append_string(out, values[i]);
  }
  out += ']';
}

}  // namespace

std::string plan_json(const plan& p) {
  std::string out = "{\"source_api\":\"" + std::string(to_string(p.source_api)) + "\",\"target_api\":\"" +
                    std::string(to_string(p.target_api)) + "\",\"actions\":[";
  bool first = true;
  for (const plan_item& item : p.items) {
    if (!first) out += ',';
    first = false;
    out += "{\"kind\":\"" + std::string(to_string(item.kind)) + "\",\"name\":";
    json::append_string(out, item.desired.name);
    out += ",\"source_name\":";
    json::append_string(out, item.source_name);
    out += ",\"action\":\"" + std::string(to_string(item.what)) + "\"";
    out += ",\"source_id\":" + (item.source_id ? std::to_string(*item.source_id) : "null");
    out += ",\"target_id\":" + (item.target_id ? std::to_string(*item.target_id) : "null");
    if (!item.note.empty()) {
      out += ",\"note\":";
      json::append_string(out, item.note);
    }
    if (item.force_put) out += ",\"method\":\"PUT\"";
    append_strings(out, "needs_secrets", item.missing_secrets);
    if (!item.problems.empty()) append_strings(out, "problems", item.problems);
    if (!item.kept.empty()) append_strings(out, "kept", item.kept);
    if (!item.unsent_secrets.empty()) append_strings(out, "unsent_secrets", item.unsent_secrets);
    out += ",\"changes\":[";
    const bool whole = item.what == action::create || item.what == action::invalid;
    const std::vector<field_change> changes = whole ? diff(item.desired, nullptr) : item.changes;
    for (std::size_t i = 0; i < changes.size(); ++i) {
      const field_change& c = changes[i];
      if (i) out += ',';
      out += "{\"field\":";
      json::append_string(out, c.field);
      out += ",\"change\":\"";
      out += c.change == field_change::kind::added ? "added" : c.change == field_change::kind::removed ? "removed" : "changed";
      out += "\"";
      for (auto [key, value] : {std::pair{"from", &c.from}, std::pair{"to", &c.to}}) {
        if (!*value) continue;
        out += ",\"" + std::string(key) + "\":";
        if (c.secret && (*value)->type != json_type::null) {
          out += "\"(secret)\"";
        } else {
          json::append_scalar(out, **value);
        }
      }
      out += '}';
    }
    out += "]}";
  }
  const plan_totals& t = p.totals;
  out += "],\"totals\":{";
  for (action a : all_actions) out += "\"" + std::string(to_string(a)) + "\":" + std::to_string(t.count(a)) + ",";
  out += "\"needs_secrets\":" + std::to_string(t.needs_secrets) + "}}\n";
  return out;
}

}  // namespace sdemig::engine
