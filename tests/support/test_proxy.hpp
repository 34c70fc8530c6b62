#pragma once
// A small HTTP proxy for tests, started in-process on a loopback port: CONNECT
// tunnels (for https:// instances) and absolute-form forwarding (for http://
// ones), optional Basic credentials, a refusal mode, and a way to die mid-run.
// It counts what it carried. Written on Beast independently of sdemig's own
// client, so the tests check the client against a separate peer.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace sdemig::test {

struct proxy_config {
  std::string user, password;   // when set, requests without them get 407
  bool refuse_connect = false;  // CONNECT answered 403 Forbidden
  std::uint16_t port = 0;       // 0: any free port (a given one: a proxy coming back after kill())
};

struct proxy_counts {
  std::uint64_t connections = 0;  // accepted from clients
  std::uint64_t tunnels = 0;      // CONNECTs answered 200
  std::uint64_t forwarded = 0;    // absolute-form requests passed on
  std::uint64_t auth_rejected = 0;
  std::uint64_t refused = 0;
  std::uint64_t bytes = 0;  // carried, both ways
  bool dead = false;
};

class test_proxy {
 public:
  explicit test_proxy(proxy_config config = {});
  ~test_proxy();
  test_proxy(const test_proxy&) = delete;
  test_proxy& operator=(const test_proxy&) = delete;

  std::uint16_t port() const;
  // "http://127.0.0.1:PORT", with the credentials `user`:`password` when given.
  std::string url(const std::string& user = {}, const std::string& password = {}) const;
  proxy_counts counts() const;
  // Dies now: every connection closed, the port no longer listens.
  void kill();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace sdemig::test
