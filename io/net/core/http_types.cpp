#include "io/net/core/http_types.hpp"

namespace sdemig::net {

std::string_view to_string(http_method m) noexcept {
  switch (m) {
    case http_method::get:
      return "GET";
    case http_method::post:
      return "POST";
    case http_method::put:
      return "PUT";
    case http_method::patch:
      return "PATCH";
    case http_method::del:
      return "DELETE";
  }
  return "GET";
}

std::string_view to_string(failure f) noexcept {
  switch (f) {
    case failure::none:
      return "none";
    case failure::connect:
      return "connect";
    case failure::tls:
      return "tls";
    case failure::timeout:
      return "timeout";
    case failure::connection_lost:
      return "connection_lost";
    case failure::protocol:
      return "protocol";
    case failure::cancelled:
      return "cancelled";
    case failure::redirect:
      return "redirect";
    case failure::proxy:
      return "proxy";
  }
  return "unknown";
}

}  // namespace sdemig::net
