#include "engine/connectors/connector_backup.hpp"

#include <algorithm>
#include <map>

#include "engine/planning/restore_decision.hpp"
#include "engine/text/terminal_text.hpp"

namespace sdemig::engine {
namespace {

using connector_key = std::pair<connector_kind, std::string>;

// What the target holds under `name` (as written, or as a server that trims stored it).
const connector* find_by_name(const std::map<connector_key, const connector*>& now,
                              connector_kind kind, const std::string& name) {
  auto it = now.find({kind, name});
  if (it == now.end()) it = now.find({kind, std::string(server_form(name))});
  return it == now.end() ? nullptr : it->second;
}

// `now` holds what the run wrote: what it sent (a trimmed name is the same
// name; a secret nobody can see is no difference; params the run kept are
// in what it sent).
bool holds_written(const connector& written, const connector& now) {
  for (const field_change& c : diff(written, &now)) {
    if (c.field == "name" && server_form(written.name) == now.name) continue;
    return false;
  }
  return true;
}

bool holds_before(const connector& before, const connector& now) {
  return diff(before, &now).empty();
}

}  // namespace

void add_connector_images(const plan& p, const inventory& target, inventory& before,
                          inventory& written, secret_keys_by_item& secrets_changed) {
  const connectors_by_id by_id = index_by_id(target);
  for (const plan_item& item : p.items) {
    if (item.what != action::create && item.what != action::update) continue;
    connector sent = item.desired;
    sent.id = item.what == action::update ? item.target_id : std::nullopt;
    written.of(item.kind).push_back(std::move(sent));
    if (item.what != action::update || !item.target_id) continue;
    const auto it = by_id.find({item.kind, *item.target_id});
    if (it != by_id.end()) before.of(item.kind).push_back(*it->second);
    for (const field_change& c : item.changes) {
      if (c.secret && c.field.starts_with("params."))
        secrets_changed[{item.kind, item.desired.name}].push_back(c.field.substr(7));
    }
  }
}

plan plan_connector_restore(const connector_restore_input& in, std::vector<std::string>* kept) {
  std::map<connector_key, const connector*> now;
  const connectors_by_id before_by_id = index_by_id(*in.before);
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (const connector& c : in.now->of(kind)) now.emplace(connector_key{kind, c.name}, &c);
  }
  plan out;
  out.source_api = out.target_api = in.options.target_api;
  inventory back;              // the before-images to write back
  secret_keys_by_item forced;  // secrets written back from --secrets
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (const connector& w : in.written->of(kind)) {
      const connector* before = nullptr;
      if (w.id) {
        const auto it = before_by_id.find({kind, *w.id});
        if (it != before_by_id.end()) before = it->second;
      }
      // An update's key is its name before the run (a rename by the job
      // is the name the run wrote).
      const connector* current = find_by_name(now, kind, w.name);
      if (!current && before) current = find_by_name(now, kind, before->name);
      restore_facts facts;
      facts.created = before == nullptr;
      facts.present = current != nullptr;
      facts.equals_before = before && current && holds_before(*before, *current);
      facts.equals_written = current && holds_written(w, *current);
      restore_step step = decide_restore(facts, in.force);
      // A secret the run changed that the backup holds masked: put back
      // from --secrets when it gives it, else kept as the target holds it.
      const auto changed = in.secrets_changed ? in.secrets_changed->find({kind, w.name})
                                              : secret_keys_by_item::const_iterator{};
      if (before && in.secrets_changed && changed != in.secrets_changed->end()) {
        for (const std::string& key : changed->second) {
          const scalar* was = before->find_param(key);
          if (!was || !secret_unknown(param{key, *was, true})) continue;
          connector probe = *before;
          if (fill_secrets(probe, in.secrets, {before->name}).empty() &&
              (step == restore_step::unchanged || step == restore_step::write_back)) {
            step = restore_step::write_back;
            forced[{kind, before->name}].push_back(key);
          } else if (kept) {
            kept->push_back(quoted(before->name) + " " + printable(key));
          }
        }
      }
      if (step == restore_step::write_back) {
        back.of(kind).push_back(*before);
        continue;
      }
      plan_item& item = out.items.emplace_back();
      item.type = item_type::connector;
      item.kind = kind;
      item.source_name = w.name;
      item.desired = w;
      item.desired.id.reset();
      item.target_id = current ? current->id : std::nullopt;
      set_restore_action(item, step);
      if (step == restore_step::remove) item.desired.name = current->name;
      if (step == restore_step::changed_since) item.changes = diff(w, current);
    }
  }
  job all;
  plan written_back = make_plan(all, back, *in.now, in.secrets, in.options);
  force_secret_updates(written_back, *in.now, forced, in.options.patch);
  for (plan_item& item : written_back.items) {
    // A param the run added (on the target, not in the before-image) is
    // removed only by a PUT: a PATCH keeps what it leaves out. Under PUT
    // nothing can be left out: a secret no side shows is then needed.
    if (item.what == action::update && in.options.patch && !item.kept.empty()) {
      std::erase_if(*item.desired.params, [&](const param& p) {
        return std::find(item.kept.begin(), item.kept.end(), p.key) != item.kept.end();
      });
      for (const std::string& key : item.kept)
        item.changes.push_back({"params." + key, field_change::kind::removed, {}, {}, false});
      item.kept.clear();
      item.force_put = true;
      for (std::string& key : item.unsent_secrets) item.missing_secrets.push_back(key);
      item.unsent_secrets.clear();
    }
    out.items.push_back(std::move(item));
  }
  out.totals = count_actions(out.items);
  return out;
}

}  // namespace sdemig::engine
