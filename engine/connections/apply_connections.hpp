#pragma once
// Carries out the connections' plan after the connectors': each connection
// goes with its connector's id on the target (including one created in this
// run) and its target project's id. A create whose answer was lost (or that
// meets "alias taken") is settled by reading that project's connections, so
// a connection is never created twice.

#include <boost/asio/awaitable.hpp>
#include <map>

#include "engine/apply.hpp"
#include "engine/planning/connection_plan.hpp"
#include "io/sde/sde_client.hpp"

namespace sdemig::engine {

class journal;

struct connection_apply_result {
  std::vector<item_outcome> outcomes;  // one per connection item
  std::size_t writes = 0;
  std::string halted;
};

// (kind, name) -> id of every connector on the target after the connectors'
// apply: what it held, and what was written.
using connector_ids = std::map<std::pair<connector_kind, std::string>, std::int64_t>;
connector_ids target_connector_ids(const inventory& before, const plan& p,
                                   const apply_result* applied);

boost::asio::awaitable<connection_apply_result> async_apply_connections(
    sde::sde_client& target, const connection_plan& p, const connector_ids& ids,
    std::size_t concurrency, journal* journal, const bool& stop);

}  // namespace sdemig::engine
