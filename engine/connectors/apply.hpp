#pragma once
// Carries out a connectors' plan on the target through the one applier
// core (engine/run/apply_core.hpp): a connector is written by name, as PUT or
// PATCH (unknown secrets left out of a PATCH), and a fresh read settles an
// unknown outcome by name (as given, or as a server that trims stored it).

#include <boost/asio/awaitable.hpp>

#include "engine/planning/plan.hpp"
#include "engine/run/apply_core.hpp"
#include "io/sde/connector_target.hpp"

namespace sdemig::engine {

class journal;
class progress;

// `stop` is read between writes: once true, no new write starts.
boost::asio::awaitable<apply_result> async_apply(sde::connector_target& target, const plan& p,
                                                 const apply_options& options, journal* journal,
                                                 progress* progress, const bool& stop);

}  // namespace sdemig::engine
