#pragma once
// What a request costs the server, for the adaptive limit: each class is
// judged against its own unloaded latency. A write (a transaction, signals,
// an audit row) costs more than a read on every SDE instance; a connection
// test reaches out to the tracker and takes seconds. Comparing a write with
// a read's latency would see a queue where there is none.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sdemig::net {

enum class request_class : std::uint8_t { read, write, test };
inline constexpr std::size_t request_classes = 3;

constexpr std::string_view to_string(request_class c) noexcept {
  switch (c) {
    case request_class::read:
      return "reads";
    case request_class::write:
      return "writes";
    case request_class::test:
      return "connection tests";
  }
  return "requests";
}

}  // namespace sdemig::net
