#include "sim/schema.hpp"

#include "io/json/json_writer.hpp"
#include "sim/systems.hpp"

namespace sdemig::sim {
namespace {

schema_field field(std::string name, std::string type, bool required = false,
                   std::vector<std::string> options = {},
                   std::vector<std::string> scope = {"system"}) {
  schema_field f;
  f.name = std::move(name);
  f.field_type = std::move(type);
  f.required = required;
  f.options = std::move(options);
  f.scope = std::move(scope);
  return f;
}

}  // namespace

plugin_schema issue_tracker_schema(api_generation api) {
  const auto k = [&](const char* legacy_name) { return key_in(legacy_name, api); };
  const std::vector<std::string> priorities = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
  plugin_schema schema;
  for (const system_info& info : known_systems(connector_kind::alm)) {
    system_schema s;
    s.id = std::string(info.id);
    s.name = std::string(info.name);
    const std::string id = s.id;
    std::vector<schema_field>& f = s.fields;
    f.push_back(field(k("alm_server"), "string", true));
    f.push_back(field(k("alm_method"), "radio", false, {"http", "https"}));
    f.push_back(field(k("alm_user"), "string"));
    f.push_back(field(k("alm_pass"), "masked_string"));
    f.push_back(field(k("alm_api_token"), "masked_string"));
    f.push_back(field(k("alm_validate_cert"), "boolean"));
    f.push_back(field(k("alm_phases"), "select", false,
                      {"requirements", "architecture-design", "development", "testing"}));
    f.push_back(field(k("alm_project"), "string", false, {},
                      id == "tfs" ? std::vector<std::string>{"system", "project"}
                                  : std::vector<std::string>{"project"}));
    f.push_back(field(k("alm_parent_issue"), "string", false, {}, {"project"}));
    // A secret of the project's: secret by the schema alone (no client
    // knows its name as a secret's).
    f.push_back(field(k("alm_project_token"), "masked_string", false, {}, {"project"}));
    f.push_back(field("conflict_policy", "radio", false,
                      {api == api_generation::current ? "issue_tracker" : "alm", "sde"}));
    f.push_back(field("title_format", "string"));
    f.push_back(
        field("sde_verification_filter", "select", false, {"none", "partial", "pass", "fail"}));
    f.push_back(field("sde_statuses_in_scope", "select", false, {"TODO", "DONE", "NA"}));
    f.push_back(field("sde_min_priority", "select", false, priorities));
    f.push_back(field("sde_tags_filter", "string"));
    if (api == api_generation::current) {
      f.push_back(field("issue_tracker_auth_mode", "radio", true, {"basic", "api_token"}));
    }
    if (id == "github") {
      f.push_back(field("github_repo_owner", "string", true));
      f.push_back(field("github_duplicate_label", "string"));
    }
    if (id == "jira") f.push_back(field("jira_version", "string"));
    if (id == "rally") f.push_back(field("rally_workspace", "string"));
    if (id == "gitlab") f.push_back(field("gitlab_project", "string"));
    if (id == "servicenow") f.push_back(field("servicenow_client_secret", "masked_string"));
    schema.systems.push_back(std::move(s));
  }
  return schema;
}

std::string schema_json(const system_schema& s) {
  json::writer w;
  w.begin_object();
  w.member("id", s.id);
  w.member("name", s.name);
  if (const system_info* info = find_system(connector_kind::alm, s.id))
    w.member("short_name", info->short_name);
  w.member("command", "sde-" + s.id);
  w.key("sections");
  w.begin_array();
  w.begin_object();
  w.member("label", "Connection");
  w.member("optional", false);
  w.key("fields");
  w.begin_array();
  for (const schema_field& f : s.fields) {
    w.begin_object();
    w.member("name", f.name);
    w.member("label", f.name);
    w.member("field_type", f.field_type);
    w.key("default");
    w.null();
    w.member("required", f.required);
    w.key("scope");
    w.begin_array();
    for (const std::string& sc : f.scope) w.value(sc);
    w.end_array();
    w.key("options");
    w.begin_array();
    for (const std::string& o : f.options) {
      w.begin_object();
      w.member("label", o);
      w.member("value", o);
      w.member("disabled", false);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace sdemig::sim
