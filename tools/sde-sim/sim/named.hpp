#pragma once
// The enum value a flag's word names (--misbehave html, --echo-as percent,
// --refuse-delete connectors): one lookup for every such flag of the
// emulator. An unknown word throws std::invalid_argument naming `what`.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace sdemig::sim {

template <class E, std::size_t N>
E named(const std::pair<std::string_view, E> (&names)[N], std::string_view text,
        std::string_view what) {
  for (const auto& [name, value] : names) {
    if (name == text) return value;
  }
  throw std::invalid_argument("unknown " + std::string(what) + " \"" + std::string(text) + "\"");
}

}  // namespace sdemig::sim
