#pragma once
// What plan, clone, import and verify do before they differ: read the local
// files (job, secrets, an export file) before any request, connect the
// instances, identify them, read both and plan.

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "engine/commands/commands.hpp"
#include "engine/commands/session.hpp"
#include "engine/planning/connection_plan.hpp"
#include "engine/planning/job.hpp"
#include "engine/planning/plan.hpp"
#include "engine/planning/plan_page.hpp"
#include "engine/planning/secrets.hpp"
#include "engine/run/journal.hpp"
#include "io/files/output_file.hpp"
#include "model/schema.hpp"

namespace sdemig::engine {

// Everything read from local files before any request is sent.
struct local_input {
  job the_job;
  std::optional<secret_store> secrets;
  std::optional<inventory> imported;
  api_generation imported_api = api_generation::legacy;
  std::vector<connection_record> imported_connections;  // import --connections
};

// A run's local input read and its instances connected: the source is an
// instance (`source`), an export file (`import_file`), or neither (verify
// --test-connections reads the target alone).
struct prepared {
  const sync_settings& settings;
  local_input input;
  session s;
  instance* from = nullptr;
  instance* to = nullptr;
  // edit: the target is its own source, read once.
  bool in_place = false;
  std::optional<plugin_schema> source_schema, target_schema;
  // With connections: both sides' connectors as read (the plan takes the
  // source's), and the target's projects.
  inventory source_connectors, target_connectors;
  project_paths target_projects;
  // With --backup: the target's connections as records of their
  // project-scope params (their before-images).
  std::vector<connection_record> target_scope;
  // With plan --out: the target's connections as read.
  std::vector<connection_record> target_read;
  // Which params are secrets on each side (their schemas, else their names).
  secret_rule source_secrets, target_secrets;
  std::set<std::string> warned_guesses_;  // keys a warning named already

  prepared(const sync_settings& settings_, const instance_settings* source,
           const std::string* import_file = nullptr);

  const secret_store* secrets() const { return input.secrets ? &*input.secrets : nullptr; }
  api_generation source_api() const {
    return from ? from->api->generation() : in_place ? to->api->generation() : input.imported_api;
  }

  // --backup FILE (not on a dry run: nothing is written).
  bool backs_up() const { return !settings.backup_file.empty() && !settings.dry_run; }

  // plan --out FILE.
  bool saves_plan() const { return !settings.plan_out.empty(); }

  // --connections, or "connections": true in the job.
  bool connections() const { return settings.connections || input.the_job.connections; }

  // Reads both sides' projects and connections and plans them against the
  // connectors' plan; prints the error and returns nullopt when a read fails.
  boost::asio::awaitable<std::optional<connection_plan>> plan_the_connections(
      const plan& connectors);

  // Updates go as PATCH: --patch/--put, else PATCH on current instances.
  bool patch() const;

  // Which API each side speaks, and their plugin schemas (the target's is
  // checked against when `check_schema`); false when a side cannot be read.
  boost::asio::awaitable<bool> identify(bool check_schema);

  // One warning naming the params treated as secret by their names alone
  // (those not named before).
  void warn_guessed_secrets();

  // Every param name a schema calls secret, in both generations' words.
  std::set<std::string> secret_keys() const;

  // The page's "source -> target" line: URLs (or the export file) and now.
  page_context page_where() const;

  // "source: legacy API, target: current API", the output's first line.
  std::string apis_line() const;

  // Reads source and target at the same time and plans; prints the error
  // and returns nullopt when either read fails.
  boost::asio::awaitable<std::optional<plan>> read_and_plan(bool check_schema,
                                                            double* read_s = nullptr,
                                                            double* plan_s = nullptr);
};

// An output file named by `flag`, opened before any request (a bad path is a
// usage error); null when `path` is empty.
std::unique_ptr<files::output_file> open_output(const std::string& path, const std::string& flag);

// --journal, opened before any request (null on a dry run or without it).
std::unique_ptr<journal> open_journal(const sync_settings& settings);

// Writes `page` to `out` (when there is one) and renames it into place.
void write_page(files::output_file* out, const std::string& page);

}  // namespace sdemig::engine
