// Parsing list pages into the connector model: our simdjson On-Demand
// parser next to a simdjson DOM parse of the same bytes into the same model
// (the reference). Each benchmark checks its result against the reference
// before timing anything.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <stdexcept>

#include "fixtures.hpp"
#include "io/json/connector_parser.hpp"

namespace {

using namespace sdemig;
namespace dom = simdjson::dom;

scalar scalar_of(dom::element e) {
  switch (e.type()) {
    case dom::element_type::STRING:
      return scalar::string(std::string(std::string_view(e)));
    case dom::element_type::INT64:
      return scalar::integer(int64_t(e));
    case dom::element_type::BOOL:
      return scalar::boolean(bool(e));
    case dom::element_type::NULL_VALUE:
      return scalar::null();
    default:
      return {json_type::number, simdjson::minify(e)};
  }
}

// The reference: DOM parse, then build the same model.
void dom_parse_page(dom::parser& parser, const simdjson::padded_string& json, connector_page& out) {
  dom::element root = parser.parse(json);
  out.results.clear();
  out.count = int64_t(root["count"]);
  out.paginated = true;
  dom::element next = root["next"];
  out.next = next.is_null() ? std::nullopt
                            : std::optional<std::string>(std::string(std::string_view(next)));
  out.previous.reset();
  for (dom::element item : dom::array(root["results"])) {
    connector& c = out.results.emplace_back();
    c.id = int64_t(item["id"]);
    c.name = std::string(std::string_view(item["name"]));
    dom::element system = item["system"];
    c.system.id = std::string(std::string_view(system["id"]));
    c.system.name = std::string(std::string_view(system["name"]));
    std::string_view short_name;
    if (!system["short_name"].get(short_name)) c.system.short_name = std::string(short_name);
    c.inaccessible = bool(item["inaccessible"]);
    auto& params = c.params.emplace();
    for (auto [key, value] : dom::object(item["params"]))
      params.push_back({std::string(key), scalar_of(value)});
  }
}

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

void BM_parse_page_ondemand(benchmark::State& state) {
  const auto connectors = bench::seeded(static_cast<std::size_t>(state.range(0)));
  std::string json = bench::page_json(connectors);
  json.reserve(json.size() + 64);
  json::connector_parser parser;
  connector_page page, reference;
  dom::parser dom_parser;
  dom_parse_page(dom_parser, simdjson::padded_string(json), reference);
  check(!parser.parse(json, page), "parse failed");
  check(page.results == reference.results && page.results == connectors,
        "result differs from the reference");
  for (auto _ : state) {
    parser.parse(json, page);
    benchmark::DoNotOptimize(page.results.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_parse_page_dom_reference(benchmark::State& state) {
  const auto connectors = bench::seeded(static_cast<std::size_t>(state.range(0)));
  const simdjson::padded_string json(bench::page_json(connectors));
  dom::parser parser;
  connector_page page;
  dom_parse_page(parser, json, page);
  check(page.results == connectors, "reference differs from the seeded connectors");
  for (auto _ : state) {
    dom_parse_page(parser, json, page);
    benchmark::DoNotOptimize(page.results.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_parse_page_ondemand)->Arg(1)->Arg(100)->Arg(1000);
BENCHMARK(BM_parse_page_dom_reference)->Arg(1)->Arg(100)->Arg(1000);

}  // namespace
