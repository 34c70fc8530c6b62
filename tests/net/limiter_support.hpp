#pragma once
// What the adaptive limiter's tests share.

#include <cstddef>

#include "io/net/core/adaptive_limit.hpp"

namespace sdemig::net::test {

// Options starting at `initial` requests in flight, capped at `max`.
inline adaptive_options sized(std::size_t initial, std::size_t max) {
  adaptive_options o;
  o.initial = initial;
  o.max = max;
  return o;
}

}  // namespace sdemig::net::test
