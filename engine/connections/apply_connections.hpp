#pragma once
// Carries out the connections' plan after the connectors', through the one
// applier core (engine/run/apply_core.hpp): each connection goes with its
// connector's id on the target (including one created in this run) and its
// target project's id. A lost answer (or "alias taken" on a create) is
// settled by reading that project's connections, so a connection is never
// created twice.

#include <boost/asio/awaitable.hpp>
#include <map>

#include "engine/planning/connection_plan.hpp"
#include "engine/run/apply_core.hpp"
#include "io/sde/connection_target.hpp"

namespace sdemig::engine {

class journal;
class progress;

// (kind, name) -> id of every connector on the target after the connectors'
// apply: what it held, and what was written.
using connector_ids = std::map<std::pair<connector_kind, std::string>, std::int64_t>;
connector_ids target_connector_ids(const inventory& before, const plan& p,
                                   const apply_result* applied);

boost::asio::awaitable<apply_result> async_apply_connections(
    sde::connection_target& target, const connection_plan& p, const connector_ids& ids,
    const apply_options& options, journal* journal, progress* progress, const bool& stop);

}  // namespace sdemig::engine
