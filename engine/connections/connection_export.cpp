#include "engine/connections/connection_export.hpp"

namespace sdemig::engine {

void write_connection_record(json::writer& w, const connection_record& r, bool ndjson,
                             bool include_secrets) {
  w.begin_object();
  w.member("kind", ndjson ? connection_kind_name(r.kind) : to_string(r.kind));
  // The three names apart, and the escaped path (older exports had only an
  // unescaped one).
  w.member("business_unit", r.project.business_unit);
  w.member("application", r.project.application);
  w.member("project_name", r.project.name);
  w.member("project_path", project_path(r.project));
  w.member("connector_name", r.connector_name);
  w.member("alias", r.value.alias);
  w.member("frequency", r.value.frequency);
  if (r.value.debug_mode) w.member("debug_mode", *r.value.debug_mode);
  if (r.value.params) {  // not shown by the instance: no member, never an empty one
    w.key("params");
    w.begin_object();
    for (const param& p : *r.value.params) {
      w.key(p.key);
      if (is_secret(p) && !include_secrets) {
        w.null();
      } else {
        w.scalar_value(p.value);
      }
    }
    w.end_object();
  }
  w.member("source_id", r.value.id);
  w.member("source_connector_id", r.value.connector);
  w.member("source_project_id", r.value.project);
  w.end_object();
}

}  // namespace sdemig::engine
