#pragma once
// Turns a write request body into a connector, or into the DRF 400 body a
// real SDE answers (field -> messages, nested for params).

#include <optional>
#include <string>
#include <vector>

#include "io/json/connector_parser.hpp"
#include "io/json/drf_error.hpp"
#include "model/connector.hpp"
#include "model/generation.hpp"

namespace sdemig::sim {

enum class write_mode { create, replace, patch };

// What a write body carried, so PATCH can tell "absent" from "cleared".
struct write_input {
  connector value;
  bool has_name = false;
  bool has_system = false;
  bool has_inaccessible = false;
  bool has_params = false;
};

// Parses and validates `body` as an instance of generation `api` does
// (which param names and conflict policies it takes); on failure returns
// the DRF error body.
std::optional<std::string> read_write_body(json::connector_parser& parser, const std::string& body,
                                           connector_kind kind, write_mode mode, api_generation api,
                                           write_input& out);

// {"detail": "..."}
std::string detail_body(std::string_view detail);
// {"name": ["..."], "params": {"alm_server": ["..."]}}: dotted fields nest one level.
std::string field_errors_body(const std::vector<field_error>& errors);

}  // namespace sdemig::sim
