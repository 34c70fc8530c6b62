#include "engine/commands/export_file.hpp"

#include "engine/commands/commands.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/read_file.hpp"
#include "io/json/export_parser.hpp"
#include "io/json/padding.hpp"

namespace sdemig::engine {

export_file_contents load_export_file(const std::string& path) {
  std::string text = files::read_user_file<usage_error>(path, "export file");
  text.reserve(text.size() + json::padding);  // parsed in place
  const std::string name = path == "-" ? std::string("standard input") : path;
  export_file_contents out;
  std::string api_text;
  auto add_connector = [&](connector_kind kind, connector& c) {
    out.connectors.of(kind).push_back(std::move(c));
  };
  auto add_connection = [&](json::exported_connection& c) {
    // A null param is a secret the export redacted: unknown, not absent (a
    // write would erase it): it is needed from the secrets file.
    if (c.value.params) {
      for (param& p : *c.value.params) p.secret |= p.value.type == json_type::null;
    }
    out.connections.push_back(
        {c.kind, std::move(c.project), std::move(c.connector_name), std::move(c.value)});
  };
  if (auto err =
          json::read_export(text, add_connector, std::size_t{1} << 34, &api_text, add_connection))
    throw usage_error(printable(name + ": " + err->text()));
  const auto generation =
      api_text.empty() ? std::optional(api_generation::legacy) : parse_api_generation(api_text);
  if (!generation) {
    throw usage_error(
        printable(name + ": api: \"" + api_text + "\" is not \"legacy\" or \"current\""));
  }
  out.api = *generation;
  return out;
}

}  // namespace sdemig::engine
