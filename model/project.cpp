#include "model/project.hpp"

namespace sdemig {

bool is_connection_frequency(std::string_view f) noexcept {
  for (std::string_view known : connection_frequencies) {
    if (f == known) return true;
  }
  return false;
}

const scalar* connection::find_param(std::string_view key) const noexcept {
  if (!params) return nullptr;
  for (const param& p : *params) {
    if (p.key == key) return &p.value;
  }
  return nullptr;
}

namespace {

void append_escaped(std::string& out, std::string_view name) {
  for (char c : name) {
    if (c == '/' || c == '\\') out += '\\';
    out += c;
  }
}

}  // namespace

std::string project_path(const project_ref& p) {
  std::string out;
  out.reserve(p.business_unit.size() + p.application.size() + p.name.size() + 2);
  append_escaped(out, p.business_unit);
  out += '/';
  append_escaped(out, p.application);
  out += '/';
  append_escaped(out, p.name);
  return out;
}

std::optional<project_ref> parse_project_path(std::string_view path) {
  std::string parts[3];
  std::size_t at = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '\\') {
      if (++i == path.size()) return std::nullopt;
      parts[at] += path[i];
    } else if (c == '/') {
      if (++at == 3) return std::nullopt;
    } else {
      parts[at] += c;
    }
  }
  if (at != 2) return std::nullopt;
  return project_ref{std::move(parts[0]), std::move(parts[1]), std::move(parts[2])};
}

std::string joined_path(const project_ref& p) {
  return p.business_unit + "/" + p.application + "/" + p.name;
}

std::string_view connection_kind_name(connector_kind kind) noexcept {
  return kind == connector_kind::alm ? "connection-alm" : "connection-analysis";
}

}  // namespace sdemig
