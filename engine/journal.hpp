#pragma once
// `--journal FILE`: append-only NDJSON, one line per applied write, written
// as it happens (a kill -9 loses nothing that was acknowledged). It doubles
// as the source-id -> target-id map.

#include <cstdint>
#include <optional>
#include <string>

#include "io/model/connector.hpp"

namespace sdemig::engine {

struct journal_entry {
  connector_kind kind;
  std::string name;
  std::string action;  // "create" | "update"
  std::optional<std::int64_t> source_id;
  std::optional<std::int64_t> target_id;
  std::string status;  // "201", "200", "reconciled"
};

class journal {
 public:
  // Throws std::system_error naming the path.
  explicit journal(const std::string& path);
  ~journal();
  journal(const journal&) = delete;
  journal& operator=(const journal&) = delete;

  void write(const journal_entry& entry);  // throws std::system_error

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace sdemig::engine
