#pragma once
// Code points as UTF-8, for the readers that unescape JSON (and the
// scrubber that undoes a server's \uXXXX): one encoder for both.

#include <cstdint>
#include <string>

namespace sdemig::json {

// `cp` as UTF-8 appended to `out`; a lone surrogate as its three bytes
// (WTF-8, as Python's json reads one); nothing past U+10FFFF.
void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace sdemig::json
