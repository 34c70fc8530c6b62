#include "model/generation.hpp"

#include <algorithm>

namespace sdemig {
namespace {

constexpr std::string_view legacy_prefix = "alm_";
constexpr std::string_view current_prefix = "issue_tracker_";
constexpr std::string_view auth_mode = "issue_tracker_auth_mode";

}  // namespace

std::string_view to_string(api_generation g) noexcept {
  return g == api_generation::legacy ? "legacy" : "current";
}

std::optional<api_generation> parse_api_generation(std::string_view text) noexcept {
  if (text == "legacy") return api_generation::legacy;
  if (text == "current") return api_generation::current;
  return std::nullopt;
}

std::string_view path_segment(connector_kind kind, api_generation g) noexcept {
  if (kind == connector_kind::analysis) return "analysis";
  return g == api_generation::legacy ? "alm" : "issue-tracker";
}

std::string key_in(std::string_view key, api_generation g) {
  const std::string_view from = g == api_generation::legacy ? current_prefix : legacy_prefix;
  const std::string_view to = g == api_generation::legacy ? legacy_prefix : current_prefix;
  if (key == auth_mode || !key.starts_with(from)) return std::string(key);
  return std::string(to) + std::string(key.substr(from.size()));
}

void translate_params(std::vector<param>& params, api_generation from, api_generation to) {
  if (from == to) return;
  for (param& p : params) {
    p.key = key_in(p.key, to);
    if (p.key == "conflict_policy" && p.value.type == json_type::string) {
      if (to == api_generation::current && p.value.text == "alm") p.value.text = "issue_tracker";
      if (to == api_generation::legacy && p.value.text == "issue_tracker") p.value.text = "alm";
    }
  }
  if (to == api_generation::legacy) {
    std::erase_if(params, [](const param& p) { return p.key == auth_mode; });
    return;
  }
  if (std::any_of(params.begin(), params.end(), [](const param& p) { return p.key == auth_mode; }))
    return;
  const auto token = std::find_if(params.begin(), params.end(), [](const param& p) {
    return p.key == "issue_tracker_api_token";
  });
  const bool has_token =
      token != params.end() && token->value.type != json_type::null && !token->value.text.empty();
  params.push_back({std::string(auth_mode), scalar::string(has_token ? "api_token" : "basic")});
}

}  // namespace sdemig
