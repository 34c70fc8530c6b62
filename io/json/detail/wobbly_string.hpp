#pragma once
// JSON strings as Python's json writes them, lone surrogates included: a
// string token unescaped with each lone surrogate escape ("\\ud800") kept
// as its three WTF-8 bytes (what simdjson refuses), so that a server's odd
// name is carried through byte for byte; json_writer writes those bytes
// back as the same escape. No simdjson here.

#include <optional>
#include <string>
#include <string_view>

namespace sdemig::json::detail {

// nullopt when `token` is no JSON string token (or a bad escape).
std::optional<std::string> unescape_wobbly(std::string_view token);

}  // namespace sdemig::json::detail
