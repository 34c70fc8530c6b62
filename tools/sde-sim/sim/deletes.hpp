#pragma once
// DELETE of connectors and project connections, as a Django REST Framework
// destroy answers it: 204 with no body, 404 for an id not there, and 400 for
// a connector that connections still use (a protected foreign key), unless
// the instance deletes those connections with it.

#include <cstdint>
#include <string_view>

#include "sim/router.hpp"
#include "sim/store.hpp"

namespace sdemig::sim {

refuse_delete parse_refuse_delete(std::string_view text);  // throws std::invalid_argument
bool refuses(refuse_delete rule, bool connector) noexcept;

void delete_connector(connector_store& store, connector_kind kind, std::int64_t id,
                      delete_rule rule, reply& out);
void delete_connection(connector_store& store, connector_kind kind, std::int64_t id, reply& out);

}  // namespace sdemig::sim
