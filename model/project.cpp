#include "model/project.hpp"

namespace sdemig {

bool is_connection_frequency(std::string_view f) noexcept {
  for (std::string_view known : connection_frequencies) {
    if (f == known) return true;
  }
  return false;
}

const scalar* connection::find_param(std::string_view key) const noexcept {
  for (const param& p : params) {
    if (p.key == key) return &p.value;
  }
  return nullptr;
}

std::string_view connection_kind_name(connector_kind kind) noexcept {
  return kind == connector_kind::alm ? "connection-alm" : "connection-analysis";
}

}  // namespace sdemig
