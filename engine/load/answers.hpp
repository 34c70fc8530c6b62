#pragma once
// No verdict without answers: the one rule every number bench gives follows,
// kept here alone.
//
// - Only a 2xx answer is throughput, and only 2xx answers have a latency in
//   the percentiles.
// - An error answer is not throughput: a 429 is counted as throttled, any
//   other status (4xx, 5xx, a redirect not followed) as an error by its
//   status, a request without an answer (timeout, reset) as an error by its
//   kind. Errors and 429s together are the share `--max-errors` bounds.
// - No answers is no verdict: a threshold over none is breached ("no
//   answers measured"), a run or a capacity step without a 2xx is not a
//   result, too few seconds to compare is `inconclusive`.
// - A token refused (401/403) before any 2xx stops a run at once: nothing
//   after it would be an answer either.
// No I/O.

#include <cstdint>
#include <optional>
#include <string>

#include "io/net/core/http_types.hpp"

namespace sdemig::engine {

enum class answer_kind : std::uint8_t { ok, throttled, error_status, no_answer };
answer_kind classify(const net::http_result& r) noexcept;
answer_kind classify_status(unsigned status) noexcept;  // an HTTP answer's

// What a run (or one operation, or one second) got.
struct answer_counts {
  std::uint64_t ok = 0;            // 2xx: throughput
  std::uint64_t throttled = 0;     // 429
  std::uint64_t error_status = 0;  // any other status
  std::uint64_t no_answer = 0;     // timeouts, resets, refused connections

  void add(answer_kind k) noexcept;
  std::uint64_t measured() const noexcept { return ok + throttled + error_status + no_answer; }
  std::uint64_t answered() const noexcept { return ok + throttled + error_status; }
  std::uint64_t bad() const noexcept { return throttled + error_status + no_answer; }
};

// Errors and 429s as a share of the requests measured, in percent; nullopt
// when none was.
std::optional<double> bad_share_pct(const answer_counts& c) noexcept;

// What a run's answers allow it to say.
enum class run_verdict : std::uint8_t {
  measured,         // at least one 2xx, errors and 429s within --max-errors
  over_max_errors,  // errors and 429s passed --max-errors
  no_answers,       // not one 2xx
};
run_verdict judge(const answer_counts& c, double max_errors_pct) noexcept;

// A 401 or 403 before any 2xx of the run: the token is not accepted, and
// the run stops at once.
bool refuses_the_token(const net::http_result& r, bool any_ok) noexcept;

// "errors and 429s were 31.2% of 400 requests, over --max-errors 5%" /
// "no 2xx answer among 16 requests".
std::string verdict_text(run_verdict v, const answer_counts& c, double max_errors_pct);

// How a number over no answers is printed, in every output.
inline constexpr const char* no_answers_text = "no answers measured";

}  // namespace sdemig::engine
