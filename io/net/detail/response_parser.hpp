#pragma once
// An HTTP/1.1 response parser that keeps only what the client uses (status,
// Retry-After, Location, keep-alive, and the body with simdjson's padding),
// so a response costs no allocation per header field. Beast's basic_parser
// does the parsing; this class only receives its callbacks.

#include <boost/beast/http/basic_parser.hpp>
#include <string>

#include "io/json/padding.hpp"

namespace sdemig::net::detail {

class response_parser : public boost::beast::http::basic_parser<false> {
 public:
  unsigned status = 0;
  std::string retry_after;
  std::string location;
  std::string body;  // capacity >= size + json::padding once done

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb, string_view, string_view, int,
                       error_code&) override {}
  void on_response_impl(int code, string_view, int, error_code&) override {
    status = static_cast<unsigned>(code);
  }
  void on_field_impl(boost::beast::http::field name, string_view, string_view value,
                     error_code&) override {
    if (name == boost::beast::http::field::retry_after)
      retry_after.assign(value.data(), value.size());
    if (name == boost::beast::http::field::location) location.assign(value.data(), value.size());
  }
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    if (length) body.reserve(static_cast<std::size_t>(*length) + json::padding);
  }
  std::size_t on_body_impl(string_view data, error_code&) override {
    append(data);
    return data.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view data, error_code&) override {
    append(data);
    return data.size();
  }
  void on_finish_impl(error_code&) override {
    if (body.capacity() < body.size() + json::padding) body.reserve(body.size() + json::padding);
  }
  void append(string_view data) {
    if (body.capacity() < body.size() + data.size() + json::padding) {
      body.reserve(std::max(body.capacity() * 2, body.size() + data.size() + json::padding));
    }
    body.append(data.data(), data.size());
  }
};

}  // namespace sdemig::net::detail
