#include "model/connector.hpp"

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

std::optional<connector_kind> parse_kind_name(std::string_view text) noexcept {
  if (text == "issue-tracker") return connector_kind::alm;
  return parse_connector_kind(text);
}

std::string_view to_string(json_type type) noexcept {
  switch (type) {
    case json_type::string:
      return "string";
    case json_type::integer:
      return "integer";
    case json_type::number:
      return "number";
    case json_type::boolean:
      return "boolean";
    case json_type::null:
      return "null";
  }
  return "unknown";
}

const scalar* connector::find_param(std::string_view key) const noexcept {
  if (!params) return nullptr;
  auto it =
      std::find_if(params->begin(), params->end(), [&](const param& p) { return p.key == key; });
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
      "alm_pass", "alm_api_token", "issue_tracker_pass", "issue_tracker_api_token",
      "analysis_pass"};
  return std::find(secrets.begin(), secrets.end(), key) != secrets.end();
}

bool looks_secret(std::string_view key) noexcept {
  if (is_secret_param(key)) return true;
  std::string lower(key);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (std::string_view word : {"pass", "secret", "token", "key", "credential"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

namespace {

// The UTF-8 length of the white space character `s` starts (or, with
// `back`, ends) with; 0 when it is not one. Python's str.strip(), which
// Django's CharField trims with: ASCII white space and the Unicode spaces.
std::size_t space_at(std::string_view s, bool back) {
  if (s.empty()) return 0;
  const unsigned char c = static_cast<unsigned char>(back ? s.back() : s.front());
  if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f)) return 1;
  // Multi-byte: find the whole character.
  std::size_t len = 0;
  std::string_view ch;
  if (back) {
    std::size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 &&
           s.size() - start < 4)
      --start;
    ch = s.substr(start);
  } else {
    const unsigned char lead = c;
    len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    ch = s.substr(0, len);
  }
  static constexpr std::string_view spaces[] = {
      "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81",
      "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86",
      "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8",
      "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80"};
  for (std::string_view sp : spaces) {
    if (ch == sp) return sp.size();
  }
  return 0;
}

}  // namespace

std::string_view server_form(std::string_view name) noexcept {
  while (std::size_t n = space_at(name, false)) name.remove_prefix(n);
  while (std::size_t n = space_at(name, true)) name.remove_suffix(n);
  return name;
}

}  // namespace sdemig
