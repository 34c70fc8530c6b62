#pragma once
// JSON of the project hierarchy and of connections: list pages (paginated
// or not) and single connections, read with simdjson's DOM (these documents
// are small next to connector pages), and a connection's request body.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/json/connector_parser.hpp"
#include "model/project.hpp"

namespace sdemig::json {

template <class T>
struct list_page {
  std::optional<std::string> next;
  std::vector<T> results;
};

// Business units (parent_key empty), applications ("business_unit") or
// projects ("application").
std::optional<parse_error> parse_node_page(const std::string& body, std::string_view parent_key,
                                           list_page<project_node>& out);
std::optional<parse_error> parse_connection_page(const std::string& body,
                                                 list_page<connection>& out);
std::optional<parse_error> parse_connection(const std::string& body, connection& out);

// What a write sends: alias, connector, project, frequency, debug_mode (when
// known) and params; nullopt when the params are not known (absent is not
// empty: such a connection is never sent).
std::optional<std::string> connection_body(const connection& c);
// What a read returns (sde-sim serves this); without params when they are
// absent.
std::string connection_json(const connection& c);

}  // namespace sdemig::json
