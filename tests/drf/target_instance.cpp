#include "target_instance.hpp"

#include <stdexcept>

#include "io/json/json_writer.hpp"
#include "support/http_client.hpp"

namespace sdemig::test {

std::string to_string(target_type type) {
  return type == target_type::drf ? "drf" : "sde_sim";
}

target_instance::target_instance(target_type type, bool mask_secrets) : type_(type) {
  if (type == target_type::drf) {
    drf_ = &shared_drf_server(mask_secrets);
    return;
  }
  sim::server_config config = current_sim_config(target_token);
  config.routing.trim_names = true;
  sim_ = std::make_unique<sim_instance>(std::move(config), 0, 0, mask_secrets);
}

unsigned short target_instance::port() const {
  return drf_ ? drf_->port() : sim_->port();
}

std::string target_instance::url() const {
  return "http://127.0.0.1:" + std::to_string(port());
}

std::vector<std::string> target_instance::to(const cli_env& env) const {
  return {"--to", url(), "--to-token-file", env.path("target.token")};
}

void target_instance::add(connector_kind kind, const connector& c) {
  http_client client("127.0.0.1", port());
  const http_reply r = client.request(
      "POST",
      "/api/v2/connectors/" + std::string(path_segment(kind, api_generation::current)) + "/",
      json::to_json(c, json::request_body_options()),
      {{"Authorization", std::string("Token ") + target_token}});
  if (r.status != 201)
    throw std::runtime_error("POST " + c.name + ": HTTP " + std::to_string(r.status) + " " +
                             r.body);
}

std::vector<connector> target_instance::stored(connector_kind kind) const {
  return drf_ ? drf_->stored(kind) : sim_->store.snapshot(kind);
}

}  // namespace sdemig::test
