#pragma once
// The version line of both programs.

#include <string>
#include <string_view>

namespace sdemig {

// "<program> 0.1.0 (git 1a2b3c4d5e6f)\nbuilt with Boost 1.81.0, simdjson 3.0.1, OpenSSL 3.0.15
// (running 3.0.15)"
std::string version_text(std::string_view program);

}  // namespace sdemig
