#include "sim/state_file.hpp"

#include <algorithm>
#include <stdexcept>

#include "io/files/atomic_file.hpp"
#include "io/files/read_file.hpp"
#include "io/json/connector_parser.hpp"
#include "io/json/json_writer.hpp"
#include "sim/store.hpp"

namespace sdemig::sim {

void load_state(connector_store& store, const std::string& path) {
  const std::string text = files::read_file(path);
  json::connector_parser parser;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto fail = [&](const std::string& what) {
      throw std::runtime_error("state file " + path + " line " + std::to_string(line_no) + ": " +
                               what);
    };
    connector c;
    if (auto err = parser.parse_connector(line, line.size(), c)) fail(err->text());
    auto kind_field = std::find_if(c.extra.begin(), c.extra.end(),
                                   [](const raw_field& f) { return f.key == "kind"; });
    if (kind_field == c.extra.end()) fail("missing \"kind\"");
    const auto kind = parse_connector_kind(
        std::string_view(kind_field->json)
            .substr(1, kind_field->json.size() >= 2 ? kind_field->json.size() - 2 : 0));
    if (!kind) fail("\"kind\" must be \"alm\" or \"analysis\"");
    c.extra.erase(kind_field);
    if (store.insert(*kind, std::move(c)) == write_status::name_taken) fail("duplicate name");
  }
}

void save_state(const connector_store& store, const std::string& path) {
  files::atomic_file out(path, files::file_access::owner);
  std::string line;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (connector& c : store.snapshot(kind)) {
      c.extra.push_back({"kind", "\"" + std::string(to_string(kind)) + "\""});
      line.clear();
      json::append_connector(line, c);
      line += '\n';
      out.write(line);
    }
  }
  out.commit();
}

}  // namespace sdemig::sim
