#include "fixtures.hpp"

#include "io/json/json_writer.hpp"
#include "sim/seed.hpp"

namespace sdemig::bench {

std::vector<connector> seeded(std::size_t n) {
  std::vector<connector> out;
  out.reserve(n);
  for (std::size_t i = 1; i <= n; ++i) {
    out.push_back(sim::seeded_connector(connector_kind::alm, i));
    out.back().id = static_cast<std::int64_t>(i);
  }
  return out;
}

std::string page_json(const std::vector<connector>& results) {
  connector_page page;
  page.count = static_cast<std::int64_t>(results.size()) * 3;
  page.paginated = true;
  page.next = "https://sde.example.com/api/v2/connectors/alm/?page=2&page_size=" +
              std::to_string(results.size());
  page.results = results;
  std::string out;
  json::append_page(out, page);
  return out;
}

}  // namespace sdemig::bench
