#include "io/net/request_head.hpp"

namespace sdemig::net {

std::string make_request_head(const http_request& request, std::string_view host_header,
                              std::string_view user_agent, std::string_view authorization) {
  std::string head;
  head.reserve(160 + request.target.size() + host_header.size() + authorization.size());
  head += to_string(request.method);
  head += ' ';
  head += request.target;
  head += " HTTP/1.1\r\nHost: ";
  head += host_header;
  head += "\r\nUser-Agent: ";
  head += user_agent;
  head += "\r\nAccept: application/json\r\n";
  if (!authorization.empty()) {
    head += "Authorization: ";
    head += authorization;
    head += "\r\n";
  }
  if (request.method != http_method::get) {
    head += "Content-Type: application/json\r\nContent-Length: ";
    head += std::to_string(request.body.size());
    head += "\r\n";
  }
  head += "\r\n";
  return head;
}

}  // namespace sdemig::net
