#include "engine/planning/verify_output.hpp"

#include "engine/planning/connection_output.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {
char verify_mark(action a) noexcept {
  switch (a) {
    case action::noop:
      return '=';
    case action::create:
      return '+';
    case action::remove:  // only on the target
      return '-';
    case action::update:
    case action::skip:  // differs; the job would leave it
      return '*';
    case action::conflict:
    case action::invalid:
    case action::missing_project:
    case action::missing_connector:
    case action::unreadable:  // cannot be compared
      return '!';
  }
  return '!';
}

verify_counts count_verify(const plan& p) {
  verify_counts c;
  for_each_verify_line(
      p, [&](char mark, const plan_item*, connector_kind, const std::string&, const std::string*) {
        switch (mark) {
          case '=':
            ++c.equal;
            break;
          case '+':
            ++c.only_in_source;
            break;
          case '*':
            ++c.differ;
            break;
          case '-':
            ++c.only_in_target;
            break;
          default:
            ++c.errors;
            break;
        }
      });
  return c;
}

std::string verify_text(const plan& p) {
  std::string out;
  for_each_verify_line(p, [&](char mark, const plan_item*, connector_kind, const std::string& name,
                              const std::string* note) {
    out +=
        mark;  // the contract's "= name": the name as it is (the kind is in --json), made printable
    out += ' ';
    out += printable(name);
    if (note && mark == '!') out += "  (" + printable(*note) + ")";
    out += '\n';
  });
  const verify_counts c = count_verify(p);
  out += "verify: " + std::to_string(c.equal) + " equal, " + std::to_string(c.only_in_source) +
         " only in source, " + std::to_string(c.only_in_target) + " only in target, " +
         std::to_string(c.differ) + " differ, " + std::to_string(c.errors) + " error" +
         (c.errors == 1 ? "" : "s") + "\n";
  return out;
}

std::string verify_json(const plan& p, const connection_plan* connections) {
  json::writer w;
  w.begin_object();
  w.member("format", "sdemig-verify/1");  // docs/schemas/verify.schema.json
  w.member("source_api", to_string(p.source_api));
  w.member("target_api", to_string(p.target_api));
  w.key("connectors");
  w.begin_array();
  for_each_verify_line(p, [&](char mark, const plan_item*, connector_kind kind,
                              const std::string& name, const std::string* note) {
    w.begin_object();
    w.member("status", std::string_view(&mark, 1));
    w.member("kind", to_string(kind));
    w.member("name", name);
    if (note) w.member("note", *note);
    w.end_object();
  });
  w.end_array();
  const verify_counts c = count_verify(p);
  w.key("counts");
  w.begin_object();
  w.member("equal", c.equal);
  w.member("only_in_source", c.only_in_source);
  w.member("only_in_target", c.only_in_target);
  w.member("differ", c.differ);
  w.member("errors", c.errors);
  w.end_object();
  if (connections) write_connection_verify_json(w, *connections);
  w.end_object();
  return w.take() + "\n";
}

}  // namespace sdemig::engine
