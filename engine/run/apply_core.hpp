#pragma once
// The one applier every kind of item goes through (connectors, project
// connections, the next kind). It owns what must mean the same for all of
// them: the outcome each plan action gets, writes over the pool's workers,
// a write whose outcome is unknown (an answer lost after sending, a 2xx
// without a usable body, a 503, or "name taken" for a create) settled by
// re-reading the target in rounds so that nothing is created twice, the
// halts (a rejected token, an unreachable target, a journal that cannot be
// written: no new write goes out), progress, and the words of each.
// A kind supplies only what differs: how it writes, how it re-reads and
// matches, and the journal line it leaves (item_writer).

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/planning/plan_item.hpp"
#include "engine/run/journal.hpp"
#include "io/sde/result.hpp"

namespace sdemig::engine {

class progress;

enum class outcome_status {
  unchanged,     // noop
  skipped,       // on_conflict skip
  conflict,      // on_conflict fail, or a duplicate name
  needs_secret,  // not sent: a secret is missing
  missing,       // not sent: what it refers to (a project, a connector) is not on the target
  done,          // written
  reconciled,    // the target already held it (an earlier lost answer)
  refused,       // the target does not allow the write (405)
  invalid,       // not sent: the plan found it cannot be valid
  failed,
  not_started,  // never sent: the run stopped (a halt, Ctrl-C) before its turn
  unreadable,   // not sent: what it would be written with was not shown (a permission)
  secret_lost,  // written, but the target dropped a secret the PATCH left out (it replaces params)
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

// What the target was seen to do with params a PATCH leaves out (a secret
// masked on both sides can be kept only that way): nothing is assumed.
enum class patch_params_seen : std::uint8_t {
  not_observed,
  kept,      // merged: the answer still held every key left out
  replaced,  // the answer lacked a key left out: PATCH replaces `params` whole
};
std::string_view to_string(patch_params_seen s) noexcept;  // "not observed", "kept", "replaced"

// Evidence about one target, shared by every kind written to it in a run.
struct patch_evidence {
  patch_params_seen seen = patch_params_seen::not_observed;
  std::string seen_on;  // the item whose answer showed it
};

struct apply_options {
  std::size_t concurrency = 16;
  bool use_patch = false;
  // Set by the caller: what the target was seen to do with left-out params
  // (read and updated by the run). Null: this run keeps its own.
  patch_evidence* evidence = nullptr;
  // A halt earlier in the run (another kind's): nothing is sent, and every
  // item still gets its outcome (a write: not_started).
  std::string halted_before;
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
  std::string halted;    // why no new writes were sent: a rejected token, a journal that failed
  patch_evidence patch;  // what the target showed of left-out params (at the end of the run)
};

// What the target answered to a write.
struct written_item {
  std::int64_t id = 0;
  std::string stored_name;  // the name (alias) as stored
  // A PATCH that left keys out (item.unsent_secrets): those the stored
  // object no longer holds; nullopt when the answer did not show params.
  std::optional<std::vector<std::string>> left_out_gone;
};

// What a fresh read of the target holds for an item.
struct seen_item {
  std::int64_t id = 0;
  std::string stored_name;
  bool settled = false;  // it holds what the item wants
};

// What one kind of item supplies to the core.
class item_writer {
 public:
  virtual ~item_writer() = default;
  virtual std::size_t size() const = 0;
  virtual const item_base& item(std::size_t i) const = 0;
  // Its name (a connector's) or alias (a connection's), as planned.
  virtual std::string_view name(std::size_t i) const = 0;
  // Why a create or update cannot be sent after all (its connector was not
  // written), or empty.
  virtual std::string blocked(std::size_t) const { return {}; }
  // Writes item i: an update of `update_id`, else a create.
  virtual boost::asio::awaitable<sde::result<written_item>> write(
      std::size_t i, std::optional<std::int64_t> update_id) = 0;
  // Deletes target item `id` (a restore's action::remove).
  virtual boost::asio::awaitable<sde::result<std::monostate>> remove(std::size_t i,
                                                                     std::int64_t id) = 0;
  // "The name is taken": a create that may have landed earlier.
  virtual bool taken(const sde::api_error& e) const = 0;
  // Reads what the target holds for these items (once for each list they
  // are in); then seen() answers for each of them.
  virtual boost::asio::awaitable<sde::result<std::monostate>> reread(
      const std::vector<std::size_t>& items) = 0;
  // nullopt: the target holds no such item (a delete is settled by that).
  virtual std::optional<seen_item> seen(std::size_t i) const = 0;
  // The journal line for item i (kind, names, ids); the core sets the status.
  virtual journal_entry journal_line(std::size_t i, const item_outcome& out) const = 0;
};

// `stop` is read between writes: once true, no new write starts.
boost::asio::awaitable<apply_result> async_apply_items(item_writer& kind,
                                                       const apply_options& options,
                                                       journal* journal, progress* progress,
                                                       const bool& stop);

}  // namespace sdemig::engine
