#pragma once
// What an SDE API call gives back: the value, or an error that says in one
// line what went wrong and where (method, URL, HTTP status, the server's
// detail or field errors).

#include <optional>
#include <string>
#include <utility>

#include "io/json/drf_error.hpp"
#include "io/net/http_types.hpp"

namespace sdemig::sde {

struct api_error {
  enum class kind {
    http,       // the server answered with an error status (see status, server)
    transport,  // no usable answer (see failure)
    invalid,    // a 2xx whose body is not what the API documents
  };
  kind what = kind::http;
  unsigned status = 0;
  net::failure transport = net::failure::none;
  bool outcome_unknown = false;  // a write that may or may not have been applied
  drf_error server;              // detail and field errors, when the body had them
  std::string message;           // the one line for the user
};

template <class T>
class result {
 public:
  result() : error_(api_error{api_error::kind::invalid, 0, net::failure::none, false, {}, "no result"}) {}
  result(T value) : value_(std::move(value)) {}
  result(api_error error) : error_(std::move(error)) {}

  explicit operator bool() const noexcept { return value_.has_value(); }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  const api_error& error() const { return *error_; }

 private:
  std::optional<T> value_;
  std::optional<api_error> error_;
};

}  // namespace sdemig::sde
