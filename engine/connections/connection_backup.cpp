#include "engine/connections/connection_backup.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "engine/planning/restore_decision.hpp"

namespace sdemig::engine {
namespace {

using connection_key = std::tuple<connector_kind, project_ref, std::string>;

const connection_record* find_by_alias(
    const std::map<connection_key, const connection_record*>& now, const connection_record& r) {
  auto it = now.find({r.kind, r.project, r.value.alias});
  if (it == now.end()) it = now.find({r.kind, r.project, std::string(server_form(r.value.alias))});
  return it == now.end() ? nullptr : it->second;
}

// The same connector, frequency and debug mode, and the params of `want`
// in `have` (with `exact`, no others): a secret nobody can see is no difference.
bool holds(const connection_record& want, const connection_record& have, bool exact) {
  // A connector name a target stored trimmed is the same connector.
  if (server_form(want.connector_name) != server_form(have.connector_name)) return false;
  if (want.value.frequency != have.value.frequency) return false;
  if (want.value.debug_mode && want.value.debug_mode != have.value.debug_mode) return false;
  if (!want.value.params || !have.value.params) return false;  // not shown: cannot tell
  std::vector<field_change> changes;
  diff_params(*want.value.params, *have.value.params, exact, changes);
  return changes.empty();
}

// What differs between what the run wrote and what the target holds now.
void changes_since(const connection_record& written, const connection_record& now,
                   std::vector<field_change>& out) {
  auto changed = [&](std::string field, const std::string& was, const std::string& is) {
    out.push_back({std::move(field), field_change::kind::changed, scalar::string(was),
                   scalar::string(is), false});
  };
  if (server_form(written.connector_name) != server_form(now.connector_name))
    changed("connector", written.connector_name, now.connector_name);
  if (written.value.frequency != now.value.frequency)
    changed("frequency", written.value.frequency, now.value.frequency);
  if (written.value.params && now.value.params)
    diff_params(*now.value.params, *written.value.params, false, out);
}

}  // namespace

void add_connection_images(const connection_plan& p,
                           const std::vector<connection_record>& target_scope,
                           std::vector<connection_record>& before,
                           std::vector<connection_record>& written) {
  const records_by_id by_id = index_by_id(target_scope);
  for (const connection_item& item : p.items) {
    if (item.what != action::create && item.what != action::update) continue;
    connection_record sent{item.kind, item.project, item.connector_name, item.desired};
    sent.value.alias = item.alias;
    sent.value.id = item.what == action::update ? item.target_id : std::nullopt;
    sent.value.project = item.target_project_id.value_or(0);
    written.push_back(std::move(sent));
    if (item.what != action::update || !item.target_id) continue;
    const auto it = by_id.find({item.kind, *item.target_id});
    if (it != by_id.end()) before.push_back(*it->second);
  }
}

connection_plan plan_connection_restore(const connection_restore_input& in) {
  std::map<connection_key, const connection_record*> now;
  for (const connection_record& r : *in.now_scope)
    now.emplace(connection_key{r.kind, r.project, r.value.alias}, &r);
  const records_by_id before_by_id = index_by_id(*in.before);
  connection_plan out;
  std::vector<connection_record> back;  // the before-images to write back
  for (const connection_record& w : *in.written) {
    const connection_record* before = nullptr;
    if (w.value.id) {
      const auto it = before_by_id.find({w.kind, *w.value.id});
      if (it != before_by_id.end()) before = it->second;
    }
    const connection_record* current = find_by_alias(now, w);
    if (!current && before) current = find_by_alias(now, *before);
    restore_facts facts;
    facts.created = before == nullptr;
    facts.present = current != nullptr;
    facts.equals_before = before && current && holds(*before, *current, true);
    facts.equals_written = current && holds(w, *current, false);
    const restore_step step = decide_restore(facts, in.force);
    if (step == restore_step::write_back) {
      back.push_back(*before);
      continue;
    }
    connection_item& item = out.items.emplace_back();
    item.type = item_type::connection;
    item.kind = w.kind;
    item.project = w.project;
    item.alias = current ? current->value.alias : w.value.alias;
    item.connector_name = w.connector_name;
    item.desired = w.value;
    item.desired.id.reset();
    item.target_id = current ? current->value.id : std::nullopt;
    if (current) item.target_project_id = current->value.project;
    set_restore_action(item, step);
    if (step == restore_step::changed_since && current) changes_since(w, *current, item.changes);
  }
  job all;
  connection_plan_input plan_in;
  plan_in.the_job = &all;
  plan_in.source = &back;
  plan_in.target = in.now_read;
  plan_in.target_projects = in.target_projects;
  plan_in.connectors = in.connectors;
  plan_in.target_connectors = in.target_connectors;
  plan_in.source_api = plan_in.target_api = in.target_api;
  plan_in.secrets = in.secrets;
  plan_in.target_schema = in.target_schema;
  connection_plan written_back = plan_connections(plan_in);
  for (connection_item& item : written_back.items) {
    // What only the target holds is what the run added: a write replaces a
    // connection's params whole, so leaving it out removes it.
    if (item.what == action::update && !item.kept.empty()) {
      std::erase_if(*item.desired.params, [&](const param& p) {
        return std::find(item.kept.begin(), item.kept.end(), p.key) != item.kept.end();
      });
      std::erase_if(item.missing_secrets, [&](const std::string& key) {
        return std::find(item.kept.begin(), item.kept.end(), key) != item.kept.end();
      });
      for (const std::string& key : item.kept)
        item.changes.push_back({"params." + key, field_change::kind::removed, {}, {}, false});
      item.kept.clear();
    }
    out.items.push_back(std::move(item));
  }
  out.totals = count_actions(out.items);
  return out;
}

}  // namespace sdemig::engine
