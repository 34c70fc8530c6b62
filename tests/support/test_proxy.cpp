#include "support/test_proxy.hpp"

#include <openssl/evp.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <future>
#include <mutex>
#include <set>
#include <thread>

namespace sdemig::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
using socket_ptr = std::shared_ptr<tcp::socket>;

struct test_proxy::impl {
  proxy_config config;
  asio::io_context ioc;
  // Keeps run() going after a death, so kill() can always be posted.
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  tcp::acceptor acceptor{ioc};
  std::uint16_t port = 0;
  std::set<socket_ptr> sockets;  // every open socket, for kill() (io thread only)
  std::thread thread;
  struct {
    std::atomic<std::uint64_t> connections{0}, tunnels{0}, forwarded{0}, auth_rejected{0},
        refused{0}, bytes{0};
    std::atomic<bool> dead{false};
  } n;

  std::string expected_authorization() const {
    if (config.user.empty() && config.password.empty()) return {};
    const std::string plain = config.user + ":" + config.password;
    std::string out(4 * ((plain.size() + 2) / 3) + 1, '\0');
    const int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                    reinterpret_cast<const unsigned char*>(plain.data()),
                                    static_cast<int>(plain.size()));
    out.resize(static_cast<std::size_t>(len));
    return "Basic " + out;
  }

  void die() {  // io thread
    n.dead = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    for (const socket_ptr& s : sockets) {
      s->set_option(asio::socket_base::linger(true, 0),
                    ignored);  // reset: the port is free at once
      s->close(ignored);
    }
  }

  void carried(std::size_t bytes) { n.bytes += bytes; }

  socket_ptr track(tcp::socket s) {
    auto p = std::make_shared<tcp::socket>(std::move(s));
    sockets.insert(p);
    return p;
  }
  void forget(const socket_ptr& s) {
    boost::system::error_code ignored;
    s->close(ignored);
    sockets.erase(s);
  }

  asio::awaitable<socket_ptr> connect_upstream(const std::string& host, const std::string& port) {
    tcp::resolver resolver(ioc);
    auto [rec, results] = co_await resolver.async_resolve(host, port, use_tuple);
    if (rec || n.dead) co_return nullptr;
    tcp::socket s(ioc);
    for (const auto& entry : results) {
      auto [ec] = co_await s.async_connect(entry.endpoint(), use_tuple);
      if (!ec) co_return track(std::move(s));
      s = tcp::socket(ioc);
    }
    co_return nullptr;
  }

  asio::awaitable<void> reply(tcp::socket& s, http::status status,
                              const std::string& extra_header = {}) {
    std::string text = "HTTP/1.1 " + std::to_string(static_cast<unsigned>(status)) + " " +
                       std::string(http::obsolete_reason(status)) + "\r\n" + extra_header +
                       "Content-Length: 0\r\nConnection: close\r\n\r\n";
    co_await asio::async_write(s, asio::buffer(text), use_tuple);
  }

  // Copies bytes one way until either side closes; then closes both.
  asio::awaitable<void> pump(socket_ptr from, socket_ptr to) {
    std::array<char, 16 * 1024> chunk;
    for (;;) {
      auto [rec, got] = co_await from->async_read_some(asio::buffer(chunk), use_tuple);
      if (rec) break;
      auto [wec, sent] =
          co_await asio::async_write(*to, asio::buffer(chunk.data(), got), use_tuple);
      if (wec) break;
      carried(sent);
    }
    boost::system::error_code ignored;
    from->close(ignored);
    to->close(ignored);
  }

  asio::awaitable<void> tunnel(socket_ptr client, const std::string& target,
                               beast::flat_buffer& leftover) {
    if (config.refuse_connect) {
      ++n.refused;
      co_await reply(*client, http::status::forbidden);
      co_return;
    }
    const auto colon = target.rfind(':');
    std::string host = target.substr(0, colon);
    if (host.starts_with('[')) host = host.substr(1, host.size() - 2);
    // Named locals, no co_await inside ?: (GCC 12 coroutine pitfalls).
    const std::string port = colon == std::string::npos ? std::string{} : target.substr(colon + 1);
    socket_ptr up;
    if (!port.empty()) up = co_await connect_upstream(host, port);
    if (!up) {
      co_await reply(*client, http::status::bad_gateway);
      co_return;
    }
    ++n.tunnels;
    const std::string ok = "HTTP/1.1 200 Connection established\r\n\r\n";
    auto [ec, sent] = co_await asio::async_write(*client, asio::buffer(ok), use_tuple);
    if (!ec && leftover.size() > 0) co_await asio::async_write(*up, leftover.data(), use_tuple);
    using namespace asio::experimental::awaitable_operators;
    if (!ec) co_await (pump(client, up) && pump(up, client));
    forget(up);
  }

  // One client connection: CONNECT, or absolute-form requests passed on
  // over one kept-alive upstream connection.
  asio::awaitable<void> serve(socket_ptr client) {
    beast::flat_buffer buffer;
    socket_ptr up;
    std::string up_key;
    beast::flat_buffer up_buffer;
    const std::string expected = expected_authorization();
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(256u << 20);
      auto [ec, got] = co_await http::async_read(*client, buffer, parser, use_tuple);
      if (ec) break;
      carried(got);
      http::request<http::string_body> req = parser.release();
      if (!expected.empty() && req[http::field::proxy_authorization] != expected) {
        ++n.auth_rejected;
        co_await reply(*client, http::status::proxy_authentication_required,
                       "Proxy-Authenticate: Basic realm=\"test\"\r\n");
        break;
      }
      const std::string target(req.target());
      if (req.method() == http::verb::connect) {
        co_await tunnel(client, target, buffer);
        break;
      }
      // http://host:port/path
      if (!target.starts_with("http://")) {
        co_await reply(*client, http::status::bad_request);
        break;
      }
      const auto path_start = target.find('/', 7);
      const std::string authority = target.substr(7, path_start - 7);
      const auto colon = authority.rfind(':');
      if (!up || up_key != authority) {
        if (up) forget(up);
        up_buffer.clear();
        const std::string host = authority.substr(0, colon);
        const std::string port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
        up = co_await connect_upstream(host, port);
        up_key = authority;
      }
      if (!up) {
        co_await reply(*client, http::status::bad_gateway);
        break;
      }
      req.target(path_start == std::string::npos ? "/" : target.substr(path_start));
      req.erase(http::field::proxy_authorization);
      ++n.forwarded;
      auto [wec, sent] = co_await http::async_write(*up, req, use_tuple);
      http::response_parser<http::string_body> answer;
      answer.body_limit(256u << 20);
      boost::system::error_code rec = wec;
      if (!rec) {
        auto [read_ec, read] = co_await http::async_read(*up, up_buffer, answer, use_tuple);
        rec = read_ec;
      }
      if (rec) break;  // the instance went away: so does the client's connection
      http::response<http::string_body> res = answer.release();
      const bool keep = req.keep_alive() && res.keep_alive();
      auto [cec, back] = co_await http::async_write(*client, res, use_tuple);
      if (cec) break;
      carried(back);
      if (!keep) break;
    }
    if (up) forget(up);
    forget(client);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, s] = co_await acceptor.async_accept(use_tuple);
      if (ec) co_return;
      ++n.connections;
      asio::co_spawn(ioc, serve(track(std::move(s))), asio::detached);
    }
  }
};

test_proxy::test_proxy(proxy_config config) : impl_(std::make_unique<impl>()) {
  impl& s = *impl_;
  s.config = std::move(config);
  const tcp::endpoint any(asio::ip::make_address("127.0.0.1"), s.config.port);
  s.acceptor.open(any.protocol());
  s.acceptor.set_option(tcp::acceptor::reuse_address(true));
  // A proxy coming back on its old port may find it still held for a moment.
  boost::system::error_code ec;
  for (int i = 0; i < 300; ++i) {
    s.acceptor.bind(any, ec);
    if (ec != asio::error::address_in_use) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (ec) throw boost::system::system_error(ec, "test_proxy bind");
  s.acceptor.listen();
  s.port = s.acceptor.local_endpoint().port();
  asio::co_spawn(s.ioc, s.accept_loop(), asio::detached);
  s.thread = std::thread([&s] { s.ioc.run(); });
}

test_proxy::~test_proxy() {
  kill();
  impl_->work.reset();
  impl_->ioc.stop();
  impl_->thread.join();
}

std::uint16_t test_proxy::port() const {
  return impl_->port;
}

std::string test_proxy::url(const std::string& user, const std::string& password) const {
  const std::string credentials =
      user.empty() && password.empty() ? "" : user + ":" + password + "@";
  return "http://" + credentials + "127.0.0.1:" + std::to_string(impl_->port);
}

proxy_counts test_proxy::counts() const {
  const auto& n = impl_->n;
  return {n.connections, n.tunnels, n.forwarded, n.auth_rejected, n.refused, n.bytes, n.dead};
}

void test_proxy::kill() {
  std::promise<void> done;
  asio::post(impl_->ioc, [this, &done] {
    impl_->die();
    done.set_value();
  });
  done.get_future().wait();
}

}  // namespace sdemig::test
