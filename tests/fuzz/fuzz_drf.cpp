// Fuzzes the DRF error-body parser and its one-line summary.
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/json/connector_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static sdemig::json::connector_parser parser(1 << 20);
  sdemig::drf_error e;
  if (!parser.parse(std::string(reinterpret_cast<const char*>(data), size), e)) (void)e.summary();
  return 0;
}
