#include "io/net/core/retry.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>

namespace sdemig::net {

std::string_view to_string(retry_cause cause) noexcept {
  switch (cause) {
    case retry_cause::throttled:
      return "429";
    case retry_cause::unavailable:
      return "503";
    case retry_cause::connect_failed:
      return "connect";
    case retry_cause::connection_lost:
      return "connection_lost";
    case retry_cause::timeout:
      return "timeout";
    case retry_cause::count_:
      break;
  }
  return "unknown";
}

std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    unsigned long seconds = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc{}) return std::nullopt;
    return std::chrono::seconds(std::min<unsigned long>(seconds, 24 * 3600));
  }
  // IMF-fixdate: "Wed, 21 Oct 2015 07:28:00 GMT"
  std::tm tm{};
  const std::string text(value);
  const char* end = ::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  const auto when = std::chrono::system_clock::from_time_t(::timegm(&tm));
  const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(when - now);
  return std::max(wait, std::chrono::milliseconds(0));
}

std::chrono::milliseconds backoff::delay(unsigned attempt,
                                         std::optional<std::chrono::milliseconds> retry_after) {
  const unsigned shift = std::min(attempt > 0 ? attempt - 1 : 0u, 20u);
  const std::chrono::milliseconds ceiling =
      std::min<std::chrono::milliseconds>(options_.max_delay, options_.base_delay * (1LL << shift));
  std::uniform_int_distribution<long long> jitter(0, ceiling.count());
  std::chrono::milliseconds wait(jitter(rng_));
  if (retry_after) wait = std::max(wait, *retry_after);
  return wait;
}

bool backoff::allows(unsigned attempts_made, std::chrono::milliseconds elapsed,
                     std::chrono::milliseconds next_wait) const {
  return attempts_made < options_.max_attempts && elapsed + next_wait <= options_.max_total;
}

}  // namespace sdemig::net
