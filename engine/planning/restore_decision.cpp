#include "engine/planning/restore_decision.hpp"

namespace sdemig::engine {

restore_step decide_restore(const restore_facts& f, bool force) noexcept {
  if (f.created) {
    if (!f.present) return restore_step::unchanged;  // never created, or deleted already
    if (f.equals_written || force) return restore_step::remove;
    return restore_step::changed_since;
  }
  if (!f.present) return force ? restore_step::write_back : restore_step::gone_since;
  // Before-image first: an update never reached, or restored already.
  if (f.equals_before) return restore_step::unchanged;
  if (f.equals_written || force) return restore_step::write_back;
  return restore_step::changed_since;
}

void set_restore_action(item_base& item, restore_step step) {
  switch (step) {
    case restore_step::unchanged:
      item.what = action::noop;
      return;
    case restore_step::remove:
      item.what = action::remove;
      return;
    case restore_step::changed_since:
      item.what = action::conflict;
      item.why = reason::changed_since;
      return;
    case restore_step::gone_since:
      item.what = action::conflict;
      item.why = reason::gone_since;
      return;
    case restore_step::write_back:
      return;
  }
}

}  // namespace sdemig::engine
