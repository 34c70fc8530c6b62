#include "engine/connectors/read_inventory.hpp"

#include "io/files/read_file.hpp"
#include "io/json/export_parser.hpp"
#include "io/json/padding.hpp"

namespace sdemig::engine {

boost::asio::awaitable<sde::result<std::size_t>> async_read_inventory(
    sde::connector_target& client, std::vector<connector_kind> kinds, inventory& out,
    read_progress* meter, const char* who) {
  std::size_t total = 0;
  for (connector_kind kind : kinds) {
    std::vector<connector>& into = out.of(kind);
    auto listed = co_await client.async_list(kind, [&](connector_page& page) {
      for (connector& c : page.results) into.push_back(std::move(c));
      if (meter) meter->add(who, page.results.size());
      return true;
    });
    if (!listed) co_return listed.error();
    total += listed.value();
  }
  co_return total;
}

inventory load_export_file(const std::string& path, api_generation* api) {
  std::string text = files::read_user_file<export_file_error>(path, "export file");
  text.reserve(text.size() + json::padding);  // parsed in place
  inventory out;
  std::string api_text;
  const std::string name = path == "-" ? std::string("standard input") : path;
  if (auto err = json::read_export(
          text, [&](connector_kind kind, connector& c) { out.of(kind).push_back(std::move(c)); },
          std::size_t{1} << 34, &api_text)) {
    throw export_file_error(name + ": " + err->text());
  }
  const auto generation =
      api_text.empty() ? std::optional(api_generation::legacy) : parse_api_generation(api_text);
  if (!generation)
    throw export_file_error(name + ": api: \"" + api_text + "\" is not legacy or current");
  if (api) *api = *generation;
  return out;
}

}  // namespace sdemig::engine
