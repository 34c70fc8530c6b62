#pragma once
// Serializes the connector model back to JSON: strings escaped per RFC 8259
// (quotes, backslashes, control characters), non-ASCII UTF-8 written as is.

#include <string>
#include <string_view>

#include "io/model/connector.hpp"

namespace sdemig::json {

struct write_options {
  bool include_id = true;
  // Writes `"system": {"id": ...}` only, as a write request needs.
  bool system_id_only = false;
  // Secret params are written as null (exports without --include-secrets).
  bool redact_secrets = false;
  // Secret params are written as the mask (what `sde-sim --mask-secrets` serves).
  bool mask_secrets = false;
};

void append_string(std::string& out, std::string_view utf8);
void append_scalar(std::string& out, const scalar& value);
void append_connector(std::string& out, const connector& c, const write_options& options = {});
void append_page(std::string& out, const connector_page& page, const write_options& options = {});

std::string to_json(const connector& c, const write_options& options = {});

}  // namespace sdemig::json
