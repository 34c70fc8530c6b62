#include "sim/store.hpp"

#include <algorithm>
#include <mutex>

#include "io/json/json_writer.hpp"

namespace sdemig::sim {

std::string connector_store::serve_json(const connector& c) const {
  json::write_options options;
  options.mask_secrets = mask_secrets_;
  return json::to_json(c, options);
}

bool connector_store::get_json(connector_kind kind, std::int64_t id, std::string& out) const {
  std::shared_lock lock(mutex_);
  const table& t = of(kind);
  auto it = t.by_id.find(id);
  if (it == t.by_id.end()) return false;
  out = t.rows[it->second].json;
  return true;
}

std::optional<connector> connector_store::get(connector_kind kind, std::int64_t id) const {
  std::shared_lock lock(mutex_);
  const table& t = of(kind);
  auto it = t.by_id.find(id);
  if (it == t.by_id.end()) return std::nullopt;
  return t.rows[it->second].value;
}

std::size_t connector_store::size(connector_kind kind) const {
  std::shared_lock lock(mutex_);
  return of(kind).rows.size();
}

std::size_t connector_store::append_results(connector_kind kind, std::size_t offset,
                                            std::size_t limit, std::string& out) const {
  std::shared_lock lock(mutex_);
  const table& t = of(kind);
  const std::size_t end = std::min(t.rows.size(), offset + std::min(limit, t.rows.size()));
  for (std::size_t i = offset; i < end; ++i) {
    if (i != offset) out += ',';
    out += t.rows[i].json;
  }
  return t.rows.size();
}

void connector_store::append_row(table& t, connector c, std::string& json_out) {
  const std::int64_t id = *c.id;
  json_out = serve_json(c);
  t.by_name.emplace(c.name, id);
  t.by_id.emplace(id, t.rows.size());
  t.rows.push_back({std::move(c), json_out});
  t.next_id = std::max(t.next_id, id + 1);
}

write_status connector_store::create(connector_kind kind, connector c, std::string& json_out) {
  std::unique_lock lock(mutex_);
  table& t = of(kind);
  if (!duplicate_names_ && t.by_name.contains(c.name)) return write_status::name_taken;
  c.id = t.next_id;
  append_row(t, std::move(c), json_out);
  return write_status::ok;
}

write_status connector_store::insert(connector_kind kind, connector c) {
  std::unique_lock lock(mutex_);
  table& t = of(kind);
  if (!duplicate_names_ && t.by_name.contains(c.name)) return write_status::name_taken;
  if (!c.id || *c.id < t.next_id) c.id = t.next_id;
  std::string json;
  append_row(t, std::move(c), json);
  return write_status::ok;
}

write_status connector_store::modify(connector_kind kind, std::int64_t id,
                                     const std::function<void(connector&)>& edit,
                                     std::string& json_out) {
  std::unique_lock lock(mutex_);
  table& t = of(kind);
  auto it = t.by_id.find(id);
  if (it == t.by_id.end()) return write_status::not_found;
  entry& row = t.rows[it->second];
  connector updated = row.value;
  edit(updated);
  updated.id = id;
  if (updated.name != row.value.name) {
    if (!duplicate_names_ && t.by_name.contains(updated.name)) return write_status::name_taken;
    t.by_name.erase(row.value.name);
    t.by_name.emplace(updated.name, id);
  }
  row.json = serve_json(updated);
  row.value = std::move(updated);
  json_out = row.json;
  return write_status::ok;
}

std::vector<connector> connector_store::snapshot(connector_kind kind) const {
  std::shared_lock lock(mutex_);
  std::vector<connector> out;
  out.reserve(of(kind).rows.size());
  for (const entry& row : of(kind).rows) out.push_back(row.value);
  return out;
}

std::int64_t connector_store::next_id(connector_kind kind) const {
  std::shared_lock lock(mutex_);
  return of(kind).next_id;
}

}  // namespace sdemig::sim
