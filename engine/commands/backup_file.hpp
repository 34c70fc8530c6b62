#pragma once
// A run's before-image (`--backup FILE` on clone and import, read by
// `restore`): every target item the run will write, as the target held it
// (an update's) or by its key (a create's), and what the run writes
// ("format": "sdemig-backup/1", io/json/backup_parser.hpp). It is written
// and synced to disk before the first write, and never over an existing
// file: a run whose backup cannot be written sends nothing (exit 2).
// Secrets: the before-images hold the values the target showed (the way
// back needs them), so a backup that holds any is mode 0600; a masked one
// stays the mask. What the run writes holds no secret value (null).

#include <memory>
#include <string>
#include <vector>

#include "engine/planning/connection_plan.hpp"
#include "engine/planning/inventory.hpp"
#include "engine/planning/plan.hpp"
#include "engine/planning/rotation.hpp"
#include "io/files/atomic_file.hpp"
#include "io/json/backup_parser.hpp"
#include "model/generation.hpp"

namespace sdemig::engine {

struct backup_contents {
  json::backup_header header;
  api_generation api = api_generation::legacy;
  inventory before, written;            // before: updates only; written: creates and updates
  secret_keys_by_item secrets_changed;  // the secret params each update changes (names)
  std::vector<connection_record> before_connections, written_connections;

  // Whether a before-image holds a secret value (not null, not masked).
  bool holds_secrets() const;
  std::size_t items() const;
};

// Checks the path when the run starts (before any request): a file that
// exists, a missing folder or a folder is a usage_error naming --backup.
class backup_file {
 public:
  explicit backup_file(std::string path);
  // Writes and syncs the file (0600 when it holds secrets; the return says
  // whether it does); throws usage_error naming the path when it cannot.
  bool write(const backup_contents& contents);
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// Collects what `connectors` and `connections` will write on the target
// (`target`: its connectors as read; `target_scope`: its connections as
// project-scope records), writes it to `file` and says so on stderr.
void write_run_backup(backup_file& file, const std::string& target_url, api_generation api,
                      const std::string& command, const plan& connectors, const inventory& target,
                      const connection_plan* connections,
                      const std::vector<connection_record>& target_scope);

// Reads a backup; throws usage_error naming the file, the place and the problem.
backup_contents load_backup_file(const std::string& path);

}  // namespace sdemig::engine
