#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cctype>

namespace sdemig::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct http_client::impl {
  std::string host;
  unsigned short port;
  std::optional<tls_options> tls;
  asio::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  std::optional<tcp::socket> socket;
  std::optional<ssl::stream<tcp::socket&>> tls_stream;
  beast::flat_buffer buffer;

  template <class F>
  auto with_stream(F&& f) {
    if (tls_stream) return f(*tls_stream);
    return f(*socket);
  }
};

http_client::http_client(std::string host, unsigned short port, std::optional<tls_options> tls)
    : impl_(std::make_unique<impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->tls = std::move(tls);
  if (impl_->tls) {
    if (impl_->tls->ca_file.empty()) {
      impl_->ctx.set_verify_mode(ssl::verify_none);
    } else {
      impl_->ctx.load_verify_file(impl_->tls->ca_file);
      impl_->ctx.set_verify_mode(ssl::verify_peer);
    }
  }
}

http_client::~http_client() = default;

void http_client::close() {
  impl_->tls_stream.reset();
  impl_->socket.reset();
  impl_->buffer.clear();
}

std::error_code http_client::connect() {
  close();
  boost::system::error_code ec;
  impl_->socket.emplace(impl_->ioc);
  const tcp::endpoint endpoint(asio::ip::make_address(impl_->host), impl_->port);
  impl_->socket->connect(endpoint, ec);
  if (!ec && impl_->tls) {
    impl_->tls_stream.emplace(*impl_->socket, impl_->ctx);
    const std::string& name = impl_->tls->server_name;
    SSL_set_tlsext_host_name(impl_->tls_stream->native_handle(), name.c_str());
    if (!impl_->tls->ca_file.empty())
      impl_->tls_stream->set_verify_callback(ssl::host_name_verification(name));
    impl_->tls_stream->handshake(ssl::stream_base::client, ec);
  }
  if (ec) close();
  return ec;
}

http_reply http_client::request(const std::string& method, const std::string& target,
                                const std::string& body,
                                const std::map<std::string, std::string>& headers) {
  http_reply out;
  if (!impl_->socket) {
    if (auto ec = connect()) {
      out.error = ec;
      return out;
    }
  }
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, impl_->host + ":" + std::to_string(impl_->port));
  req.set(http::field::accept, "application/json");
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    if (!headers.contains("Content-Type")) req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.prepare_payload();
  if (req.method() == http::verb::unknown) req.method_string(method);

  boost::system::error_code ec;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256u << 20);
  impl_->with_stream([&](auto& stream) {
    http::write(stream, req, ec);
    if (!ec) http::read(stream, impl_->buffer, parser, ec);
  });
  if (ec) {
    out.error = ec;
    close();
    return out;
  }
  auto& res = parser.get();
  out.status = res.result_int();
  out.body = std::move(res.body());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  if (!res.keep_alive()) close();
  return out;
}

http_reply http_client::get(const std::string& target, const std::string& token) {
  std::map<std::string, std::string> headers;
  if (!token.empty()) headers["Authorization"] = "Token " + token;
  return request("GET", target, {}, headers);
}

}  // namespace sdemig::test
