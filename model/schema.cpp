#include "model/schema.hpp"

#include <algorithm>

namespace sdemig {

bool schema_field::project_scope() const noexcept {
  return !scope.empty() && std::find(scope.begin(), scope.end(), "system") == scope.end();
}

const schema_field* system_schema::find(std::string_view field) const noexcept {
  for (const schema_field& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

const system_schema* plugin_schema::find(std::string_view system_id) const noexcept {
  for (const system_schema& s : systems) {
    if (s.id == system_id) return &s;
  }
  return nullptr;
}

namespace {

bool among(const std::vector<std::string>& options, std::string_view value) {
  return std::find(options.begin(), options.end(), value) != options.end();
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

// A select may hold several options, comma-joined ("requirements,development").
bool valid_option(const schema_field& f, const scalar& value) {
  if (f.options.empty() || value.type == json_type::null) return true;
  if (f.field_type == "radio") return among(f.options, value.text);
  std::string_view rest = value.text;
  while (true) {
    const auto comma = rest.find(',');
    if (!among(f.options, rest.substr(0, comma))) return false;
    if (comma == std::string_view::npos) return true;
    rest.remove_prefix(comma + 1);
  }
}

}  // namespace

std::vector<std::string> schema_problems(const connector& c, const plugin_schema& schema) {
  std::vector<std::string> out;
  const system_schema* system = schema.find(c.system.id);
  if (!system) {
    out.push_back("unknown system \"" + c.system.id + "\"");
    return out;
  }
  static const std::vector<param> none;
  const std::vector<param>& params = c.params ? *c.params : none;
  for (const param& p : params) {
    const schema_field* f = system->find(p.key);
    if (!f) {
      out.push_back("unknown param \"" + p.key + "\" for system \"" + system->id + "\"");
    } else if ((f->field_type == "select" || f->field_type == "radio") &&
               !valid_option(*f, p.value)) {
      out.push_back("\"" + p.key + "\" is \"" + p.value.text + "\", not one of " +
                    joined(f->options));
    }
  }
  for (const schema_field& f : system->fields) {
    if (!f.required || f.has_default || f.project_scope()) continue;
    const bool present =
        std::any_of(params.begin(), params.end(), [&](const param& p) { return p.key == f.name; });
    if (!present) out.push_back("missing required param \"" + f.name + "\"");
  }
  return out;
}

void mark_schema_secrets(std::vector<param>& params, std::string_view system_id,
                         const plugin_schema& schema) {
  const system_schema* system = schema.find(system_id);
  if (!system) return;
  for (param& p : params) {
    if (const schema_field* f = system->find(p.key); f && f->secret()) p.secret = true;
  }
}

void mark_schema_secrets(connector& c, const plugin_schema& schema) {
  if (c.params) mark_schema_secrets(*c.params, c.system.id, schema);
}

void secret_rule::mark(std::vector<param>& params, std::string_view system) {
  if (schema_ && schema_->find(system)) return mark_schema_secrets(params, system, *schema_);
  for (param& p : params) {
    if (is_secret(p) || !looks_secret(p.key)) continue;
    p.secret = true;
    guessed_.insert(p.key);
  }
}

void secret_rule::mark(connector& c) {
  if (c.params) mark(*c.params, c.system.id);
}

}  // namespace sdemig
