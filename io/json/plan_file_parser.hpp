#pragma once
// Reads a saved plan (`sdemig plan --out PLAN`, read by `sdemig apply`): the
// plan as `plan --json` prints it, and what apply needs ("writes": each
// item to write, its body without secret values, where each secret comes
// from, and the target item as the plan read it with its fingerprint).
// Read strictly, every member; the caller checks "digest" (it covers the
// target and the "writes" array as they stand), so that an edited plan is
// refused.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "io/json/export_parser.hpp"

namespace sdemig::json {

inline constexpr std::string_view plan_format = "sdemig-plan/1";

struct plan_file_item {
  std::string type;    // "connector" | "connection"
  std::string action;  // "create" | "update"
  std::string method;  // a connector's update: "PATCH" | "PUT"
  std::string source_name;
  std::optional<std::int64_t> source_id, target_id;
  // Each secret param of the body (null there) and where its value comes
  // from: "source", "secrets-file" or "target".
  std::vector<std::pair<std::string, std::string>> secrets;
  std::vector<std::string> unsent;  // PATCH: secrets left out of the body
  std::string fingerprint;          // of the target item as read, or "absent"
  connector_kind kind = connector_kind::alm;
  std::optional<connector> body_connector, current_connector;
  std::optional<exported_connection> body_connection, current_connection;
};

struct plan_file {
  std::string source, target, created_at;  // URLs as shown (no credentials)
  std::string source_api, target_api;
  std::string digest;       // "sha256:" of the target, a newline and the "writes" array's text
  std::string writes_text;  // that array's text as it stands in the file
  std::vector<plan_file_item> writes;
};

// `text` is the whole file. Errors name the place ("writes[3].connector.name").
std::optional<parse_error> read_plan_file(const std::string& text, plan_file& out);

}  // namespace sdemig::json
