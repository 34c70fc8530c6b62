#pragma once
// One keep-alive HTTP/1.1 connection, plain or TLS. Internal to the client:
// this header pulls in Beast, so only io/net/*.cpp include it.

#include <openssl/ssl.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <variant>

#include "io/net/core/client_options.hpp"
#include "io/net/core/http_types.hpp"
#include "io/net/core/url.hpp"

namespace sdemig::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;

class response_parser;

// TLS settings and the session kept for resumption, shared by the
// connections to one instance.
struct tls_state {
  asio::ssl::context context{asio::ssl::context::tls_client};
  struct session_free {
    void operator()(SSL_SESSION* s) const { SSL_SESSION_free(s); }
  };
  std::unique_ptr<SSL_SESSION, session_free> session;
  bool verify = true;
};

// Builds the TLS context: system trust store plus `ca_file`, verification on
// unless `insecure`. Throws std::runtime_error naming the CA file.
std::unique_ptr<tls_state> make_tls_state(const client_options& options);

struct exchange_result {
  failure error = failure::none;
  bool request_written = false;  // the whole request reached the socket
  bool got_response_bytes = false;
  std::string detail;  // why, for the message
  unsigned status = 0;
  std::string body;
  std::string retry_after;
  std::string location;
  bool keep_alive = false;
  std::size_t bytes_sent = 0;
  std::size_t bytes_received = 0;
};

class connection {
 public:
  // A plain connection is the bare socket: deadlines are the pool's
  // watchdog's, so beast::tcp_stream's per-operation timers are not needed.
  using plain_stream = tcp::socket;
  using tls_stream = beast::ssl_stream<beast::tcp_stream>;

  // Connects to one of `endpoints` (the proxy's, when options.proxy is
  // set: then an https:// instance is reached through a CONNECT tunnel) and
  // handshakes TLS with the instance, each step within its timeout.
  // On failure returns null and sets `error`/`detail`.
  static asio::awaitable<std::unique_ptr<connection>> async_open(
      const base_url& base, const tcp::resolver::results_type& endpoints, tls_state* tls,
      const client_options& options, failure& error, std::string& detail, bool& resumed);

  // Sends one request and reads its answer. The deadline is the owner's to
  // keep: it closes the connection once `deadline` passes (see expire()),
  // which ends the exchange as a timeout. No per-operation timer: one
  // watchdog per pool instead of a timer wait for every read and write.
  asio::awaitable<exchange_result> async_exchange(const std::string& head, const std::string& body,
                                                  std::size_t max_body_bytes);

  // The deadline passed: closes the connection, and the exchange in
  // progress ends with failure::timeout.
  void expire() noexcept {
    timed_out_ = true;
    close();
  }

  // Closes the socket: pending operations end at once with an error.
  void close() noexcept;

  bool reused = false;
  clock::time_point idle_since{};
  clock::time_point deadline = clock::time_point::max();  // of the exchange in progress
  std::size_t busy_slot = 0;                              // the pool's index of busy connections

 private:
  // The read buffer starts large enough for a typical answer in one read
  // (exchange() reads into the buffer's free capacity).
  static constexpr std::size_t read_buffer_bytes = 32 * 1024;
  explicit connection(std::variant<plain_stream, tls_stream> stream) : stream_(std::move(stream)) {
    buffer_.reserve(read_buffer_bytes);
  }
  bool parse_buffered(response_parser& parser, boost::system::error_code& ec);
  template <class Stream>
  asio::awaitable<exchange_result> exchange(Stream& stream, const std::string& head,
                                            const std::string& body, std::size_t max_body_bytes);
  tcp::socket& socket() noexcept;

  std::variant<plain_stream, tls_stream> stream_;
  beast::flat_buffer buffer_;
  tls_state* tls_ = nullptr;
  bool session_saved_ = false;
  bool timed_out_ = false;
};

}  // namespace sdemig::net::detail
