#include "engine/planning/plan.hpp"

#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>
#include <deque>

#include "engine/planning/decide.hpp"
#include "engine/planning/transform.hpp"

namespace sdemig::engine {

namespace {

struct target_index {
  // Open addressing (Boost.Unordered's flat map): no node to allocate per
  // name, and lookups touch one array instead of a chain of nodes.
  boost::unordered_flat_map<std::string_view, const connector*> by_name;
  // Names that more than one target connector has, with all their ids.
  boost::unordered_flat_map<std::string_view, std::vector<std::int64_t>> ambiguous;

  // The target's names by their look (look_alike_key); unless names match
  // exactly by the job's word.
  boost::unordered_flat_map<std::string, std::string_view> by_look;
  name_matching matching;

  target_index(const std::vector<connector>& connectors, name_matching how) : matching(how) {
    by_name.reserve(connectors.size());
    if (matching != name_matching::exact) by_look.reserve(connectors.size());
    for (const connector& c : connectors) {
      if (matching != name_matching::exact) by_look.emplace(look_alike_key(c.name), c.name);
      auto [it, inserted] = by_name.emplace(c.name, &c);
      if (inserted) continue;
      auto& ids = ambiguous[c.name];
      if (ids.empty()) ids.push_back(it->second->id.value_or(0));
      ids.push_back(c.id.value_or(0));
    }
  }

  // By the name as given, else as a server that trims names stored it,
  // else (unless the job matches exactly) by its look.
  lookup<connector> find(const std::string& name) const {
    lookup<connector> out;
    std::string_view key = name;
    auto it = by_name.find(key);
    if (it == by_name.end()) {
      key = server_form(name);
      if (key.size() == name.size() || (it = by_name.find(key)) == by_name.end()) {
        if (by_look.empty()) return out;
        const auto look = by_look.find(look_alike_key(name));
        if (look == by_look.end()) return out;
        if (matching == name_matching::flag) {
          out.look_alike = look->second;
          return out;
        }
        key = look->second;  // name_matching::look_alike: the same item
        it = by_name.find(key);
      }
    }
    if (auto dup = ambiguous.find(key); dup != ambiguous.end()) {
      out.twice = dup->second;
      out.name = key;
      return out;
    }
    out.match = it->second;
    return out;
  }
};

// Under PATCH, a param only on the target stays there: kept, not a change,
// unless the job unsets it (then that connector goes with PUT).
void patch_semantics(const boost::unordered_flat_set<std::string>& unset_keys, plan_item& item) {
  std::erase_if(item.changes, [&](const field_change& c) {
    if (c.change != field_change::kind::removed || !c.field.starts_with("params.")) return false;
    const std::string key = c.field.substr(7);
    if (unset_keys.contains(key)) {
      item.force_put = true;
      return false;
    }
    item.kept.push_back(key);
    return true;
  });
}

// A PATCH's body under either semantics a server may have (merge the
// params it is sent, or replace them whole, as DRF does with a JSON field):
// every param the target should keep is sent with its value where that is
// known (a param only on the target, a secret the source masks that the
// target shows); only what no side shows is left out (unsent_secrets),
// kept on a target that merges, which the applier checks on the first such
// write. A PUT (a PATCH turned PUT by an unset_params) keeps the same
// params, but can leave nothing out: what no side shows is needed. A
// secret the target does not hold at all is needed either way.
void keep_what_the_target_holds(plan_item& item, const connector& target, bool can_leave_out) {
  auto known = [](const param& p) { return !secret_unknown(p); };
  auto held = [&](const std::string& key) {
    const param* found = nullptr;
    for (const param& p : *target.params) found = p.key == key ? &p : found;
    return found;
  };
  std::vector<std::string> kept_sent, still_missing;
  for (const std::string& key : item.kept) {
    const param* p = held(key);
    if (p && known(*p)) {
      item.desired.params->push_back(*p);
      kept_sent.push_back(key);
    } else if (can_leave_out) {
      item.unsent_secrets.push_back(key);
    } else {
      still_missing.push_back(key);
    }
  }
  item.kept = std::move(kept_sent);
  for (const std::string& key : item.missing_secrets) {
    const param* p = held(key);
    if (p && known(*p)) {
      *item.desired.find_param(key) = p->value;
      item.target_values.push_back(key);
    } else if (p && can_leave_out) {
      item.unsent_secrets.push_back(key);
    } else {
      still_missing.push_back(key);  // nothing on the target to keep
    }
  }
  item.missing_secrets = std::move(still_missing);
}

struct decider {
  const job& j;
  const plan_options& options;
  const target_index& targets;
  const boost::unordered_flat_set<std::string>& unset_keys;
  const connector** matched;  // set to the target item compared last

  // Compares with `existing`: noop or a difference for the policy to settle.
  bool differs(plan_item& item, const connector& existing) const {
    *matched = &existing;
    item.target_id = existing.id;
    item.desired.name =
        existing.name == server_form(item.desired.name) ? existing.name : item.desired.name;
    item.changes = diff(item.desired, &existing);
    if (options.patch) patch_semantics(unset_keys, item);
    return !item.changes.empty();
  }

  void decide(plan_item& item) const {
    engine::decide(
        item, j.on_conflict, [&] { return targets.find(item.desired.name); },
        [&](const connector& existing) { return differs(item, existing); },
        [&] {
          std::string original = item.desired.name;
          item.desired.name += j.rename_suffix;
          item.kept.clear();
          item.force_put = false;
          return original;
        });
  }
};

}  // namespace

plan make_plan(const job& j, inventory source, const inventory& target, const secret_store* secrets,
               const plan_options& options) {
  plan out;
  out.source_api = options.source_api;
  out.target_api = options.target_api;
  out.items.reserve(source.alm.size() + source.analysis.size());  // views into items stay valid
  boost::unordered_flat_set<std::string> unset_keys;
  for (const transform& t : j.transforms) {
    if (t.what == transform::type::unset_params) unset_keys.insert(t.names.begin(), t.names.end());
  }
  for (connector_kind kind : j.kinds) {
    const target_index targets(target.of(kind), j.names_match);
    const connector* matched = nullptr;
    const decider decide{j, options, targets, unset_keys, &matched};
    // Names already planned (after transforms), as views into the items;
    // the name a renamed item had first is kept in `renamed_from`.
    boost::unordered_flat_set<std::string_view> planned;
    planned.reserve(source.of(kind).size());
    std::deque<std::string> renamed_from;
    for (connector& from : source.of(kind)) {
      if (!j.selects(kind, from)) continue;
      plan_item& item = out.items.emplace_back();
      item.type = item_type::connector;
      item.kind = kind;
      item.source_name = from.name;
      item.source_id = from.id;
      item.desired = std::move(from);
      item.desired.id.reset();
      item.desired.extra.clear();
      if (kind == connector_kind::alm && item.desired.params) {
        translate_params(*item.desired.params, options.source_api, options.target_api);
        if (options.target_schema) mark_schema_secrets(item.desired, *options.target_schema);
      }
      item.problems = apply_transforms(j.transforms, kind, item.desired);
      for (std::string& p : name_problems(item.desired.name)) item.problems.push_back(std::move(p));
      item.missing_secrets =
          fill_secrets(item.desired, secrets, {item.source_name, item.desired.name});
      if (!item.problems.empty()) {
        item.what = action::invalid;
        planned.insert(item.desired.name);
        continue;
      }
      if (planned.contains(item.desired.name)) {
        item.what = action::conflict;
        item.why = reason::same_in_source;
        continue;
      }
      const std::string as_given = item.desired.name;
      matched = nullptr;
      decide.decide(item);
      planned.insert(item.desired.name);
      // A target item taken for this one by its look (or in conflict with
      // it for its look) is accounted for: not "only in the target".
      if (matched && matched->name != item.desired.name) planned.insert(matched->name);
      if (item.why == reason::look_alike) planned.insert(item.detail);
      if (as_given !=
          item.desired
              .name) {  // renamed, or matched in the server's form: both names are accounted for
        planned.insert(renamed_from.emplace_back(as_given));
      }
      if (const std::string_view stored = server_form(as_given); stored.size() != as_given.size()) {
        item.name_trimmed = true;
        item.stored_form = stored;
      }
      if (writes(item.what) && options.target_schema && kind == connector_kind::alm) {
        item.problems = schema_problems(item.desired, *options.target_schema);
        if (!item.problems.empty()) {
          item.what = action::invalid;
          continue;
        }
      }
      if (options.patch && item.what == action::update && matched && matched->params &&
          item.desired.params) {
        keep_what_the_target_holds(item, *matched, /*can_leave_out=*/!item.force_put);
      }
    }
    for (const connector& t : target.of(kind)) {
      if (!planned.contains(t.name)) out.only_in_target.emplace_back(kind, t.name);
    }
  }
  out.totals = count_actions(out.items);
  return out;
}

}  // namespace sdemig::engine
