#include "engine/plan.hpp"

#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>
#include <deque>

#include "engine/transform.hpp"

namespace sdemig::engine {

std::string_view to_string(action a) noexcept {
  switch (a) {
    case action::create: return "create";
    case action::update: return "update";
    case action::noop: return "noop";
    case action::skip: return "skip";
    case action::conflict: return "conflict";
  }
  return "?";
}

namespace {

struct target_index {
  // Open addressing (Boost.Unordered's flat map): no node to allocate per
  // name, and lookups touch one array instead of a chain of nodes.
  boost::unordered_flat_map<std::string_view, const connector*> by_name;
  explicit target_index(const std::vector<connector>& connectors) {
    by_name.reserve(connectors.size());
    for (const connector& c : connectors) by_name.emplace(c.name, &c);
  }
  const connector* find(const std::string& name) const {
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : it->second;
  }
};

void decide(const job& j, const target_index& targets, plan_item& item) {
  const connector* existing = targets.find(item.desired.name);
  if (!existing) {  // a create's "diff" is the whole connector: made when printed, not here
    item.what = action::create;
    return;
  }
  item.target_id = existing->id;
  item.changes = diff(item.desired, existing);
  if (item.changes.empty()) {
    item.what = action::noop;
    return;
  }
  switch (j.on_conflict) {
    case conflict_policy::update: item.what = action::update; return;
    case conflict_policy::skip:
      item.what = action::skip;
      item.note = "differs on the target; on_conflict is skip";
      return;
    case conflict_policy::fail:
      item.what = action::conflict;
      item.note = "differs on the target; on_conflict is fail";
      return;
    case conflict_policy::rename: {
      const std::string original = item.desired.name;
      item.desired.name += j.rename_suffix;
      item.note = "renamed from \"" + original + "\", which differs on the target";
      const connector* renamed = targets.find(item.desired.name);
      item.target_id = renamed ? renamed->id : std::nullopt;
      if (renamed) item.changes = diff(item.desired, renamed);
      if (!renamed) {
        item.what = action::create;
      } else if (item.changes.empty()) {
        item.what = action::noop;
      } else {
        item.what = action::conflict;
        item.note = "\"" + item.desired.name + "\" exists on the target too, and differs";
      }
      return;
    }
  }
}

}  // namespace

plan make_plan(const job& j, inventory source, const inventory& target, const secret_store* secrets) {
  plan out;
  out.items.reserve(source.alm.size() + source.analysis.size());  // views into items stay valid
  for (connector_kind kind : j.kinds) {
    const target_index targets(target.of(kind));
    // Names already planned (after transforms), as views into the items;
    // the name a renamed item had first is kept in `renamed_from`.
    boost::unordered_flat_set<std::string_view> planned;
    planned.reserve(source.of(kind).size());
    std::deque<std::string> renamed_from;
    for (connector& from : source.of(kind)) {
      if (!j.selects(kind, from)) continue;
      plan_item& item = out.items.emplace_back();
      item.kind = kind;
      item.source_name = from.name;
      item.source_id = from.id;
      item.desired = std::move(from);
      item.desired.id.reset();
      item.desired.extra.clear();
      apply_transforms(j.transforms, kind, item.desired);
      item.missing_secrets = fill_secrets(item.desired, secrets, {item.source_name, item.desired.name});
      if (planned.contains(item.desired.name)) {
        item.what = action::conflict;
        item.note = "another source connector has the same name \"" + item.desired.name + "\"";
        continue;
      }
      const bool may_rename = j.on_conflict == conflict_policy::rename;
      std::string before = may_rename ? item.desired.name : std::string();
      decide(j, targets, item);
      planned.insert(item.desired.name);
      if (may_rename && before != item.desired.name) {  // the name it had is accounted for too
        planned.insert(renamed_from.emplace_back(std::move(before)));
      }
    }
    for (const connector& t : target.of(kind)) {
      if (!planned.contains(t.name)) out.only_in_target.emplace_back(kind, t.name);
    }
  }
  for (const plan_item& item : out.items) {
    ++out.totals.by_action[static_cast<std::size_t>(item.what)];
    const bool writes = item.what == action::create || item.what == action::update;
    if (writes && !item.missing_secrets.empty()) ++out.totals.needs_secrets;
  }
  return out;
}

}  // namespace sdemig::engine
