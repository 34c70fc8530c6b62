#pragma once
// What restore does with one item a run wrote, from what the target holds
// now against what it held before the run (its before-image) and what the
// run wrote. One table for every kind of item. No I/O.

#include <cstdint>

#include "engine/planning/plan_item.hpp"

namespace sdemig::engine {

enum class restore_step : std::uint8_t {
  unchanged,      // never reached by the run (interrupted), or restored already
  write_back,     // updated by the run and still as written: back to its before-image
  remove,         // created by the run and still as written: deleted
  changed_since,  // changed by someone after the run: not touched without --force
  gone_since,     // updated by the run, deleted since: not touched without --force
};

struct restore_facts {
  bool created = false;         // the run created it (it has no before-image)
  bool present = false;         // the target holds it now (by its key)
  bool equals_before = false;   // now == the before-image (an update's)
  bool equals_written = false;  // now == what the run wrote
};

// --force: changed_since is written back (or removed, for a create), and
// gone_since is created again from its before-image.
restore_step decide_restore(const restore_facts& f, bool force) noexcept;

// The action (and reason) a step gives an item of the restore's plan:
// noop, remove, or a conflict changed or gone since. write_back gives none:
// such an item is planned from its before-image.
void set_restore_action(item_base& item, restore_step step);

}  // namespace sdemig::engine
