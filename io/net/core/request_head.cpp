#include "io/net/core/request_head.hpp"

namespace sdemig::net {

request_head_writer::request_head_writer(std::string_view host_header, std::string_view user_agent,
                                         std::string_view authorization, std::string_view origin,
                                         std::string_view proxy_authorization)
    : origin_(origin) {
  common_ = " HTTP/1.1\r\nHost: ";
  common_ += host_header;
  common_ += "\r\nUser-Agent: ";
  common_ += user_agent;
  common_ += "\r\nAccept: application/json\r\n";
  if (!authorization.empty()) {
    common_ += "Authorization: ";
    common_ += authorization;
    common_ += "\r\n";
  }
  if (!proxy_authorization.empty()) {
    common_ += "Proxy-Authorization: ";
    common_ += proxy_authorization;
    common_ += "\r\n";
  }
}

std::string request_head_writer::make(const http_request& request) const {
  const std::string_view method = to_string(request.method);
  std::string head;
  head.reserve(method.size() + 1 + origin_.size() + request.target.size() + common_.size() + 64);
  head += method;
  head += ' ';
  head += origin_;
  head += request.target;
  head += common_;
  if (request.method != http_method::get) {
    head += "Content-Type: application/json\r\nContent-Length: ";
    head += std::to_string(request.body.size());
    head += "\r\n";
  }
  head += "\r\n";
  return head;
}

}  // namespace sdemig::net
