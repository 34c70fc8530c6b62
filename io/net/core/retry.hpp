#pragma once
// When to try a request again and how long to wait first: exponential
// backoff with full jitter, Retry-After honoured, a cap on attempts and on
// total time. No I/O: the client asks, this answers.

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

namespace sdemig::net {

struct retry_options {
  unsigned max_attempts = 8;  // including the first
  std::chrono::milliseconds base_delay{100};
  std::chrono::milliseconds max_delay{10'000};
  std::chrono::milliseconds max_total{120'000};  // from the first attempt
};

// Why an attempt is retried (counted per cause).
enum class retry_cause { throttled, unavailable, connect_failed, connection_lost, timeout, count_ };

std::string_view to_string(retry_cause cause) noexcept;

// Retry-After: delta-seconds or an HTTP-date. `now` is the system clock's
// now, to turn a date into a wait. nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

class backoff {
 public:
  explicit backoff(const retry_options& options, std::uint64_t seed = std::random_device{}())
      : options_(options), rng_(seed) {}

  // The wait before attempt number `attempt + 1` (attempt >= 1 is the one
  // that just failed): full jitter, uniform in [0, min(max, base * 2^(attempt-1))],
  // but never less than the server's Retry-After.
  std::chrono::milliseconds delay(
      unsigned attempt, std::optional<std::chrono::milliseconds> retry_after = std::nullopt);

  // Whether another attempt fits: attempts left, and the wait ends before
  // the total budget does.
  bool allows(unsigned attempts_made, std::chrono::milliseconds elapsed,
              std::chrono::milliseconds next_wait) const;

 private:
  retry_options options_;
  std::mt19937_64 rng_;
};

}  // namespace sdemig::net
