#pragma once
// A plain, blocking HTTP/1.1 client for tests (Beast, sync), over TCP or
// TLS, keeping its connection alive between requests. Deliberately not our
// engine's client: the tests check the emulator against an independent peer.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

namespace sdemig::test {

struct http_reply {
  std::error_code error;  // transport failure (reset, closed, TLS), status is then 0
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

struct tls_options {
  std::string ca_file;      // trust anchor; empty: verify nothing
  std::string server_name;  // SNI and the name checked against the certificate
};

class http_client {
 public:
  http_client(std::string host, unsigned short port, std::optional<tls_options> tls = std::nullopt);
  ~http_client();

  http_reply request(const std::string& method, const std::string& target,
                     const std::string& body = {},
                     const std::map<std::string, std::string>& headers = {});
  http_reply get(const std::string& target, const std::string& token = {});

  // Connects (and handshakes) now; the error, if any.
  std::error_code connect();
  void close();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace sdemig::test
