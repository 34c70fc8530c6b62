#include "sim/validate.hpp"

#include "io/json/json_writer.hpp"
#include "sim/systems.hpp"

namespace sdemig::sim {
namespace {

std::string_view python_type(std::string_view json_type) {
  if (json_type == "array") return "list";
  if (json_type == "object") return "dict";
  if (json_type == "string") return "str";
  if (json_type == "number") return "int";
  if (json_type == "boolean") return "bool";
  return "NoneType";
}

// Rephrases a parse error the way DRF words the same problem.
field_error from_parse_error(const json::parse_error& e) {
  const std::string& path = e.path;
  const std::string_view got = [&]() -> std::string_view {
    auto pos = e.what.rfind(", got ");
    return pos == std::string::npos ? std::string_view{} : std::string_view(e.what).substr(pos + 6);
  }();
  if (path == "params") {
    return {
        path,
        {"Expected a dictionary of items but got type \"" + std::string(python_type(got)) + "\"."}};
  }
  if (path.starts_with("params."))
    return {path,
            {"Expected a scalar value but got type \"" + std::string(python_type(got)) + "\"."}};
  if (path == "inaccessible") return {path, {"Must be a valid boolean."}};
  if (path == "name" || path.starts_with("system.")) {
    return {path.starts_with("system") ? "system" : path, {"Not a valid string."}};
  }
  return {path, {e.what}};
}

}  // namespace

std::string detail_body(std::string_view detail) {
  std::string out = "{\"detail\":";
  json::append_string(out, detail);
  out += '}';
  return out;
}

std::string field_errors_body(const std::vector<field_error>& errors) {
  std::string out = "{";
  std::vector<bool> done(errors.size(), false);
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (done[i]) continue;
    const std::string& field = errors[i].field;
    const auto dot = field.find('.');
    const std::string top = field.substr(0, dot);
    if (out.size() > 1) out += ',';
    json::append_string(out, top);
    out += ':';
    auto append_messages = [&](const field_error& e) {
      out += '[';
      for (std::size_t m = 0; m < e.messages.size(); ++m) {
        if (m) out += ',';
        json::append_string(out, e.messages[m]);
      }
      out += ']';
    };
    if (dot == std::string::npos) {
      append_messages(errors[i]);
      continue;
    }
    // Gather every error under the same top-level field into one object.
    out += '{';
    bool first = true;
    for (std::size_t j = i; j < errors.size(); ++j) {
      const std::string& other = errors[j].field;
      if (done[j] || other.size() <= top.size() || other.compare(0, top.size() + 1, top + ".") != 0)
        continue;
      done[j] = true;
      if (!first) out += ',';
      first = false;
      json::append_string(out, std::string_view(other).substr(top.size() + 1));
      out += ':';
      append_messages(errors[j]);
    }
    out += '}';
  }
  out += '}';
  return out;
}

std::optional<std::string> read_write_body(json::connector_parser& parser, const std::string& body,
                                           connector_kind kind, write_mode mode, api_generation api,
                                           write_input& out) {
  out = write_input{};
  json::parse_options options;
  options.require_name_and_system = false;
  if (auto err = parser.parse_connector(body, body.capacity(), out.value, options)) {
    if (err->path.empty()) return detail_body("JSON parse error - " + err->what);
    return field_errors_body({from_parse_error(*err)});
  }
  connector& c = out.value;
  out.has_name = !c.name.empty();
  out.has_system = !c.system.id.empty();
  out.has_inaccessible = c.inaccessible.has_value();
  out.has_params = c.params.has_value();

  std::vector<field_error> errors;
  const bool full = mode != write_mode::patch;
  const char* required = "This field is required.";
  if (full && !out.has_name) errors.push_back({"name", {required}});
  if (full && !out.has_system) errors.push_back({"system", {required}});
  if (out.has_system && !find_system(kind, c.system.id)) {
    errors.push_back({"system", {"\"" + c.system.id + "\" is not a valid choice."}});
  }
  if (full && !out.has_params && kind == connector_kind::alm)
    errors.push_back({"params", {required}});
  if (kind == connector_kind::alm && out.has_params) {
    const std::string server_key = key_in("alm_server", api);
    const scalar* server = c.find_param(server_key);
    if (full && (!server || server->type == json_type::null || server->text.empty())) {
      errors.push_back({"params." + server_key, {required}});
    }
    // The other generation's names are unknown here, and so is its conflict policy.
    const std::string_view foreign = api == api_generation::current ? "alm_" : "issue_tracker_";
    const std::string_view own_policy = api == api_generation::current ? "issue_tracker" : "alm";
    for (const param& p : *c.params) {
      if (p.key.starts_with(foreign)) errors.push_back({"params." + p.key, {"Unknown field."}});
      if (p.key == "conflict_policy" && p.value.text != own_policy && p.value.text != "sde") {
        errors.push_back(
            {"params.conflict_policy", {"\"" + p.value.text + "\" is not a valid choice."}});
      }
    }
  }
  if (!errors.empty()) return field_errors_body(errors);
  return std::nullopt;
}

}  // namespace sdemig::sim
