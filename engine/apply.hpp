#pragma once
// Carries out a plan on the target: the writes run concurrently over the
// pool; a create whose outcome is unknown (connection lost after sending,
// or "name exists") is reconciled by reading the target again, so a
// connector is never created twice.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/plan.hpp"
#include "io/sde/sde_client.hpp"

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
  failed,
  not_started,   // interrupted before its turn
};
std::string_view to_string(outcome_status s) noexcept;
bool is_failure(outcome_status s) noexcept;

struct item_outcome {
  outcome_status status = outcome_status::not_started;
  std::optional<std::int64_t> target_id;
  unsigned http_status = 0;
  std::string error;  // one line
};

struct apply_options {
  std::size_t concurrency = 16;
  bool use_patch = false;
  std::size_t page_size = 500;
  // Each round re-reads the target once and settles what it can; a write
  // that stays unknown through all of them is reported failed.
  unsigned reconcile_rounds = 20;
};

struct apply_result {
  std::vector<item_outcome> outcomes;  // one per plan item
  std::size_t writes = 0;              // write requests sent
  bool interrupted = false;
};

// `stop` is read between writes: once true, no new write starts.
boost::asio::awaitable<apply_result> async_apply(sde::sde_client& target, const plan& p,
                                                 const apply_options& options, journal* journal,
                                                 progress* progress, const bool& stop);

}  // namespace sdemig::engine
