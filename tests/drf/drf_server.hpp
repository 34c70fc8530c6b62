#pragma once
// A real Django REST Framework SDE (tests/drf/server) served by gunicorn's
// sync workers on a free loopback port, with its SQLite database in a
// temporary folder: started by the constructor, stopped (workers and all)
// by the destructor. Its API token is `target_token`.

#include <memory>
#include <string>
#include <vector>

#include "model/connector.hpp"
#include "support/child_process.hpp"

namespace sdemig::test {

class drf_server {
 public:
  // `mask_secrets`: reads show secret params as "********".
  explicit drf_server(bool mask_secrets);
  ~drf_server();
  drf_server(const drf_server&) = delete;
  drf_server& operator=(const drf_server&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  unsigned short port() const { return port_; }

  // Every connector of a kind as the database holds it, secrets in clear
  // (a masking server's through `manage.py stored_connectors`).
  std::vector<connector> stored(connector_kind kind) const;
  // Deletes every connector through the API: a server shared by the tests
  // of one executable starts each test empty.
  void clear();

 private:
  // manage.py ARGS on this server's database; its stdout.
  std::string manage(const std::vector<std::string>& args) const;

  bool mask_secrets_;
  std::string dir_;
  unsigned short port_ = 0;
  std::unique_ptr<child_process> gunicorn_;
};

// One server per masking mode for the whole test executable (its start
// imports Django, a second or more on a busy machine), emptied for each test.
drf_server& shared_drf_server(bool mask_secrets);

}  // namespace sdemig::test
