#include "engine/planning/plan_item.hpp"

namespace sdemig::engine {

std::string_view to_string(action a) noexcept {
  switch (a) {
    case action::create:
      return "create";
    case action::update:
      return "update";
    case action::noop:
      return "noop";
    case action::skip:
      return "skip";
    case action::conflict:
      return "conflict";
    case action::invalid:
      return "invalid";
    case action::missing_project:
      return "missing-project";
    case action::missing_connector:
      return "missing-connector";
    case action::unreadable:
      return "unreadable";
    case action::remove:
      return "delete";
  }
  return "?";
}

namespace {

std::string quote(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// The SDE permission a token needs to see a connection's params.
const char* permission_for(connector_kind kind) {
  return kind == connector_kind::alm ? "\"Edit ALM connections\""
                                     : "\"Edit security tool connections\"";
}

std::string reason_text(const item_base& item, std::string_view name) {
  const bool connector = item.type == item_type::connector;
  switch (item.why) {
    case reason::none:
      return {};
    case reason::differs_skip:
      return "differs on the target; on_conflict is skip";
    case reason::differs_fail:
      return "differs on the target; on_conflict is fail";
    case reason::same_in_source:
      return connector ? "another source connector has the same name " + quote(name)
                       : "another source connection of this project has the alias " + quote(name);
    case reason::twice_on_target: {
      std::string out = "ambiguous on target: " + std::to_string(item.detail_ids.size()) +
                        (connector ? " connectors are named "
                                   : " connections of this project are "
                                     "named ") +
                        quote(item.detail) + " (ids";
      for (std::size_t i = 0; i < item.detail_ids.size(); ++i)
        out += (i ? ", " : " ") + std::to_string(item.detail_ids[i]);
      return out + ")";
    }
    case reason::renamed:
      return "renamed from " + quote(item.detail) + ", which differs on the target";
    case reason::renamed_differs:
      return quote(name) + " exists on the target too, and differs";
    case reason::no_project:
      return "no project " + quote(item.detail) + " on the target (sdemig creates no projects)";
    case reason::project_twice:
      return std::to_string(item.detail_ids.size()) +
             " target projects have this business unit, application and name";
    case reason::connector_not_written:
      return "connector " + quote(item.detail) + " is not on the target and will not be written";
    case reason::source_params_hidden:
      return std::string("the source showed no params for it: its token's user lacks the ") +
             permission_for(item.kind) + " permission; nothing is sent for it";
    case reason::target_params_hidden:
      return std::string(
                 "the target showed no params for its connection: its token's user lacks "
                 "the ") +
             permission_for(item.kind) + " permission, so they cannot be compared; nothing is sent";
    case reason::look_alike:
      return std::string(connector ? "the target has a connector named "
                                   : "the project has a connection named ") +
             quote(item.detail) + ", which looks the same as " + quote(name) +
             " (equal in Unicode NFC, case-folded): give the job \"names_match\" (\"exact\": " +
             "another item, \"look-alike\": the same one) to say which";
    case reason::changed_since:
      return "changed on the target since the run wrote it: not restored (restore --force "
             "restores it)";
    case reason::gone_since:
      return "no longer on the target since the run updated it: not restored (restore --force "
             "creates it again)";
    case reason::drifted:  // detail: "changed", "deleted" or "taken"
      return item.detail == "deleted" ? "deleted from the target since the plan was saved"
             : item.detail == "taken"
                 ? "the target has one of this name since the plan was saved, and it differs"
                 : "changed on the target since the plan was saved";
    case reason::connector_unknown:
      return "its connector (id " +
             (item.detail_ids.empty() ? std::string("?") : std::to_string(item.detail_ids[0])) +
             ") is unknown";
  }
  return {};
}

std::size_t characters(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string note_text(const item_base& item, std::string_view name) {
  std::string out = reason_text(item, name);
  if (item.name_trimmed) {
    const std::string flag =
        "the " + std::string(item.type == item_type::connector ? "name" : "alias") +
        " has white space around it: the server may store it as " + quote(item.stored_form);
    out = out.empty() ? flag : out + "; " + flag;
  }
  return out;
}

std::string totals_words(const plan_totals& t) {
  std::string out = std::to_string(t.count(action::create)) + " to create, " +
                    std::to_string(t.count(action::update)) + " to update, ";
  if (t.count(action::remove)) out += std::to_string(t.count(action::remove)) + " to delete, ";
  return out + std::to_string(t.count(action::noop)) + " unchanged, " +
         std::to_string(t.count(action::skip)) + " skipped, " +
         std::to_string(t.count(action::conflict)) + " in conflict";
}

std::vector<std::string> name_problems(const std::string& name, std::string_view what) {
  std::vector<std::string> out;
  if (server_form(name).empty()) out.push_back("the " + std::string(what) + " is empty");
  if (const std::size_t n = characters(name); n > max_name_chars) {
    out.push_back("the " + std::string(what) + " is " + std::to_string(n) +
                  " characters long, over the " + std::to_string(max_name_chars) +
                  " the API takes");
  }
  return out;
}

}  // namespace sdemig::engine
