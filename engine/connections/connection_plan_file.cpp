#include "engine/connections/connection_plan_file.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "engine/connections/connection_export.hpp"
#include "engine/planning/fingerprint.hpp"

namespace sdemig::engine {
namespace {

using connection_key = std::tuple<connector_kind, project_ref, std::string>;

std::string secret_from(const connection_item& item, const std::string& key,
                        const secret_store* secrets) {
  if (std::find(item.kept.begin(), item.kept.end(), key) != item.kept.end()) return "target";
  if (given_secret(secrets, {connection_secrets_key(item.project, item.alias)}, key))
    return "secrets-file";
  return "source";
}

// Whether `now` holds what `body` sends (a read merges the connector's
// params in: only what the connection sends counts).
bool holds(const connection_record& body, const connection_record& now) {
  if (server_form(body.connector_name) != server_form(now.connector_name) ||
      body.value.frequency != now.value.frequency)
    return false;
  if (body.value.debug_mode && body.value.debug_mode != now.value.debug_mode) return false;
  if (!body.value.params || !now.value.params) return false;
  std::vector<field_change> changes;
  diff_params(*body.value.params, *now.value.params, false, changes);
  return changes.empty();
}

}  // namespace

void write_connection_writes(json::writer& w, const connection_plan& p,
                             const std::vector<connection_record>& target,
                             const secret_store* secrets) {
  const records_by_id by_id = index_by_id(target);
  for (const connection_item& item : p.items) {
    if (item.what != action::create && item.what != action::update) continue;
    w.begin_object();
    w.member("type", "connection");
    w.member("kind", to_string(item.kind));
    w.member("action", to_string(item.what));
    w.member("source_id", item.source_id);
    w.member("target_id", item.target_id);
    w.key("secrets");
    w.begin_object();
    for (const param& q : item.desired.params.value_or(std::vector<param>{}))
      if (is_secret(q)) w.member(q.key, secret_from(item, q.key, secrets));
    w.end_object();
    const connection_record* current = nullptr;
    if (item.target_id) {
      const auto it = by_id.find({item.kind, *item.target_id});
      if (it != by_id.end()) current = it->second;
    }
    std::vector<std::string> keys;
    for (const param& q : item.desired.params.value_or(std::vector<param>{})) keys.push_back(q.key);
    w.member("fingerprint",
             current ? fingerprint(current->value, keys) : std::string(absent_fingerprint));
    connection_record body{item.kind, item.project, item.connector_name, item.desired};
    body.value.alias = item.alias;
    body.value.id.reset();
    w.key("connection");
    write_connection_record(w, body, false, false);
    if (current) {
      w.key("current_connection");
      write_connection_record(w, *current, false, false);
    }
    w.end_object();
  }
}

connection_plan plan_connection_writes(const connection_apply_input& in) {
  const records_by_id now_by_id = index_by_id(*in.now);
  std::map<connection_key, const connection_record*> now_by_key, source_by_key;
  for (const connection_record& r : *in.now)
    now_by_key.emplace(connection_key{r.kind, r.project, r.value.alias}, &r);
  if (in.source) {
    for (const connection_record& r : *in.source)
      source_by_key.emplace(connection_key{r.kind, r.project, r.value.alias}, &r);
  }
  connection_plan out;
  for (const json::plan_file_item* file : in.items) {
    const json::exported_connection& body = *file->body_connection;
    connection_item& item = out.items.emplace_back();
    item.type = item_type::connection;
    item.kind = file->kind;
    item.project = body.project;
    item.alias = body.value.alias;
    item.connector_name = body.connector_name;
    item.source_id = file->source_id;
    item.desired = body.value;
    item.desired.id.reset();
    item.what = file->action == "create" ? action::create : action::update;
    const auto ids = in.target_projects->ids_of.find(item.project);
    if (ids == in.target_projects->ids_of.end() || ids->second.size() != 1) {
      item.what = action::missing_project;
      item.why = reason::no_project;
      item.detail = project_path(item.project);
      continue;
    }
    item.target_project_id = ids->second.front();
    const connection_record* now = nullptr;
    if (item.what == action::update) {
      const auto it = now_by_id.find({item.kind, *file->target_id});
      if (it != now_by_id.end()) now = it->second;
    } else {
      auto it = now_by_key.find({item.kind, item.project, item.alias});
      if (it == now_by_key.end())
        it = now_by_key.find({item.kind, item.project, std::string(server_form(item.alias))});
      if (it != now_by_key.end()) now = it->second;
    }
    item.target_id = now ? now->value.id : file->target_id;
    for (const auto& [key, from] : file->secrets) {
      scalar* value = nullptr;
      for (param& p : *item.desired.params) value = p.key == key ? &p.value : value;
      if (!value) continue;
      const connection_record* holder = nullptr;
      if (from == "source") {
        const auto it = source_by_key.find({item.kind, item.project, item.alias});
        if (it != source_by_key.end()) holder = it->second;
      } else if (from == "target") {
        holder = now;
      }
      const scalar* found = holder ? holder->value.find_param(key) : nullptr;
      if (found && !secret_unknown(param{key, *found, true})) *value = *found;
    }
    for (param& p : *item.desired.params) {
      if (p.value.type == json_type::null) p.secret = true;  // left out by the plan file
    }
    item.missing_secrets = fill_secrets(*item.desired.params, in.secrets,
                                        {connection_secrets_key(item.project, item.alias)});
    const connection_record wanted{item.kind, item.project, item.connector_name, item.desired};
    if (now && holds(wanted, *now)) {
      item.what = action::noop;
      item.missing_secrets.clear();
      continue;
    }
    std::vector<std::string> keys;
    for (const param& q : *item.desired.params) keys.push_back(q.key);
    const std::string was = now ? fingerprint(now->value, keys) : std::string(absent_fingerprint);
    if (was != file->fingerprint) {
      item.what = action::conflict;
      item.why = reason::drifted;
      item.detail = !now ? "deleted" : file->current_connection ? "changed" : "taken";
      if (now && now->value.params) {
        const std::vector<param> none;
        const auto& before = file->current_connection && file->current_connection->value.params
                                 ? *file->current_connection->value.params
                                 : none;
        diff_params(*now->value.params, before, false, item.changes);
      }
      item.missing_secrets.clear();
    }
  }
  out.totals = count_actions(out.items);
  return out;
}

}  // namespace sdemig::engine
