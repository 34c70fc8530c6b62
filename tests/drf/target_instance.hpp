#pragma once
// The target of the DRF end-to-end tests, one test body for both: the real
// Django REST Framework server (drf_server.hpp) or sde-sim as a current
// instance that trims names as Django does. Both take `target_token`.

#include <memory>
#include <string>
#include <vector>

#include "cli_fixture.hpp"
#include "drf_server.hpp"

namespace sdemig::test {

enum class target_type { drf, sde_sim };

// For test names: "drf", "sde_sim".
std::string to_string(target_type type);

// current_sim_config (cli_fixture.hpp): sde-sim as a current instance.

class target_instance {
 public:
  // `mask_secrets`: the target's reads show secret params as "********".
  target_instance(target_type type, bool mask_secrets);

  std::string url() const;
  // --to URL --to-token-file FILE, the token file being `env`'s.
  std::vector<std::string> to(const cli_env& env) const;

  // A connector created through the API, as its users would (201 or it throws).
  void add(connector_kind kind, const connector& c);
  // Every connector of a kind as the target stores it, secrets in clear.
  std::vector<connector> stored(connector_kind kind) const;

  // What a PATCH that sends `params` does to them: DRF's JSONField replaces
  // the whole object; sde-sim merges what is sent into what it holds.
  bool patch_replaces_params() const { return type_ == target_type::drf; }

 private:
  unsigned short port() const;

  target_type type_;
  drf_server* drf_ = nullptr;
  std::unique_ptr<sim_instance> sim_;
};

}  // namespace sdemig::test
