#include "engine/planning/rotation.hpp"

#include <algorithm>
#include <map>

namespace sdemig::engine {
namespace {

// The file's value for `key` of connector `name`.
const param* given(const secret_store& secrets, const std::string& name, const std::string& key) {
  return given_secret(&secrets, {name}, key);
}

}  // namespace

void rotate_secrets(inventory& own, const secret_store& secrets) {
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (connector& c : own.of(kind)) {
      if (!c.params) continue;
      for (param& p : *c.params) {
        if (!is_secret(p)) continue;
        if (const param* v = given(secrets, c.name, p.key)) p.value = v->value;
      }
    }
  }
}

void mark_rotations(plan& p, const inventory& target, const secret_store& secrets, bool patch) {
  secret_keys_by_item keys;
  for (const plan_item& item : p.items) {
    if ((item.what != action::noop && item.what != action::update) || !item.desired.params)
      continue;
    for (const param& q : *item.desired.params) {
      if (is_secret(q) && given(secrets, item.source_name, q.key))
        keys[{item.kind, item.desired.name}].push_back(q.key);
    }
  }
  force_secret_updates(p, target, keys, patch);
}

void force_secret_updates(plan& p, const inventory& target, const secret_keys_by_item& keys,
                          bool patch) {
  const connectors_by_id by_id = index_by_id(target);
  for (plan_item& item : p.items) {
    const bool noop = item.what == action::noop;
    if ((!noop && item.what != action::update) || !item.target_id || !item.desired.params) continue;
    const auto named = keys.find({item.kind, item.desired.name});
    const auto it = by_id.find({item.kind, *item.target_id});
    if (named == keys.end() || it == by_id.end()) continue;
    for (const param& q : *item.desired.params) {
      const bool listed =
          std::find(named->second.begin(), named->second.end(), q.key) != named->second.end();
      if (!listed || !is_secret(q) || secret_unknown(q)) continue;
      const scalar* there = it->second->find_param(q.key);
      if (!there || !secret_unknown(param{q.key, *there, true})) continue;  // shown: compared
      const std::string field = "params." + q.key;
      const bool said = std::any_of(item.changes.begin(), item.changes.end(),
                                    [&](const field_change& c) { return c.field == field; });
      if (said) continue;
      item.what = action::update;
      field_change c;
      c.field = field;
      c.from = *there;
      c.to = q.value;
      c.secret = true;
      item.changes.push_back(std::move(c));
    }
    // A noop made an update: its other secrets nobody shows are left out of
    // a PATCH, else needed (an update's were settled by the planner).
    if (!noop || item.what != action::update) continue;
    for (const param& q : *item.desired.params) {
      if (!secret_unknown(q)) continue;
      (patch ? item.unsent_secrets : item.missing_secrets).push_back(q.key);
    }
  }
  p.totals = count_actions(p.items);
}

}  // namespace sdemig::engine
