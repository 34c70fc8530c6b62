#include "engine/connectors/read_inventory.hpp"

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

}  // namespace sdemig::engine
