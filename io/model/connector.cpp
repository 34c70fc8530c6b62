#include "io/model/connector.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace sdemig {

std::string_view to_string(connector_kind kind) noexcept {
  return kind == connector_kind::alm ? "alm" : "analysis";
}

std::optional<connector_kind> parse_connector_kind(std::string_view text) noexcept {
  if (text == "alm") return connector_kind::alm;
  if (text == "analysis") return connector_kind::analysis;
  return std::nullopt;
}

std::string_view to_string(json_type type) noexcept {
  switch (type) {
    case json_type::string: return "string";
    case json_type::integer: return "integer";
    case json_type::number: return "number";
    case json_type::boolean: return "boolean";
    case json_type::null: return "null";
  }
  return "unknown";
}

const scalar* connector::find_param(std::string_view key) const noexcept {
  if (!params) return nullptr;
  auto it = std::find_if(params->begin(), params->end(), [&](const param& p) { return p.key == key; });
  return it == params->end() ? nullptr : &it->value;
}

scalar* connector::find_param(std::string_view key) noexcept {
  return const_cast<scalar*>(std::as_const(*this).find_param(key));
}

void connector::set_param(std::string_view key, scalar value) {
  if (scalar* existing = find_param(key)) {
    *existing = std::move(value);
    return;
  }
  if (!params) params.emplace();
  params->push_back({std::string(key), std::move(value)});
}

bool is_secret_param(std::string_view key) noexcept {
  static constexpr std::array<std::string_view, 5> secrets = {
      "alm_pass", "alm_api_token", "issue_tracker_pass", "issue_tracker_api_token", "analysis_pass"};
  return std::find(secrets.begin(), secrets.end(), key) != secrets.end();
}

}  // namespace sdemig
