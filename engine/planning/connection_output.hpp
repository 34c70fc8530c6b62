#pragma once
// The connections' part of plan and verify output: text lines after the
// connectors', JSON members, and verify's marks.

#include <string>

#include "engine/planning/connection_plan.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {

// create   connection-alm  "BU/App/Project" "Tracker" -> "Connector"  (and changes)
std::string connection_plan_text(const connection_plan& p, bool show_noop);
// The members that name a connection and its action, in JSON outputs.
void write_connection_names(json::writer& w, const connection_item& item);
// "connections": [...], "connection_totals": {...}
void write_connection_plan_json(json::writer& w, const connection_plan& p);

// verify: = + * ! (verify_mark) and - per connection, "PATH alias" after the mark.
std::string connection_verify_text(const connection_plan& p);
void write_connection_verify_json(json::writer& w, const connection_plan& p);
// Whether verify finds every connection equal (only-on-target ones aside).
bool connections_equal(const connection_plan& p);

}  // namespace sdemig::engine
