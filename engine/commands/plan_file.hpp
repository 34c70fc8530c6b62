#pragma once
// A saved plan (`plan --out PLAN`, read by `apply PLAN`): plan --json's
// document, and what apply needs: the source and target (URLs as shown),
// when, the job, and "writes" (each kind's part: connector_plan_file,
// connection_plan_file) with "digest", the SHA-256 of the writes as they
// stand in the file. No secret value is in it.

#include <string>

#include "engine/commands/sync_run.hpp"
#include "io/json/plan_file_parser.hpp"

namespace sdemig::engine {

struct saved_plan {
  std::string text;    // the file
  std::string sha256;  // of the whole file, for a change record ("plan file: PLAN (sha256 ...)")
};

saved_plan make_plan_file(const prepared& p, const plan& connectors,
                          const connection_plan* connections);

// Reads and checks a saved plan (format, digest); throws usage_error naming
// the file, the place and the problem.
json::plan_file load_plan_file(const std::string& path);

}  // namespace sdemig::engine
