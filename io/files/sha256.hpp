#pragma once
// SHA-256 of bytes, as 64 lower-case hex digits (OpenSSL's EVP): what a
// plan file's digest and an item's fingerprint are.

#include <string>
#include <string_view>

namespace sdemig::files {

std::string sha256_hex(std::string_view bytes);

}  // namespace sdemig::files
