#pragma once
// The bytes of an HTTP/1.1 request's head, written directly: the client
// always sends the same few headers, so no general serializer is needed.

#include <string>
#include <string_view>

#include "io/net/core/http_types.hpp"

namespace sdemig::net {

// Writes the heads of one client's requests; the headers every request
// carries (Host, User-Agent, Accept, Authorization) are put together once.
// Through a forward proxy (plain HTTP), the target is in absolute form
// (`origin` before the path) and Proxy-Authorization is added.
class request_head_writer {
 public:
  request_head_writer(std::string_view host_header, std::string_view user_agent,
                      std::string_view authorization, std::string_view origin = {},
                      std::string_view proxy_authorization = {});
  std::string make(const http_request& request) const;

 private:
  std::string origin_;  // "" (origin-form) or "http://host:port" (absolute-form)
  std::string common_;  // from " HTTP/1.1\r\n" to the last common header's "\r\n"
};

}  // namespace sdemig::net
