#pragma once
// What every kind of plan item has, whatever it is (a connector, a project
// connection, the next kind): its action, the reason for it as data (an
// enum; words only where printed), the ids, the changes, the secrets it
// lacks and the problems that make it invalid. The applier, the report and
// the pages work on this part alone; each kind adds what it writes.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/planning/compare.hpp"
#include "model/connector.hpp"

namespace sdemig::engine {

enum class action : std::uint8_t {
  create,
  update,
  noop,
  skip,
  conflict,
  invalid,
  missing_project,    // connections: the target has no such project (sdemig creates none)
  missing_connector,  // connections: their connector is not on the target and will not be
  unreadable,         // what it would be compared or written with was not shown: nothing sent
  remove,             // restore: delete what a run created ("delete")
};
// The actions a connector can get, in printing order.
inline constexpr action connector_actions[] = {action::create, action::update,   action::noop,
                                               action::skip,   action::conflict, action::invalid};
// Every action, in printing order.
inline constexpr action every_action[] = {action::create,
                                          action::update,
                                          action::remove,
                                          action::noop,
                                          action::skip,
                                          action::conflict,
                                          action::invalid,
                                          action::missing_project,
                                          action::missing_connector,
                                          action::unreadable};
std::string_view to_string(action a) noexcept;  // "create", ..., "missing-project"
// create, update or delete: the item goes to the target.
inline bool writes(action a) noexcept {
  return a == action::create || a == action::update || a == action::remove;
}

// Why an item got its action, where the action alone does not say.
enum class reason : std::uint8_t {
  none,
  differs_skip,           // on the target and different; on_conflict is skip
  differs_fail,           // on the target and different; on_conflict is fail
  same_in_source,         // another source item has the same name (or alias in that project)
  twice_on_target,        // more than one target item has this name (detail: their ids)
  renamed,                // on_conflict rename: renamed from `detail`, which differs on the target
  renamed_differs,        // on_conflict rename: the new name is on the target too, and differs
  no_project,             // missing-project (detail: the project)
  project_twice,          // more than one target project has this business unit, app and name
  connector_not_written,  // missing-connector: not on the target, and not written by this run
  connector_unknown,      // missing-connector: the source connection names no known connector
  source_params_hidden,   // unreadable: the source showed no params (its token lacks a permission)
  target_params_hidden,   // unreadable: the target showed no params for its match
  look_alike,     // conflict: the target holds a name that looks the same (detail: its form)
  changed_since,  // restore, conflict: the item changed after the run wrote it (restore --force)
  gone_since,     // restore, conflict: the item the run updated is no longer on the target
  drifted,  // apply, conflict: changed since the plan was saved (detail: changed, deleted, taken)
};

// The kinds of item a plan holds.
enum class item_type : std::uint8_t { connector, connection };

struct item_base {
  item_type type = item_type::connector;
  connector_kind kind = connector_kind::alm;
  action what = action::noop;
  reason why = reason::none;
  std::string detail;                    // the name (or project) a reason refers to
  std::vector<std::int64_t> detail_ids;  // twice_on_target: the target's ids; connector_unknown
  bool name_trimmed = false;  // white space around the name: the server may store it trimmed
  std::string stored_form;    // with name_trimmed: the name as the server may store it
  std::optional<std::int64_t> source_id, target_id;
  std::vector<field_change> changes;         // update: what differs (a create's: made when printed)
  std::vector<std::string> missing_secrets;  // a create or update that cannot be sent
  std::vector<std::string> problems;         // invalid: why it cannot be sent
  // PATCH: secrets no side shows, left out of the body: kept only by a
  // target that merges params (the applier checks on the first such write).
  std::vector<std::string> unsent_secrets;
};

// The words for an item's reason (and trimmed name), empty when it has
// none; `name` is the item's name (or alias) as planned.
std::string note_text(const item_base& item, std::string_view name);

struct plan_totals {
  std::array<std::size_t, std::size(every_action)> by_action{};
  std::size_t needs_secrets = 0;

  std::size_t count(action a) const { return by_action[static_cast<std::size_t>(a)]; }
  std::size_t pending() const {
    return count(action::create) + count(action::update) + count(action::remove);
  }
  std::size_t missing() const {
    return count(action::missing_project) + count(action::missing_connector);
  }
  std::size_t unreadable() const { return count(action::unreadable); }
};

// "3 to create, 1 to update, 2 unchanged, 0 skipped, 0 in conflict" (and
// "N to delete, " after the updates when a restore deletes): the start of
// every kind's totals line.
std::string totals_words(const plan_totals& t);

// Counts a plan's items by action, and the writes that need secrets.
template <class Items>
plan_totals count_actions(const Items& items) {
  plan_totals t;
  for (const item_base& item : items) {
    ++t.by_action[static_cast<std::size_t>(item.what)];
    if (writes(item.what) && !item.missing_secrets.empty()) ++t.needs_secrets;
  }
  return t;
}

// Names (and aliases) the API cannot take: empty after trimming, or over
// 255 characters.
inline constexpr std::size_t max_name_chars = 255;
std::vector<std::string> name_problems(const std::string& name, std::string_view what = "name");

}  // namespace sdemig::engine
