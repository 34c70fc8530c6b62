#pragma once
// The connector model: what an SDE instance stores for an ALM or analysis
// connector, kept faithful to the JSON it came from (param values keep their
// JSON type and exact text, unknown fields are carried along untouched).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sdemig {

enum class connector_kind : std::uint8_t { alm, analysis };

std::string_view to_string(connector_kind kind) noexcept;
std::optional<connector_kind> parse_connector_kind(std::string_view text) noexcept;
// A kind as a user names it (--kind, a job file): "alm", "analysis", or
// "issue-tracker", the current API's word for alm.
std::optional<connector_kind> parse_kind_name(std::string_view text) noexcept;

enum class json_type : std::uint8_t { string, integer, number, boolean, null };

std::string_view to_string(json_type type) noexcept;

// A JSON scalar. `text` is the unescaped UTF-8 value for strings, the number
// token exactly as written for numbers, "true"/"false" for booleans and empty
// for null: "7" and 7 stay different values.
struct scalar {
  json_type type = json_type::null;
  std::string text;

  static scalar string(std::string value) { return {json_type::string, std::move(value)}; }
  static scalar integer(std::int64_t value) { return {json_type::integer, std::to_string(value)}; }
  static scalar boolean(bool value) { return {json_type::boolean, value ? "true" : "false"}; }
  static scalar null() { return {}; }

  friend bool operator==(const scalar&, const scalar&) = default;
};

struct param {
  std::string key;
  scalar value;
  // A credential whatever its key: set when a job renames a secret param to
  // a key that is not on the list, so that its value stays hidden. Not part
  // of equality (two params are equal by key and value).
  bool secret = false;

  friend bool operator==(const param& a, const param& b) {
    return a.key == b.key && a.value == b.value;
  }
};

// A top-level field the model does not know, kept as its raw JSON text.
struct raw_field {
  std::string key;
  std::string json;

  friend bool operator==(const raw_field&, const raw_field&) = default;
};

struct system_ref {
  std::string id;
  std::string name;  // empty when the JSON had none (writes send only the id)
  std::optional<std::string> short_name;

  friend bool operator==(const system_ref&, const system_ref&) = default;
};

struct connector {
  std::optional<std::int64_t> id;
  std::string name;
  system_ref system;
  std::optional<bool> inaccessible;
  std::optional<std::vector<param>> params;  // analysis connectors may have none
  std::vector<raw_field> extra;

  const scalar* find_param(std::string_view key) const noexcept;
  scalar* find_param(std::string_view key) noexcept;
  // Sets (replacing in place, or appending) a param value.
  void set_param(std::string_view key, scalar value);

  friend bool operator==(const connector&, const connector&) = default;
};

// One page of a list endpoint. `paginated` is true when the body carried
// `next`/`previous` (a null link is then nullopt).
struct connector_page {
  std::optional<std::int64_t> count;
  bool paginated = false;
  std::optional<std::string> next;
  std::optional<std::string> previous;
  std::vector<connector> results;
};

// Params whose values are credentials (sde-api-notes.md, "Secret params").
bool is_secret_param(std::string_view key) noexcept;
// A name that looks like a credential's (pass, secret, token, key,
// credential, or the built-in list): what is treated as secret when no
// plugin schema says which fields are.
bool looks_secret(std::string_view key) noexcept;

// What a server answers in place of a secret when it masks them.
inline constexpr std::string_view masked_secret = "********";

// This param's value is a credential: by its key, marked so (a schema's
// masked_string, a renamed secret), or because it holds the mask: a value
// shown as the mask is a secret whose value is not known, whatever its key,
// and is never sent as a value.
inline bool is_secret(const param& p) noexcept {
  return p.secret || is_secret_param(p.key) ||
         (p.value.type == json_type::string && p.value.text == masked_secret);
}

// A secret whose value was not shown: masked, or null (redacted by an
// export). It can be neither compared nor sent.
inline bool secret_unknown(const param& p) noexcept {
  return is_secret(p) && (p.value.type == json_type::null ||
                          (p.value.type == json_type::string && p.value.text == masked_secret));
}

// The name as a Django server stores it: surrounding white space trimmed
// (ASCII and Unicode spaces, as Python's str.strip()).
std::string_view server_form(std::string_view name) noexcept;

}  // namespace sdemig
