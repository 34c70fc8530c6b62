#pragma once
// The emulator's connectors, per kind, in id order, each kept with the JSON
// the API serves for it (so a GET copies bytes instead of serializing).
// Thread-safe: reads share a lock, writes take it alone.

#include <cstdint>
#include <functional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/connector.hpp"
#include "sim/projects.hpp"

namespace sdemig::sim {

// `in_use`: a DELETE of a connector that project connections still use.
enum class write_status { ok, not_found, name_taken, in_use };

// What a DELETE of a connector still in use does: refused (400, as a
// protected foreign key answers) or the connections go with it.
enum class delete_rule { refuse, cascade };
// Which items an instance refuses to delete at all (405).
enum class refuse_delete { none, connectors, connections, all };

class connector_store {
 public:
  explicit connector_store(bool mask_secrets = false) : mask_secrets_(mask_secrets) {}
  bool masks_secrets() const noexcept { return mask_secrets_; }

  // A server without the unique constraint on names (an old schema, or a
  // migration gone wrong): two connectors may share a name.
  void allow_duplicate_names(bool allow) noexcept { duplicate_names_ = allow; }

  bool get_json(connector_kind kind, std::int64_t id, std::string& out) const;
  std::optional<connector> get(connector_kind kind, std::int64_t id) const;
  std::size_t size(connector_kind kind) const;
  // Appends the served JSON of connectors [offset, offset + limit), comma
  // separated, and returns how many the kind holds in all.
  std::size_t append_results(connector_kind kind, std::size_t offset, std::size_t limit,
                             std::string& out) const;

  // Stores a new connector under the next id; `json_out` gets its served JSON.
  write_status create(connector_kind kind, connector c, std::string& json_out);
  // Lets `edit` change a copy of connector `id`, then stores it (the id stays).
  write_status modify(connector_kind kind, std::int64_t id,
                      const std::function<void(connector&)>& edit, std::string& json_out);
  // Puts a connector with its own id (seeding, loading a state file).
  write_status insert(connector_kind kind, connector c);
  // Deletes connector `id`; its id is never given again.
  write_status remove(connector_kind kind, std::int64_t id, delete_rule rule);

  std::vector<connector> snapshot(connector_kind kind) const;

  // The instance's projects and connections (which refer to these connectors).
  project_store& projects() noexcept { return projects_; }
  const project_store& projects() const noexcept { return projects_; }
  std::int64_t next_id(connector_kind kind) const;

 private:
  struct entry {
    connector value;
    std::string json;
  };
  // Rows in ascending ids. A deleted row stays as a gap (its value's id
  // unset) until gaps are half the rows, so a delete costs no shifting.
  struct table {
    std::vector<entry> rows;
    std::size_t gaps = 0;
    std::unordered_map<std::int64_t, std::size_t> by_id;
    std::unordered_map<std::string, std::int64_t> by_name;
    std::int64_t next_id = 1;
    std::size_t live() const noexcept { return rows.size() - gaps; }
    void compact();
  };

  table& of(connector_kind kind) { return kind == connector_kind::alm ? alm_ : analysis_; }
  const table& of(connector_kind kind) const {
    return kind == connector_kind::alm ? alm_ : analysis_;
  }
  std::string serve_json(const connector& c) const;
  void append_row(table& t, connector c, std::string& json_out);

  bool mask_secrets_;
  bool duplicate_names_ = false;
  mutable std::shared_mutex mutex_;
  table alm_;
  table analysis_;
  project_store projects_;
};

}  // namespace sdemig::sim
