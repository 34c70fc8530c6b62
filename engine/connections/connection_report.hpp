#pragma once
// What clone and import say about connections once applied: a summary
// line, one line per connection that did not end well, and the report's
// "connections" and "connection_totals" members. Counted and worded as the
// connectors' are (engine/run/report.hpp).

#include <string>

#include "engine/connections/apply_connections.hpp"
#include "engine/run/report.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {

// "connections: 1200 created, 0 updated, 0 reconciled, 30 unchanged, 0 skipped; 1230 writes;
//  2 not done (... 2 missing project or connector ...)"
std::string connection_summary_line(const connection_plan& p, const apply_result& r);
std::string connection_failure_lines(const connection_plan& p, const apply_result& r);
void write_connection_report(json::writer& w, const connection_plan& p, const apply_result& r);
// Whether any connection failed or could not be sent (missing project or connector).
bool connections_failed(const connection_plan& p, const apply_result& r);

}  // namespace sdemig::engine
