#pragma once
// Carries out a plan on the target: the writes run concurrently over the
// pool; a write whose outcome is unknown (connection lost after sending, a
// 2xx without a usable body, a 503, or "name exists" for a create) is
// settled by reading the target again, so a connector is never created
// twice. The first 401/403 stops every new write (the token is gone), and
// so does a journal that cannot be written.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/planning/plan.hpp"
#include "io/sde/connector_target.hpp"

namespace sdemig::engine {

class journal;
class progress;

enum class outcome_status {
  unchanged,     // noop
  skipped,       // on_conflict skip
  conflict,      // on_conflict fail, or a duplicate name
  needs_secret,  // not sent: a secret is missing
  done,          // written
  reconciled,    // the target already held it (an earlier lost answer)
  refused,       // the target does not allow the write (405)
  invalid,       // not sent: the plan found it cannot be valid
  failed,
  not_started,  // interrupted before its turn
};
std::string_view to_string(outcome_status s) noexcept;
bool is_failure(outcome_status s) noexcept;

struct item_outcome {
  outcome_status status = outcome_status::not_started;
  std::optional<std::int64_t> target_id;
  unsigned http_status = 0;
  std::string error;        // one line
  std::string stored_name;  // the name the server stored, when it differs from the one sent
};

struct apply_options {
  std::size_t concurrency = 16;
  bool use_patch = false;
  // Each round re-reads the target once for every unsettled write and
  // settles what it can. Rounds stop after `reconcile_rounds` in a row that
  // settle nothing more (a write that never lands), and after
  // `max_reconcile_rounds` in all; a write still unknown then is failed.
  unsigned reconcile_rounds = 3;
  unsigned max_reconcile_rounds = 10;
};

struct apply_result {
  std::vector<item_outcome> outcomes;  // one per plan item
  std::size_t writes = 0;              // write requests the target answered
  bool interrupted = false;
  std::string halted;  // why no new writes were sent: a rejected token, a journal that failed
};

// `stop` is read between writes: once true, no new write starts.
boost::asio::awaitable<apply_result> async_apply(sde::connector_target& target, const plan& p,
                                                 const apply_options& options, journal* journal,
                                                 progress* progress, const bool& stop);

}  // namespace sdemig::engine
