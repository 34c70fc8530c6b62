#pragma once
// The bytes simdjson may read past the end of a document: every buffer that
// is parsed in place keeps this much capacity after its text (checked
// against simdjson's own constant in io/json/detail/ondemand_reader.cpp).

#include <cstddef>

namespace sdemig::json {

inline constexpr std::size_t padding = 64;

}  // namespace sdemig::json
