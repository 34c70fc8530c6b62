// Serializing connectors (write bodies, exports), checked by parsing back.
#include <benchmark/benchmark.h>

#include <stdexcept>

#include "fixtures.hpp"
#include "io/json/connector_parser.hpp"
#include "io/json/json_writer.hpp"

namespace {

using namespace sdemig;

void BM_serialize_page(benchmark::State& state) {
  const auto connectors = bench::seeded(static_cast<std::size_t>(state.range(0)));
  connector_page page;
  page.results = connectors;
  std::string out;
  json::append_page(out, page);
  json::connector_parser parser;
  connector_page back;
  if (parser.parse(out, back) || back.results != connectors)
    throw std::runtime_error("round trip differs");
  for (auto _ : state) {
    out.clear();
    json::append_page(out, page);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_serialize_write_body(benchmark::State& state) {
  const connector c = bench::seeded(2).back();
  json::write_options options;
  options.include_id = false;
  options.system_id_only = true;
  std::string out;
  for (auto _ : state) {
    out = json::to_json(c, options);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_serialize_page)->Arg(100)->Arg(1000);
BENCHMARK(BM_serialize_write_body);

}  // namespace
