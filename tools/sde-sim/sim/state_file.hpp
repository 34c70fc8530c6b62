#pragma once
// `--state FILE`: the emulator's connectors, saved on clean shutdown and
// loaded at start. The format is sdemig's NDJSON export: one connector a line
// with an added "kind", secrets in clear (so the file is mode 0600).

#include <string>

namespace sdemig::sim {

class connector_store;

// Throws std::runtime_error naming the file and line on bad content.
void load_state(connector_store& store, const std::string& path);
void save_state(const connector_store& store, const std::string& path);

}  // namespace sdemig::sim
