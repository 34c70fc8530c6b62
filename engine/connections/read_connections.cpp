#include "engine/connections/read_connections.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "io/net/run_all.hpp"

namespace sdemig::engine {

using boost::asio::awaitable;

namespace {

awaitable<sde::result<std::vector<project_node>>> read_level(sde::sde_client& client,
                                                             std::string collection,
                                                             std::string parent_key) {
  std::vector<project_node> out;
  sde::sde_client::node_handler keep = [&](std::vector<project_node>& page) {
    for (project_node& n : page) out.push_back(std::move(n));
  };
  sde::result<std::size_t> listed =
      co_await client.async_list_nodes(std::move(collection), std::move(parent_key), keep);
  if (!listed) co_return listed.error();
  co_return out;
}

}  // namespace

awaitable<sde::result<instance_connections>> async_read_connections(
    sde::sde_client& client, std::vector<connector_kind> kinds, std::size_t concurrency) {
  using namespace boost::asio::experimental::awaitable_operators;
  auto [units, apps, projects] = co_await (read_level(client, "business-units", "") &&
                                           read_level(client, "applications", "business_unit") &&
                                           read_level(client, "projects", "application"));
  for (auto* r : {&units, &apps, &projects}) {
    if (!*r) co_return r->error();
  }
  instance_connections out;
  out.projects = make_project_paths(units.value(), apps.value(), projects.value());
  for (connector_kind kind : kinds) {
    std::vector<connection>& into = out.of(kind);
    sde::sde_client::connection_handler keep = [&](std::vector<connection>& page) {
      for (connection& c : page) into.push_back(std::move(c));
    };
    const std::optional<std::int64_t> every;
    sde::result<std::size_t> listed = co_await client.async_list_connections(kind, every, keep);
    if (listed) continue;
    // A server that lists connections per project only answers 400 here.
    if (listed.error().what != sde::api_error::kind::http || listed.error().status != 400)
      co_return listed.error();
    into.clear();
    out.per_project = true;
    std::vector<std::int64_t> ids;
    for (const project_node& p : projects.value()) ids.push_back(p.id);
    std::vector<std::vector<connection>> per(ids.size());
    std::optional<sde::api_error> failed;
    std::size_t next = 0;
    co_await net::run_all(std::min(concurrency, ids.size()), [&](std::size_t) -> awaitable<void> {
      while (!failed && next < ids.size()) {
        const std::size_t i = next++;
        const std::optional<std::int64_t> project = ids[i];
        sde::sde_client::connection_handler mine = [&per, i](std::vector<connection>& page) {
          for (connection& c : page) per[i].push_back(std::move(c));
        };
        sde::result<std::size_t> one = co_await client.async_list_connections(kind, project, mine);
        if (!one && !failed) failed = one.error();
      }
    });
    if (failed) co_return *failed;
    for (std::vector<connection>& list : per) {
      for (connection& c : list) into.push_back(std::move(c));
    }
  }
  co_return out;
}

}  // namespace sdemig::engine
