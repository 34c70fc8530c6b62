#include "engine/load/answers.hpp"

#include <cstdio>

namespace sdemig::engine {

answer_kind classify_status(unsigned status) noexcept {
  if (status >= 200 && status < 300) return answer_kind::ok;
  if (status == 429) return answer_kind::throttled;
  return answer_kind::error_status;
}

answer_kind classify(const net::http_result& r) noexcept {
  return r.ok() ? classify_status(r.status) : answer_kind::no_answer;
}

void answer_counts::add(answer_kind k) noexcept {
  switch (k) {
    case answer_kind::ok:
      ++ok;
      break;
    case answer_kind::throttled:
      ++throttled;
      break;
    case answer_kind::error_status:
      ++error_status;
      break;
    case answer_kind::no_answer:
      ++no_answer;
      break;
  }
}

std::optional<double> bad_share_pct(const answer_counts& c) noexcept {
  if (c.measured() == 0) return std::nullopt;
  return 100.0 * static_cast<double>(c.bad()) / static_cast<double>(c.measured());
}

run_verdict judge(const answer_counts& c, double max_errors_pct) noexcept {
  if (c.ok == 0) return run_verdict::no_answers;
  return *bad_share_pct(c) > max_errors_pct ? run_verdict::over_max_errors : run_verdict::measured;
}

bool refuses_the_token(const net::http_result& r, bool any_ok) noexcept {
  return !any_ok && r.ok() && (r.status == 401 || r.status == 403);
}

std::string verdict_text(run_verdict v, const answer_counts& c, double max_errors_pct) {
  const std::string of =
      std::to_string(c.measured()) + (c.measured() == 1 ? " request" : " requests");
  switch (v) {
    case run_verdict::measured:
      return "measured: " + std::to_string(c.ok) + " 2xx answers of " + of;
    case run_verdict::over_max_errors: {
      char pct[64];
      std::snprintf(pct, sizeof pct, "%.1f%%", bad_share_pct(c).value_or(0));
      char limit[32];
      std::snprintf(limit, sizeof limit, "%g%%", max_errors_pct);
      return std::string("errors and 429s were ") + pct + " of " + of + ", over --max-errors " +
             limit;
    }
    case run_verdict::no_answers:
      return "no 2xx answer among " + of;
  }
  return {};
}

}  // namespace sdemig::engine
