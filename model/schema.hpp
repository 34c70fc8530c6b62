#pragma once
// A plugin schema (/api/v2/plugins/alm/ or /issue-tracker/): per system, the
// fields its connectors take, which are required, which are secret
// (masked_string), and the options of a select or radio. Checking a
// connector against it is shared by sdemig's plans and sde-sim's
// --enforce-schema.

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/connector.hpp"

namespace sdemig {

struct schema_field {
  std::string name;
  std::string field_type;  // string, masked_string, select, radio, checkbox, boolean
  bool required = false;
  bool has_default = false;
  std::vector<std::string> scope;    // "system" (the connector's) or "project" (a connection's)
  std::vector<std::string> options;  // values of a select or radio

  bool secret() const noexcept { return field_type == "masked_string"; }
  bool project_scope() const noexcept;
};

struct system_schema {
  std::string id;
  std::string name;
  std::vector<schema_field> fields;

  const schema_field* find(std::string_view field) const noexcept;
};

struct plugin_schema {
  std::vector<system_schema> systems;
  const system_schema* find(std::string_view system_id) const noexcept;
};

// What is wrong with `c` by its system's schema, one line each: an unknown
// system, an unknown param, a missing required param, a value that is not
// one of a select's or radio's options.
std::vector<std::string> schema_problems(const connector& c, const plugin_schema& schema);

// Marks the params the schema says are secret (masked_string), whatever
// their scope: a connector's, or a connection's to a connector of `system`.
void mark_schema_secrets(connector& c, const plugin_schema& schema);
void mark_schema_secrets(std::vector<param>& params, std::string_view system,
                         const plugin_schema& schema);

// The one rule for which params are secrets, for every command (export,
// plan, clone, import, verify, bench): the plugin schema's masked_string
// fields for a system the instance's schema describes; for any other (no
// schema could be read, or it lacks the system) every param whose name
// looks secret (looks_secret), each key so marked kept in guessed() for one
// warning; the built-in names and a value shown as the mask always
// (is_secret).
class secret_rule {
 public:
  explicit secret_rule(const plugin_schema* schema = nullptr) : schema_(schema) {}

  void mark(connector& c);
  void mark(std::vector<param>& params, std::string_view system);

  const plugin_schema* schema() const noexcept { return schema_; }
  // The keys marked by their look alone, in order.
  const std::set<std::string>& guessed() const noexcept { return guessed_; }

 private:
  const plugin_schema* schema_;
  std::set<std::string> guessed_;
};

}  // namespace sdemig
