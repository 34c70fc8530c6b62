#pragma once
// Reading an instance's projects (business units, applications, projects:
// all three lists at once) and its connections: the whole list page by page
// when the server allows it, else per project (?project=ID), many at a time,
// so that 10,000 projects are not 10,000 requests in a row.

#include <boost/asio/awaitable.hpp>
#include <vector>

#include "engine/planning/connection_plan.hpp"
#include "io/sde/sde_client.hpp"

namespace sdemig::engine {

struct instance_connections {
  project_paths projects;
  std::vector<connection> alm, analysis;
  bool per_project = false;  // the server wanted ?project= on connection lists
  std::vector<connection>& of(connector_kind k) {
    return k == connector_kind::alm ? alm : analysis;
  }
};

boost::asio::awaitable<sde::result<instance_connections>> async_read_connections(
    sde::sde_client& client, std::vector<connector_kind> kinds, std::size_t concurrency);

}  // namespace sdemig::engine
