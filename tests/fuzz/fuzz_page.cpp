// Fuzzes the connector parsers: list pages, single connectors, exports.
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/json/connector_parser.hpp"
#include "io/json/export_parser.hpp"
#include "io/json/json_writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static sdemig::json::connector_parser parser(1 << 20);
  const std::string body(reinterpret_cast<const char*>(data), size);
  sdemig::connector_page page;
  if (!parser.parse(body, page)) {
    // What parses must serialize and parse back to the same model.
    std::string again;
    sdemig::json::append_page(again, page);
    sdemig::connector_page back;
    if (parser.parse(again, back) || back.results != page.results) __builtin_trap();
  }
  sdemig::connector c;
  (void)parser.parse(body, c);
  (void)sdemig::json::read_export(body, [](sdemig::connector_kind, sdemig::connector&) {});
  return 0;
}
