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
  return of(kind).live();
}

std::size_t connector_store::append_results(connector_kind kind, std::size_t offset,
                                            std::size_t limit, std::string& out) const {
  std::shared_lock lock(mutex_);
  const table& t = of(kind);
  std::size_t i = offset;  // without gaps, the offset is the row
  if (t.gaps > 0) {
    i = 0;
    for (std::size_t skipped = 0; i < t.rows.size(); ++i) {
      if (!t.rows[i].value.id) continue;
      if (skipped++ == offset) break;
    }
  }
  for (std::size_t written = 0; i < t.rows.size() && written < limit; ++i) {
    if (!t.rows[i].value.id) continue;
    if (written++ > 0) out += ',';
    out += t.rows[i].json;
  }
  return t.live();
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

write_status connector_store::remove(connector_kind kind, std::int64_t id, delete_rule rule) {
  std::unique_lock lock(mutex_);
  table& t = of(kind);
  const auto it = t.by_id.find(id);
  if (it == t.by_id.end()) return write_status::not_found;
  if (rule == delete_rule::cascade) {
    projects_.remove_connections_using(kind, id);
  } else if (projects_.connections_using(kind, id) > 0) {
    return write_status::in_use;
  }
  entry& row = t.rows[it->second];
  if (auto named = t.by_name.find(row.value.name); named != t.by_name.end() && named->second == id)
    t.by_name.erase(named);
  row = entry{};  // a gap: no id
  t.by_id.erase(it);
  if (++t.gaps * 2 > t.rows.size()) t.compact();
  return write_status::ok;
}

void connector_store::table::compact() {
  std::erase_if(rows, [](const entry& e) { return !e.value.id; });
  gaps = 0;
  by_id.clear();
  for (std::size_t i = 0; i < rows.size(); ++i) by_id.emplace(*rows[i].value.id, i);
}

std::vector<connector> connector_store::snapshot(connector_kind kind) const {
  std::shared_lock lock(mutex_);
  std::vector<connector> out;
  out.reserve(of(kind).live());
  for (const entry& row : of(kind).rows) {
    if (row.value.id) out.push_back(row.value);
  }
  return out;
}

std::int64_t connector_store::next_id(connector_kind kind) const {
  std::shared_lock lock(mutex_);
  return of(kind).next_id;
}

}  // namespace sdemig::sim
