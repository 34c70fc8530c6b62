#include "sim/deletes.hpp"

#include <string>

#include "sim/named.hpp"
#include "sim/route_util.hpp"

namespace sdemig::sim {

refuse_delete parse_refuse_delete(std::string_view text) {
  static constexpr std::pair<std::string_view, refuse_delete> names[] = {
      {"none", refuse_delete::none},
      {"connectors", refuse_delete::connectors},
      {"connections", refuse_delete::connections},
      {"all", refuse_delete::all}};
  return named(names, text, "--refuse-delete");
}

bool refuses(refuse_delete rule, bool connector) noexcept {
  return rule == refuse_delete::all ||
         rule == (connector ? refuse_delete::connectors : refuse_delete::connections);
}

void delete_connector(connector_store& store, connector_kind kind, std::int64_t id,
                      delete_rule rule, reply& out) {
  switch (store.remove(kind, id, rule)) {
    case write_status::ok:
      out.status = 204;
      out.body.clear();
      return;
    case write_status::in_use: {
      const std::size_t users = store.projects().connections_using(kind, id);
      return set_error(out, 400,
                       "Cannot delete this connector: " + std::to_string(users) +
                           (users == 1 ? " project connection uses" : " project connections use") +
                           " it.");
    }
    case write_status::not_found:
    case write_status::name_taken:
      return set_error(out, 404, "Not found.");
  }
}

void delete_connection(connector_store& store, connector_kind kind, std::int64_t id, reply& out) {
  if (store.projects().remove(kind, id) != project_store::status::ok)
    return set_error(out, 404, "Not found.");
  out.status = 204;
  out.body.clear();
}

}  // namespace sdemig::sim
