#include "engine/planning/connection_output.hpp"

#include <array>

#include "engine/planning/plan_output.hpp"
#include "engine/planning/verify_output.hpp"
#include "engine/text/terminal_text.hpp"

namespace sdemig::engine {

std::string connection_plan_text(const connection_plan& p, bool show_noop) {
  std::string out;
  for (const connection_item& item : p.items) {
    if (item.what == action::noop && !show_noop) continue;
    out += action_column(item.what, longest_action) + std::string(connection_kind_name(item.kind)) +
           " " + quoted(project_path(item.project)) + " " + quoted(item.alias) + " -> " +
           quoted(item.connector_name) + "\n";
    out += item_detail_lines(item, item.alias);
    if (item.what == action::create) {
      const std::size_t params = item.desired.params ? item.desired.params->size() : 0;
      out += "    frequency " + printable(item.desired.frequency) + ", " + std::to_string(params) +
             " project param" + (params == 1 ? "" : "s") + "\n";
    }
    if (item.what != action::update && item.what != action::skip && item.what != action::conflict)
      continue;
    for (const field_change& c : item.changes) {
      out += "    ~ " + printable(c.field) + ": " + shown_value(c.from, c.secret) + " -> " +
             shown_value(c.to, c.secret) + "\n";
    }
    for (const std::string& key : item.kept)
      out += "    = params." + printable(key) + ": " + std::string(kept_words) + "\n";
  }
  out += connection_totals_line(p) + "\n";
  return out;
}

void write_connection_names(json::writer& w, const connection_item& item) {
  w.member("kind", connection_kind_name(item.kind));
  w.member("project_path", project_path(item.project));
  w.member("alias", item.alias);
  w.member("connector_name", item.connector_name);
  w.member("action", to_string(item.what));
}

void write_connection_plan_json(json::writer& w, const connection_plan& p) {
  w.key("connections");
  w.begin_array();
  for (const connection_item& item : p.items) {
    w.begin_object();
    write_connection_names(w, item);
    w.member("source_id", item.source_id);
    w.member("target_id", item.target_id);
    w.member("target_project_id", item.target_project_id);
    if (const std::string note = note_text(item, item.alias); !note.empty()) w.member("note", note);
    if (!item.problems.empty()) w.member("problems", item.problems);
    if (!item.missing_secrets.empty()) w.member("needs_secrets", item.missing_secrets);
    if (!item.unsent_secrets.empty()) w.member("unsent_secrets", item.unsent_secrets);
    write_changes(w, item.changes);
    w.end_object();
  }
  w.end_array();
  w.key("connection_totals");
  w.begin_object();
  for (action a : every_action) {
    if (a != action::remove || p.totals.count(a)) w.member(to_string(a), p.totals.count(a));
  }
  w.member("needs_secrets", p.totals.needs_secrets);
  w.end_object();
}

namespace {

// How many connections verify marks = + - * !, in that order.
std::array<std::size_t, 5> connection_marks(const connection_plan& p) {
  std::array<std::size_t, 5> marks{};
  const std::string_view order = "=+-*!";
  for (const connection_item& item : p.items) ++marks[order.find(verify_mark(item.what))];
  marks[2] += p.only_in_target.size();
  return marks;
}

}  // namespace

std::string connection_verify_text(const connection_plan& p) {
  std::string out;
  const std::array<std::size_t, 5> marks = connection_marks(p);
  for (const connection_item& item : p.items) {
    const char m = verify_mark(item.what);
    out +=
        std::string(1, m) + " " + printable(project_path(item.project)) + " " + quoted(item.alias);
    if (const std::string note = note_text(item, item.alias); m == '!' && !note.empty())
      out += "  (" + printable(note) + ")";
    out += '\n';
  }
  for (const connection_record& r : p.only_in_target)
    out += "- " + printable(project_path(r.project)) + " " + quoted(r.value.alias) + "\n";
  out += "verify connections: " + std::to_string(marks[0]) + " equal, " + std::to_string(marks[1]) +
         " only in source, " + std::to_string(marks[2]) + " only in target, " +
         std::to_string(marks[3]) + " differ, " + std::to_string(marks[4]) + " error" +
         (marks[4] == 1 ? "" : "s") + "\n";
  return out;
}

void write_connection_verify_json(json::writer& w, const connection_plan& p) {
  w.key("connections");
  w.begin_array();
  for (const connection_item& item : p.items) {
    const char m = verify_mark(item.what);
    w.begin_object();
    w.member("status", std::string_view(&m, 1));
    w.member("kind", connection_kind_name(item.kind));
    w.member("project_path", project_path(item.project));
    w.member("alias", item.alias);
    if (const std::string note = note_text(item, item.alias); !note.empty()) w.member("note", note);
    w.end_object();
  }
  for (const connection_record& r : p.only_in_target) {
    w.begin_object();
    w.member("status", "-");
    w.member("kind", connection_kind_name(r.kind));
    w.member("project_path", project_path(r.project));
    w.member("alias", r.value.alias);
    w.end_object();
  }
  w.end_array();
  const std::array<std::size_t, 5> marks = connection_marks(p);
  w.key("connection_counts");
  w.begin_object();
  w.member("equal", marks[0]);
  w.member("only_in_source", marks[1]);
  w.member("only_in_target", marks[2]);
  w.member("differ", marks[3]);
  w.member("errors", marks[4]);
  w.end_object();
}

bool connections_equal(const connection_plan& p) {
  for (const connection_item& item : p.items) {
    if (item.what != action::noop) return false;
  }
  return true;
}

}  // namespace sdemig::engine
