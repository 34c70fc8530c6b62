#pragma once
// The bytes of an HTTP/1.1 request's head, written directly: the client
// always sends the same few headers, so no general serializer is needed.

#include <string>
#include <string_view>

#include "io/net/http_types.hpp"

namespace sdemig::net {

std::string make_request_head(const http_request& request, std::string_view host_header,
                              std::string_view user_agent, std::string_view authorization);

}  // namespace sdemig::net
