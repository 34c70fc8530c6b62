#pragma once
// A TCP relay for tests, in front of a TLS server on loopback, that spoils
// handshakes on purpose: it resets chosen connections once the client's
// first bytes (its TLS client hello) came, or holds them before passing
// them on (a slow handshake), and passes every other connection through
// untouched. It counts what it did, so a test waits on and checks that.

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>

namespace sdemig::test {

struct relay_config {
  std::uint16_t upstream_port = 0;  // on 127.0.0.1
  // Connections, numbered from 1 as accepted, reset (RST) after the
  // client's first bytes, which go nowhere.
  std::set<std::uint64_t> reset;
  // Connections whose first bytes wait `hold_for` before they go on; a
  // hold of zero holds them until the client gives up.
  std::set<std::uint64_t> hold;
  std::chrono::milliseconds hold_for{0};
};

struct relay_counts {
  std::uint64_t accepted = 0;
  std::uint64_t reset = 0;    // reset after the client hello
  std::uint64_t held = 0;     // client hellos held
  std::uint64_t relayed = 0;  // connections passed on to the server
};

class test_relay {
 public:
  explicit test_relay(relay_config config);
  ~test_relay();
  test_relay(const test_relay&) = delete;
  test_relay& operator=(const test_relay&) = delete;

  std::uint16_t port() const;
  relay_counts counts() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace sdemig::test
