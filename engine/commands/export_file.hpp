#pragma once
// What `import --file` reads: an `sdemig export` file (json or ndjson; "-" is
// standard input), connectors and connections in one pass by one reader, so
// that the file's rules hold for every member of it. Read before any request.

#include <string>
#include <vector>

#include "engine/planning/connection_plan.hpp"
#include "engine/planning/inventory.hpp"
#include "model/generation.hpp"

namespace sdemig::engine {

struct export_file_contents {
  inventory connectors;
  // The generation the export was made from (legacy when the file does not
  // say: exports from before generations were 4.x's).
  api_generation api = api_generation::legacy;
  // export --connections; a secret the export left out (null) is not among
  // a connection's params: it is not sent.
  std::vector<connection_record> connections;
};

// Throws usage_error naming the file, the place and the problem, on one line.
export_file_contents load_export_file(const std::string& path);

}  // namespace sdemig::engine
