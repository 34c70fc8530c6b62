#pragma once
// Misbehaviour on purpose: per request, with the configured probabilities,
// the emulator throttles (429), fails (503), resets the connection (for a
// write, sometimes after applying it), answers late, or applies a write and
// answers it with an empty body.

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace sdemig::sim {

enum class fault_scope { all, reads, writes };

struct fault_config {
  double p429 = 0;
  double p503 = 0;
  double reset = 0;
  double delay = 0;
  double empty_body = 0;  // a write applied, answered 2xx with an empty body
  unsigned retry_after_s = 1;
  unsigned delay_ms = 0;
  unsigned latency_ms = 0;         // added to every answer, and to a new connection's first
  unsigned handshake_ms = 0;       // more on a new connection's first answer (TLS: its handshake)
  double reset_after_apply = 0.5;  // share of write resets that happen after the write
  fault_scope scope = fault_scope::all;
  std::uint64_t seed = 1;
  // After this many requests every request is held unanswered until the
  // connection's idle timeout (a hung server); unset: never.
  std::optional<std::uint64_t> hang_after;

  // How long a new connection is held before its first answer (TLS: before
  // its handshake): TCP's handshake is a round trip, TLS's another one.
  std::chrono::milliseconds connection_hold() const noexcept {
    return std::chrono::milliseconds(latency_ms + handshake_ms);
  }

  bool any() const noexcept {
    return p429 > 0 || p503 > 0 || reset > 0 || delay > 0 || empty_body > 0;
  }
};

enum class fault_kind { none, throttle, unavailable, reset, delay, empty_body, hang };

struct fault_plan {
  fault_kind kind = fault_kind::none;
  bool apply_before_reset = false;  // reset only: the write is applied first
};

// One draw per request; `rng` belongs to the connection; `nth`: the
// request's number on the server (for hang_after).
fault_plan decide_fault(const fault_config& config, std::mt19937_64& rng, bool is_write,
                        std::uint64_t nth = 0);

fault_scope parse_fault_scope(std::string_view text);  // throws std::invalid_argument

}  // namespace sdemig::sim
