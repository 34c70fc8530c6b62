#pragma once
// What `sdemig export` is asked to write. No Asio here: the command line
// includes it.

#include <cstddef>
#include <string>
#include <vector>

#include "model/connector.hpp"
#include "model/schema.hpp"

namespace sdemig::sde {
class scrubber;
}

namespace sdemig::engine {

class read_progress;

enum class export_format { json, ndjson };

struct export_options {
  std::vector<connector_kind> kinds{connector_kind::alm, connector_kind::analysis};
  export_format format = export_format::json;
  bool include_secrets = false;
  std::string source;                 // the URL written in the header
  read_progress* progress = nullptr;  // counts connectors as pages arrive
  sde::scrubber* scrub = nullptr;     // learns the secret values read, so no later error shows one
  const plugin_schema* schema = nullptr;  // the source's: its secret fields are redacted too
  bool connections = false;               // projects' connections after the connectors
  std::size_t concurrency = 16;           // reading connections per project
};

}  // namespace sdemig::engine
