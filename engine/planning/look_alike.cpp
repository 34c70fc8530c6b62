#include "engine/planning/look_alike.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

#include "model/connector.hpp"

namespace sdemig::engine {

std::string look_alike_key(std::string_view name) {
  const std::string_view trimmed = server_form(name);
  bool ascii = true;
  for (char c : trimmed) ascii &= static_cast<unsigned char>(c) < 0x80;
  std::string key(trimmed);
  if (ascii) {
    for (char& c : key) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
  }
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(trimmed.data()),
      static_cast<utf8proc_ssize_t>(trimmed.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (n < 0) return key;  // not UTF-8: only itself looks like itself
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
}

std::optional<name_matching> parse_name_matching(std::string_view text) noexcept {
  if (text == "flag") return name_matching::flag;
  if (text == "exact") return name_matching::exact;
  if (text == "look-alike") return name_matching::look_alike;
  return std::nullopt;
}

std::string_view to_string(name_matching m) noexcept {
  switch (m) {
    case name_matching::flag:
      return "flag";
    case name_matching::exact:
      return "exact";
    case name_matching::look_alike:
      return "look-alike";
  }
  return "?";
}

}  // namespace sdemig::engine
