#include "engine/planning/plan_page.hpp"

#include <map>

#include "engine/planning/connection_output.hpp"
#include "engine/planning/plan_output.hpp"
#include "engine/planning/verify_output.hpp"
#include "engine/text/html.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {
namespace {

// Rows, filter and toggles. The first rows come as HTML; the rest as JSON
// data (each row's HTML, made and escaped by the writer) that the script
// turns into rows only as the reader scrolls to them: a 50,000-connector plan
// opens about as fast as a 500-row one. The filter and the cards work on
// every row, shown or not; "N of M shown" counts the rows that pass them.
constexpr std::string_view table_script = R"js((function () {
  const body = document.querySelector('#items tbody');
  const box = document.getElementById('filter');
  const shown = document.getElementById('shown');
  const more = document.getElementById('more');
  const rows = Array.from(body.children).map(tr => ({g: tr.dataset.group, el: tr}));
  const data = document.getElementById('rows');
  if (data) for (const [g, h] of JSON.parse(data.textContent)) rows.push({g: g, h: h});
  const maker = document.createElement('tbody');
  function element(r) {
    if (!r.el) { maker.innerHTML = r.h; r.el = maker.firstElementChild; r.h = null; }
    return r.el;
  }
  const entities = {'&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'"};
  function text(r) {
    if (r.t === undefined) {
      r.t = (r.el ? r.el.textContent
                  : r.h.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot|#39);/g, m => entities[m]))
                .toLowerCase();
    }
    return r.t;
  }
  const step = 500, hidden = new Set();
  let matches = rows, count = 0;
  function render(reset) {
    if (reset) { body.textContent = ''; count = 0; }
    const end = Math.min(matches.length, count + step);
    const part = document.createDocumentFragment();
    for (let i = count; i < end; i++) part.appendChild(element(matches[i]));
    body.appendChild(part);
    count = end;
    shown.textContent = matches.length.toLocaleString('en-US') + ' of ' +
        rows.length.toLocaleString('en-US') + ' shown';
    more.hidden = count >= matches.length;
    more.textContent = (matches.length - count).toLocaleString('en-US') + ' more below';
  }
  function apply() {
    const q = box.value.trim().toLowerCase();
    matches = rows.filter(r => !hidden.has(r.g) && (!q || text(r).includes(q)));
    render(true);
  }
  document.querySelectorAll('.card[data-group]').forEach(card => {
    card.addEventListener('click', () => {
      const g = card.dataset.group;
      if (hidden.has(g)) hidden.delete(g); else hidden.add(g);
      card.classList.toggle('off', hidden.has(g));
      apply();
    });
  });
  box.addEventListener('input', apply);
  new IntersectionObserver(seen => {
    if (seen.some(e => e.isIntersecting) && count < matches.length) render(false);
  }).observe(more);
  more.addEventListener('click', () => render(false));
  render(false);
})();
)js";

// One table row: its group (card) and its HTML.
struct table_row {
  std::string group;
  std::string html;
};

// How many rows a page carries as HTML; the rest come as data.
constexpr std::size_t eager_rows = 500;

// The order of a plan page's rows: what a reviewer looks for first.
constexpr action reviewer_order[] = {action::invalid,
                                     action::unreadable,
                                     action::conflict,
                                     action::missing_project,
                                     action::missing_connector,
                                     action::update,
                                     action::create,
                                     action::remove,
                                     action::skip,
                                     action::noop};
static_assert(std::size(reviewer_order) == std::size(every_action));

struct group_count {
  std::string group, label;
  std::size_t count;
};

std::string header(std::string_view title, const plan& p, const page_context& where) {
  std::string out = "<h1>" + html::text(title) + "</h1>\n<p class=\"meta\">";
  out += "source: <b>" + html::text(where.source) + "</b> (" + html::text(to_string(p.source_api)) +
         " API) &rarr; target: <b>" + html::text(where.target) + "</b> (" +
         html::text(to_string(p.target_api)) + " API)";
  if (!where.generated_at.empty()) out += " &middot; " + html::text(where.generated_at);
  if (!where.plan_file.empty())
    out += "<br>plan file: <b class=\"digest\">" + html::text(where.plan_file) + "</b>";
  out += "</p>\n";
  return out;
}

std::string cards(const std::vector<group_count>& groups) {
  std::string out = "<div class=\"cards\">\n";
  for (const group_count& g : groups) {
    out += "<div class=\"card a-" + g.group + "\" data-group=\"" + g.group +
           "\" title=\"show or hide these rows\"><b>" + html::number(double(g.count)) + "</b>" +
           html::text(g.label) + "</div>\n";
  }
  out += "</div>\n";
  out +=
      "<div class=\"tools\"><input id=\"filter\" type=\"search\" placeholder=\"filter: name, "
      "system, field, value\" autocomplete=\"off\"><span id=\"shown\"></span></div>\n";
  return out;
}

std::string table_start(std::initializer_list<std::string_view> columns) {
  std::string out = "<table id=\"items\"><thead><tr>";
  for (std::string_view c : columns) out += "<th>" + std::string(c) + "</th>";
  out += "</tr></thead><tbody>\n";
  return out;
}

// The rows (the first eager_rows as HTML, the others as JSON data) and the
// end of the table.
void append_rows(std::string& body, const std::vector<table_row>& rows) {
  body.reserve(body.size() + rows.size() * 320);
  for (std::size_t i = 0; i < rows.size() && i < eager_rows; ++i) body += rows[i].html;
  body += "</tbody></table>\n<div id=\"more\" class=\"more\" hidden></div>\n";
  if (rows.size() <= eager_rows) return;
  std::string data = "[";
  for (std::size_t i = eager_rows; i < rows.size(); ++i) {
    if (i > eager_rows) data += ',';
    data += '[';
    json::append_string(data, rows[i].group);
    data += ',';
    json::append_string(data, rows[i].html);
    data += ']';
  }
  data += ']';
  // Inside <script>, "</" would end it early: "<\/" is the same JSON.
  body += "<script type=\"application/json\" id=\"rows\">";
  std::size_t at = 0;
  for (std::size_t next; (next = data.find("</", at)) != std::string::npos; at = next + 2) {
    body.append(data, at, next - at);
    body += "<\\/";
  }
  body.append(data, at, std::string::npos);
  body += "</script>\n";
}

std::string change_line(const field_change& c) {
  const std::string field = html::text(c.field);
  switch (c.change) {
    case field_change::kind::added:
      return "<li>+ " + field + ": <span class=\"to\">" + html::text(shown_value(c.to, c.secret)) +
             "</span></li>";
    case field_change::kind::removed:
      return "<li>- " + field + ": <span class=\"from\">" +
             html::text(shown_value(c.from, c.secret)) + "</span></li>";
    case field_change::kind::changed:
      return "<li>~ " + field + ": <span class=\"from\">" +
             html::text(shown_value(c.from, c.secret)) + "</span> &rarr; <span class=\"to\">" +
             html::text(shown_value(c.to, c.secret)) + "</span></li>";
  }
  return {};
}

// What the plan's text says under a connector, as a list.
std::string details(const plan_item& item) {
  std::string out;
  if (const std::string note = note_text(item, item.desired.name); !note.empty())
    out += "<div class=\"note\">" + html::text(note) + "</div>";
  std::string lines;
  for (const std::string& problem : item.problems)
    lines += "<li class=\"problem\">problem: " + html::text(problem) + "</li>";
  for (const std::string& secret : item.missing_secrets)
    lines += "<li class=\"problem\">needs secret " + html::text(secret) + "</li>";
  if (item.what == action::create) {
    const std::size_t params = item.desired.params ? item.desired.params->size() : 0;
    lines += "<li>system " + html::text(item.desired.system.id) + ", " +
             html::number(double(params)) + (params == 1 ? " param" : " params") + "</li>";
  } else if (item.what == action::update) {
    for (const field_change& c : item.changes) lines += change_line(c);
    for (const std::string& key : item.kept)
      lines += "<li class=\"note\">= params." + html::text(key) + ": " + html::text(kept_words) +
               "</li>";
    for (const std::string& key : item.target_values) {
      lines += "<li class=\"note\">= params." + html::text(key) + ": " +
               html::text(target_value_words) + "</li>";
    }
    for (const std::string& key : item.unsent_secrets) {
      lines += "<li class=\"note\">= params." + html::text(key) + ": " +
               html::text(left_out_words) + "</li>";
    }
    if (item.force_put) lines += "<li class=\"note\">sent with PUT (a param is removed)</li>";
  }
  if (!lines.empty()) out += "<ul class=\"diff\">" + lines + "</ul>";
  return out;
}

// The group (card) an action counts in: missing-* go together.
std::string group_of(action a) {
  switch (a) {
    case action::missing_project:
    case action::missing_connector:
      return "missing";
    case action::create:
    case action::update:
    case action::remove:
    case action::noop:
    case action::skip:
    case action::conflict:
    case action::invalid:
    case action::unreadable:
      return std::string(to_string(a));
  }
  return "?";
}

table_row connection_row(const connection_item& item, const std::string& group,
                         const std::string& shown_action) {
  std::string row = "<tr data-group=\"" + group + "\"><td class=\"act a-" + group + "\">" +
                    html::text(shown_action) + "</td><td>" +
                    std::string(connection_kind_name(item.kind)) + "</td><td class=\"name\">" +
                    html::text(project_path(item.project)) + " / " + html::text(item.alias) +
                    "</td><td><div>&rarr; connector " + html::text(item.connector_name) + "</div>";
  if (const std::string note = note_text(item, item.alias); !note.empty())
    row += "<div class=\"note\">" + html::text(note) + "</div>";
  std::string lines;
  for (const std::string& problem : item.problems)
    lines += "<li class=\"problem\">problem: " + html::text(problem) + "</li>";
  for (const std::string& secret : item.missing_secrets)
    lines += "<li class=\"problem\">needs secret " + html::text(secret) + "</li>";
  for (const field_change& ch : item.changes) lines += change_line(ch);
  if (!lines.empty()) row += "<ul class=\"diff\">" + lines + "</ul>";
  return {group, row + "</td></tr>\n"};
}

}  // namespace

std::string plan_html(const plan& p, const page_context& where, const connection_plan* links) {
  std::string body = header("sdemig plan", p, where);
  std::vector<group_count> groups;
  for (action a : connector_actions) {
    const std::string name(to_string(a));
    groups.push_back({name, name, p.totals.count(a) + (links ? links->totals.count(a) : 0)});
  }
  if (links) groups.push_back({"missing", "missing project or connector", links->totals.missing()});
  if (links && links->totals.unreadable())
    groups.push_back({"unreadable", "unreadable (params not shown)", links->totals.unreadable()});
  body += cards(groups);
  body += "<p class=\"meta\">" + html::text(totals_line(p.totals)) + "</p>\n";
  if (links) body += "<p class=\"meta\">" + html::text(connection_totals_line(*links)) + "</p>\n";
  body += table_start({"action", "kind", "name", "what changes"});
  std::vector<table_row> rows;
  rows.reserve(p.items.size() + (links ? links->items.size() : 0));
  // What a reviewer looks for first comes first, connectors and their
  // connections together; the plan's order within.
  for (action a : reviewer_order) {
    for (const plan_item& item : p.items) {
      if (item.what != a) continue;
      const std::string name(to_string(item.what));
      std::string row = "<tr data-group=\"" + name + "\"><td class=\"act a-" + name + "\">" + name +
                        "</td><td>" + std::string(to_string(item.kind)) +
                        "</td><td class=\"name\">" + html::text(item.desired.name);
      if (item.source_name != item.desired.name && !item.source_name.empty())
        row += "<div class=\"note\">from " + html::text(item.source_name) + "</div>";
      rows.push_back({name, row + "</td><td>" + details(item) + "</td></tr>\n"});
    }
    for (std::size_t i = 0; links && i < links->items.size(); ++i) {
      const connection_item& item = links->items[i];
      if (item.what == a)
        rows.push_back(
            connection_row(item, group_of(item.what), std::string(to_string(item.what))));
    }
  }
  append_rows(body, rows);
  return html::page("sdemig plan: " + where.target, body, table_script);
}

std::string verify_html(const plan& p, const page_context& where, const connection_plan* links) {
  std::string body = header("sdemig verify", p, where);
  const verify_counts c = count_verify(p);
  // The marks' groups: = equal, + only in source, - only in target, * differ, ! error.
  static const std::map<char, std::pair<std::string, std::string>> groups_of = {
      {'=', {"noop", "= equal"}},
      {'+', {"create", "+ only in source"}},
      {'-', {"skip", "- only in target"}},
      {'*', {"update", "* differ"}},
      {'!', {"conflict", "! error"}}};
  body += cards({{"noop", "= equal", c.equal},
                 {"create", "+ only in source", c.only_in_source},
                 {"skip", "- only in target", c.only_in_target},
                 {"update", "* differ", c.differ},
                 {"conflict", "! error", c.errors}});
  body += table_start({"", "kind", "name", "what differs"});
  std::vector<table_row> rows;
  for_each_verify_line(p, [&](char mark, const plan_item* item, connector_kind kind,
                              const std::string& name, const std::string* note) {
    const std::string& group = groups_of.at(mark).first;
    std::string row = "<tr data-group=\"" + group + "\"><td class=\"act a-" + group + "\">" +
                      std::string(1, mark) + "</td><td>" + std::string(to_string(kind)) +
                      "</td><td class=\"name\">" + html::text(name) + "</td><td>";
    if (item && mark == '*') {
      std::string lines;
      for (const field_change& ch : item->changes) lines += change_line(ch);
      if (!lines.empty()) row += "<ul class=\"diff\">" + lines + "</ul>";
    } else if (note) {
      row += "<div class=\"note\">" + html::text(*note) + "</div>";
    }
    rows.push_back({group, row + "</td></tr>\n"});
  });
  if (links) {
    for (const connection_item& item : links->items) {
      const char mark = verify_mark(item.what);
      rows.push_back(connection_row(item, groups_of.at(mark).first, std::string(1, mark)));
    }
    for (const connection_record& r : links->only_in_target) {
      connection_item shown;
      shown.kind = r.kind;
      shown.project = r.project;
      shown.alias = r.value.alias;
      shown.connector_name = r.connector_name;
      rows.push_back(connection_row(shown, "skip", "-"));
    }
  }
  append_rows(body, rows);
  return html::page("sdemig verify: " + where.target, body, table_script);
}

}  // namespace sdemig::engine
