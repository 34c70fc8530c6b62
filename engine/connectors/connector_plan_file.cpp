#include "engine/connectors/connector_plan_file.hpp"

#include <algorithm>
#include <map>

#include "engine/planning/fingerprint.hpp"

namespace sdemig::engine {
namespace {

// Where the value of secret `key` of `item` comes from at apply time.
std::string secret_from(const plan_item& item, const std::string& key,
                        const secret_store* secrets) {
  if (std::find(item.target_values.begin(), item.target_values.end(), key) !=
      item.target_values.end())
    return "target";
  if (given_secret(secrets, {item.desired.name, item.source_name}, key)) return "secrets-file";
  return "source";
}

// Whether `now` holds what `body` sends (params only on the target count
// under PATCH; a secret nobody can see is no difference).
bool holds(const connector& body, const connector& now, bool patch) {
  for (const field_change& c : diff(body, &now)) {
    if (patch && c.change == field_change::kind::removed) continue;
    if (c.field == "name" && server_form(body.name) == now.name) continue;
    return false;
  }
  return true;
}

}  // namespace

void write_connector_writes(json::writer& w, const plan& p, const inventory& target,
                            const secret_store* secrets, bool use_patch) {
  const connectors_by_id by_id = index_by_id(target);
  json::write_options options;
  options.redact_secrets = true;
  for (const plan_item& item : p.items) {
    if (item.what != action::create && item.what != action::update) continue;
    w.begin_object();
    w.member("type", "connector");
    w.member("kind", to_string(item.kind));
    w.member("action", to_string(item.what));
    if (item.what == action::update)
      w.member("method", use_patch && !item.force_put ? "PATCH" : "PUT");
    w.member("source_name", item.source_name);
    w.member("source_id", item.source_id);
    w.member("target_id", item.target_id);
    w.key("secrets");
    w.begin_object();
    for (const param& q : item.desired.params.value_or(std::vector<param>{})) {
      if (!is_secret(q)) continue;
      const bool unsent = std::find(item.unsent_secrets.begin(), item.unsent_secrets.end(),
                                    q.key) != item.unsent_secrets.end();
      if (!unsent) w.member(q.key, secret_from(item, q.key, secrets));
    }
    w.end_object();
    if (!item.unsent_secrets.empty()) w.member("unsent", item.unsent_secrets);
    const connector* current = nullptr;
    if (item.target_id) {
      const auto it = by_id.find({item.kind, *item.target_id});
      if (it != by_id.end()) current = it->second;
    }
    w.member("fingerprint", current ? fingerprint(*current) : std::string(absent_fingerprint));
    std::string body;
    connector sent = item.desired;
    sent.id.reset();
    json::append_connector(body, sent, options);
    w.key("connector");
    w.raw(body);
    if (current) {
      std::string was;
      json::append_connector(was, *current, options);
      w.key("current_connector");
      w.raw(was);
    }
    w.end_object();
  }
}

plan plan_connector_writes(const connector_apply_input& in) {
  const connectors_by_id now_by_id = index_by_id(*in.now);
  std::map<std::pair<connector_kind, std::string>, const connector*> now_by_name, source_by_name;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (const connector& c : in.now->of(kind)) now_by_name.emplace(std::pair{kind, c.name}, &c);
    if (!in.source) continue;
    for (const connector& c : in.source->of(kind))
      source_by_name.emplace(std::pair{kind, c.name}, &c);
  }
  plan out;
  for (const json::plan_file_item* file : in.items) {
    plan_item& item = out.items.emplace_back();
    item.type = item_type::connector;
    item.kind = file->kind;
    item.source_name = file->source_name;
    item.source_id = file->source_id;
    item.desired = *file->body_connector;
    item.desired.id.reset();
    item.force_put = file->method == "PUT";
    item.unsent_secrets = file->unsent;
    item.what = file->action == "create" ? action::create : action::update;
    // The target now: by id for an update (deleted since: drift), by name for a create.
    const connector* now = nullptr;
    if (item.what == action::update) {
      const auto it = now_by_id.find({item.kind, *file->target_id});
      if (it != now_by_id.end()) now = it->second;
    } else {
      auto it = now_by_name.find({item.kind, item.desired.name});
      if (it == now_by_name.end())
        it = now_by_name.find({item.kind, std::string(server_form(item.desired.name))});
      if (it != now_by_name.end()) now = it->second;
    }
    item.target_id = now ? now->id : file->target_id;
    // Secrets: from the secrets file, the source, or the target as it is now.
    for (const auto& [key, from] : file->secrets) {
      scalar* value = item.desired.find_param(key);
      if (!value) continue;
      const connector* holder = nullptr;
      if (from == "source" && in.source) {
        const auto it = source_by_name.find({item.kind, item.source_name});
        if (it != source_by_name.end()) holder = it->second;
      } else if (from == "target") {
        holder = now;
      }
      const scalar* found = holder ? holder->find_param(key) : nullptr;
      if (found && !secret_unknown(param{key, *found, true})) *value = *found;
    }
    for (param& p : *item.desired.params) {
      if (p.value.type == json_type::null) p.secret = true;  // left out by the plan file
    }
    item.missing_secrets =
        fill_secrets(item.desired, in.secrets, {item.source_name, item.desired.name});
    std::erase_if(item.missing_secrets, [&](const std::string& key) {
      return std::find(item.unsent_secrets.begin(), item.unsent_secrets.end(), key) !=
             item.unsent_secrets.end();
    });
    if (now && holds(item.desired, *now, in.use_patch && !item.force_put)) {
      item.what = action::noop;  // as planned already: a rerun, or a crash after the write
      item.missing_secrets.clear();
      continue;
    }
    const std::string was = now ? fingerprint(*now) : std::string(absent_fingerprint);
    if (was != file->fingerprint) {
      item.what = action::conflict;
      item.why = reason::drifted;
      item.detail = !now ? "deleted" : file->current_connector ? "changed" : "taken";
      if (file->current_connector && now) {
        item.changes = diff(*now, &*file->current_connector);  // from the plan's to now's
      } else if (now) {
        item.changes = diff(*now, nullptr);  // taken since: all of it is new
      }
      item.missing_secrets.clear();
    }
  }
  out.totals = count_actions(out.items);
  return out;
}

}  // namespace sdemig::engine
