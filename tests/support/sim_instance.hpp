#pragma once
// An sde-sim started in-process on a loopback port, stopped on destruction.

#include <cstddef>
#include <string>

#include "sim/seed.hpp"
#include "sim/server.hpp"
#include "sim/store.hpp"

namespace sdemig::test {

struct sim_instance {
  sim::connector_store store;
  sim::server server;
  api_generation api = api_generation::legacy;

  explicit sim_instance(sim::server_config config = {}, std::size_t seed_alm = 0,
                        std::size_t seed_analysis = 0, bool mask_secrets = false)
      : store(mask_secrets), server(store, config) {
    api = config.routing.api;
    sim::seed_store(store, seed_alm, seed_analysis, api);  // params named as its API names them
    server.start();
  }

  unsigned short port() const { return server.port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
};

}  // namespace sdemig::test
