#include "io/net/detail/connection.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <charconv>
#include <stdexcept>

#include "io/net/detail/response_parser.hpp"

namespace sdemig::net::detail {

namespace http = beast::http;
namespace ssl = asio::ssl;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::unique_ptr<tls_state> make_tls_state(const client_options& options) {
  auto state = std::make_unique<tls_state>();
  auto& ctx = state->context;
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  SSL_CTX_set_session_cache_mode(ctx.native_handle(), SSL_SESS_CACHE_CLIENT);
  state->verify = !options.insecure;
  if (options.insecure) {
    ctx.set_verify_mode(ssl::verify_none);
    return state;
  }
  ctx.set_default_verify_paths();
  if (!options.ca_file.empty()) {
    boost::system::error_code ec;
    ctx.load_verify_file(options.ca_file, ec);
    if (ec)
      throw std::runtime_error("cannot load CA file " + options.ca_file + ": " + ec.message());
  }
  ctx.set_verify_mode(ssl::verify_peer);
  return state;
}

namespace {

// Why a handshake failed, and what that means. The certificate or the TLS
// protocol refused (OpenSSL's own errors): failure::tls, final. The
// connection broke or closed under it (a reset, a relay that hangs up):
// nothing was sent, so it is retried as a connect that failed is. A stall
// is a timeout, retried the same way.
failure handshake_failure(SSL* ssl, const boost::system::error_code& ec,
                          std::chrono::milliseconds timeout, std::string& detail) {
  if (ec == beast::error::timeout) {
    detail = "TLS handshake timed out after " + std::to_string(timeout.count()) + " ms";
    return failure::timeout;
  }
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    detail =
        std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify);
    return failure::tls;
  }
  detail = "TLS handshake failed: " + ec.message();
  return ec.category() == asio::error::get_ssl_category() ? failure::tls : failure::connect;
}

// Host name (or IP address) checked by OpenSSL during verification, so a
// mismatch is reported as such.
void expect_peer_name(SSL* ssl, const base_url& base) {
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (base.host_is_ip()) {
    X509_VERIFY_PARAM_set1_ip_asc(param, base.host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl, base.host.c_str());  // SNI: names only, never addresses
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, base.host.c_str(), 0);
  }
}

// "host:port" as a CONNECT request names it (IPv6 in brackets).
std::string authority_of(const base_url& base) {
  return bracketed_host(base.host) + ":" + std::to_string(base.port);
}

// Asks the proxy for a tunnel to the instance: CONNECT, then the proxy's
// answer head. False with `error`/`detail` set when there is no tunnel: a
// refusal (407, 403, ...) is failure::proxy, final; a proxy that cannot
// reach the instance (5xx) is failure::connect, retried like any connect.
asio::awaitable<bool> open_tunnel(beast::tcp_stream& tcp, const base_url& base,
                                  const proxy_endpoint& proxy, std::chrono::milliseconds timeout,
                                  failure& error, std::string& detail) {
  const std::string authority = authority_of(base);
  std::string request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
  const std::string credentials = proxy.authorization();
  if (!credentials.empty()) request += "Proxy-Authorization: " + credentials + "\r\n";
  request += "\r\n";
  const std::string where = "proxy " + proxy.display();
  tcp.expires_after(timeout);
  auto [write_ec, written] = co_await asio::async_write(tcp, asio::buffer(request), use_tuple);
  std::string head;
  boost::system::error_code read_ec = write_ec;
  constexpr std::size_t max_head = 16 * 1024;
  // The proxy sends nothing after its answer's head until the TLS handshake
  // starts, so reading in chunks cannot take bytes of the tunnel.
  while (!read_ec && head.find("\r\n\r\n") == std::string::npos && head.size() < max_head) {
    std::array<char, 2048> chunk;
    auto [ec, n] = co_await tcp.async_read_some(asio::buffer(chunk), use_tuple);
    head.append(chunk.data(), n);
    read_ec = ec;
  }
  tcp.expires_never();
  if (head.find("\r\n\r\n") == std::string::npos) {
    error = read_ec == beast::error::timeout ? failure::timeout : failure::connect;
    detail = read_ec == beast::error::timeout ? where + " did not answer CONNECT within " +
                                                    std::to_string(timeout.count()) + " ms"
             : read_ec ? where + " closed the connection during CONNECT (" + read_ec.message() + ")"
                       : where + " answered CONNECT with a header over 16 KiB";
    co_return false;
  }
  // "HTTP/1.1 200 Connection established"
  const std::string_view line(head.data(), head.find("\r\n"));
  unsigned status = 0;
  if (line.starts_with("HTTP/1.") && line.size() >= 12 && line[8] == ' ') {
    std::from_chars(line.data() + 9, line.data() + 12, status);
  }
  if (status >= 200 && status < 300) co_return true;
  std::string reason = status == 0
                           ? std::string{}
                           : std::string(line.substr(std::min<std::size_t>(13, line.size())));
  for (char& c : reason) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      c = '?';  // the proxy's text, shown on a terminal
  }
  const std::string answer = std::to_string(status) + (reason.empty() ? "" : " " + reason);
  if (status == 0) {
    error = failure::protocol;
    detail = where + " answered CONNECT with something other than HTTP/1.x";
  } else if (status == 407) {
    error = failure::proxy;
    detail = where + " refused the tunnel to " + authority + ": " + answer + " " +
             std::string(proxy.auth_hint());
  } else if (status >= 500) {
    error = failure::connect;
    detail = where + " could not reach " + authority + ": " + answer;
  } else {
    error = failure::proxy;
    detail = where + " refused CONNECT to " + authority + ": " + answer;
  }
  co_return false;
}

}  // namespace

asio::awaitable<std::unique_ptr<connection>> connection::async_open(
    const base_url& base, const tcp::resolver::results_type& endpoints, tls_state* tls,
    const client_options& options, failure& error, std::string& detail, bool& resumed) {
  auto executor = co_await asio::this_coro::executor;
  beast::tcp_stream tcp(executor);
  // --timeout bounds every wait, the connect's too.
  const auto connect_timeout = std::min(options.connect_timeout, options.request_timeout);
  tcp.expires_after(connect_timeout);
  auto [connect_ec, endpoint] = co_await tcp.async_connect(endpoints, use_tuple);
  if (connect_ec) {
    const std::string to_proxy = options.proxy ? " to proxy " + options.proxy->display() : "";
    error = connect_ec == beast::error::timeout ? failure::timeout : failure::connect;
    detail = connect_ec == beast::error::timeout
                 ? "connect" + to_proxy + " timed out after " +
                       std::to_string(connect_timeout.count()) + " ms"
                 : "cannot connect" + to_proxy + ": " + connect_ec.message();
    co_return nullptr;
  }
  tcp.socket().set_option(tcp::no_delay(true));
  tcp.expires_never();         // from here on the pool's watchdog keeps the deadlines
  if (options.proxy && tls) {  // TLS to the instance inside a tunnel through the proxy
    // The proxy's answer to CONNECT comes once it reached the instance: a
    // request's wait (--timeout), not a TCP connect's.
    if (!co_await open_tunnel(tcp, base, *options.proxy, options.request_timeout, error, detail))
      co_return nullptr;
  }
  if (!tls) {
    tcp::socket socket = tcp.release_socket();
    boost::system::error_code ignored;   // blocking mode only costs the event-loop trip
    socket.non_blocking(true, ignored);  // exchange() writes without waiting when it can
    co_return std::unique_ptr<connection>(new connection(std::move(socket)));
  }

  tls_stream stream(std::move(tcp), tls->context);
  SSL* ssl = stream.native_handle();
  if (tls->verify) expect_peer_name(ssl, base);
  if (tls->session) SSL_set_session(ssl, tls->session.get());
  // The handshake is a request's wait too (--timeout), as the CONNECT is.
  beast::get_lowest_layer(stream).expires_after(options.request_timeout);
  auto [hs_ec] = co_await stream.async_handshake(ssl::stream_base::client, use_tuple);
  if (hs_ec) {
    error = handshake_failure(ssl, hs_ec, options.request_timeout, detail);
    co_return nullptr;
  }
  beast::get_lowest_layer(stream).expires_never();
  resumed = SSL_session_reused(ssl) == 1;
  auto conn = std::unique_ptr<connection>(new connection(std::move(stream)));
  conn->tls_ = tls;
  co_return conn;
}

tcp::socket& connection::socket() noexcept {
  if (auto* plain = std::get_if<plain_stream>(&stream_)) return *plain;
  return beast::get_lowest_layer(std::get<tls_stream>(stream_)).socket();
}

void connection::close() noexcept {
  if (auto* tls = std::get_if<tls_stream>(&stream_)) {
    // A TLS connection freed without shutdown makes OpenSSL mark its session
    // unresumable; a quiet shutdown (no close_notify sent) keeps it usable.
    SSL_set_quiet_shutdown(tls->native_handle(), 1);
    SSL_shutdown(tls->native_handle());
  }
  boost::system::error_code ignored;
  socket().shutdown(tcp::socket::shutdown_both, ignored);
  socket().close(ignored);
}

asio::awaitable<exchange_result> connection::async_exchange(const std::string& head,
                                                            const std::string& body,
                                                            std::size_t max_body_bytes) {
  // Not a coroutine itself: hands back the stream type's coroutine directly.
  if (auto* plain = std::get_if<plain_stream>(&stream_))
    return exchange(*plain, head, body, max_body_bytes);
  return exchange(std::get<tls_stream>(stream_), head, body, max_body_bytes);
}

// Feeds what the buffer holds to the parser. True when the answer is
// complete or failed (`ec`); false when more bytes must be read.
bool connection::parse_buffered(response_parser& parser, boost::system::error_code& ec) {
  while (buffer_.size() > 0) {
    const std::size_t used = parser.put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) {
      ec = {};
      return false;
    }
    if (ec || parser.is_done()) return true;
    if (used == 0) return false;
  }
  return false;
}

// One coroutine for the whole exchange (the write and read loops are written
// out here rather than as Asio/Beast composed operations or nested
// coroutines: each layer costs a frame and a resumption per request).
template <class Stream>
asio::awaitable<exchange_result> connection::exchange(Stream& stream, const std::string& head,
                                                      const std::string& body,
                                                      std::size_t max_body_bytes) {
  exchange_result out;

  std::array<asio::const_buffer, 2> request{asio::buffer(head), asio::buffer(body)};
  const std::size_t total = head.size() + body.size();
  boost::system::error_code write_ec;
  std::size_t n = 0;
  if constexpr (std::is_same_v<Stream, plain_stream>) {
    // A request nearly always fits the socket's send buffer: sent here at
    // once (the socket is non-blocking), without a trip through the event
    // loop; what does not fit goes the asynchronous way below.
    n = stream.write_some(request, write_ec);
    if (write_ec == asio::error::would_block) write_ec = {};
  }
  for (;;) {
    out.bytes_sent += n;
    if (write_ec) {
      out.error = timed_out_ ? failure::timeout : failure::connection_lost;
      out.detail = timed_out_ ? "timed out" : "sending failed: " + write_ec.message();
      co_return out;
    }
    if (out.bytes_sent == total) break;
    const std::size_t from_head = std::min(n, request[0].size());
    request[0] += from_head;
    request[1] += n - from_head;
    auto [ec, sent] = co_await stream.async_write_some(request, use_tuple);
    write_ec = ec;
    n = sent;
  }
  out.request_written = true;

  response_parser parser;
  parser.body_limit(max_body_bytes);
  parser.header_limit(64 * 1024);
  parser.eager(true);  // header and as much body as has come, in one put()
  boost::system::error_code read_ec;
  constexpr std::size_t min_read = 4096, max_read = 64 * 1024;
  while (!parse_buffered(parser, read_ec)) {
    const std::size_t room = std::clamp(buffer_.capacity() - buffer_.size(), min_read, max_read);
    auto [ec, n] = co_await stream.async_read_some(buffer_.prepare(room), use_tuple);
    buffer_.commit(n);
    out.bytes_received += n;
    if (ec == asio::error::eof || ec == ssl::error::stream_truncated) {
      if (!parser.got_some()) {
        read_ec = http::error::end_of_stream;
      } else {
        parser.put_eof(read_ec);  // an answer that ends with the connection, or one cut short
      }
      break;
    }
    if (ec) {
      read_ec = ec;
      break;
    }
  }
  out.got_response_bytes = parser.got_some() || buffer_.size() > 0;
  if (read_ec) {
    if (timed_out_) {
      out.error = failure::timeout;
      out.detail = "timed out";
    } else if (read_ec == http::error::body_limit) {
      out.error = failure::protocol;
      out.detail = "answer larger than the " + std::to_string(max_body_bytes >> 20) + " MiB limit";
    } else if (read_ec == http::error::end_of_stream || read_ec == asio::error::connection_reset ||
               read_ec == asio::error::eof || read_ec == asio::error::broken_pipe ||
               read_ec == ssl::error::stream_truncated || read_ec == http::error::partial_message ||
               read_ec == asio::error::operation_aborted ||
               read_ec == asio::error::bad_descriptor) {
      out.error = failure::connection_lost;
      out.detail = "connection lost before the answer was complete (" + read_ec.message() + ")";
    } else {
      out.error = failure::protocol;
      out.detail = "invalid HTTP answer: " + read_ec.message();
    }
    co_return out;
  }
  out.status = parser.status;
  out.keep_alive = parser.keep_alive();
  out.retry_after = std::move(parser.retry_after);
  out.location = std::move(parser.location);
  out.body = std::move(parser.body);
  if constexpr (!std::is_same_v<Stream, plain_stream>) {
    // TLS 1.3 hands out session tickets after the handshake: keep one once
    // an answer has come, for the next connection to resume.
    if (!session_saved_ && tls_) {
      if (SSL_SESSION* s = SSL_get1_session(stream.native_handle())) {
        if (SSL_SESSION_is_resumable(s)) {
          tls_->session.reset(s);
        } else {
          SSL_SESSION_free(s);
        }
      }
      session_saved_ = true;
    }
  }
  co_return out;
}

}  // namespace sdemig::net::detail
