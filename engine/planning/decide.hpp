#pragma once
// The decision every kind of item makes once it is looked up on the target:
// create when absent, a conflict when the target holds it twice or holds a
// name that looks the same (engine/planning/look_alike.hpp), noop when
// equal, and otherwise what the job's on_conflict says (update, skip, fail,
// or rename and decide again under the new name). One function, so that a
// policy means the same for connectors, connections and the next kind.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/planning/job.hpp"
#include "engine/planning/plan_item.hpp"

namespace sdemig::engine {

// What looking an item up on the target found.
template <class T>
struct lookup {
  const T* match = nullptr;
  std::vector<std::int64_t> twice;  // the ids, when more than one target item has the name
  std::string name;                 // with twice: the name they share
  std::string look_alike;           // no match, but a target item's name looks the same: that name
};

// `find()` looks the item up under its current name; `differs(match)` sets
// the item's target id and changes and says whether anything differs;
// `rename()` appends the job's suffix to the name (and resets what the kind
// keeps of the match) and returns the name it had.
template <class Find, class Differs, class Rename>
void decide(item_base& item, conflict_policy policy, Find find, Differs differs, Rename rename) {
  auto set = [&item](action a, reason r) {
    item.what = a;
    item.why = r;
  };
  auto found = find();
  if (!found.twice.empty()) {
    set(action::conflict, reason::twice_on_target);
    item.detail_ids = std::move(found.twice);
    item.detail = std::move(found.name);
    return;
  }
  if (!found.look_alike.empty()) {  // never a second item no one can tell from the first
    set(action::conflict, reason::look_alike);
    item.detail = std::move(found.look_alike);
    return;
  }
  if (!found.match) return set(action::create, reason::none);
  if (!differs(*found.match)) return set(action::noop, reason::none);
  switch (policy) {
    case conflict_policy::update:
      return set(action::update, reason::none);
    case conflict_policy::skip:
      return set(action::skip, reason::differs_skip);
    case conflict_policy::fail:
      return set(action::conflict, reason::differs_fail);
    case conflict_policy::rename:
      break;
  }
  item.detail = rename();
  item.target_id.reset();
  item.changes.clear();
  auto again = find();
  if (!again.twice.empty()) {
    set(action::conflict, reason::twice_on_target);
    item.detail_ids = std::move(again.twice);
    item.detail = std::move(again.name);
  } else if (!again.look_alike.empty()) {
    set(action::conflict, reason::look_alike);
    item.detail = std::move(again.look_alike);
  } else if (!again.match) {
    set(action::create, reason::renamed);
  } else if (!differs(*again.match)) {
    set(action::noop, reason::renamed);
  } else {
    set(action::conflict, reason::renamed_differs);
  }
}

}  // namespace sdemig::engine
