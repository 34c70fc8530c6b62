#pragma once
// What an SDE API call gives back: the value, or an error that says in one
// line what went wrong and where (method, URL, HTTP status, the server's
// detail or field errors). The predicates below say what an error means,
// so that the engine decides on meanings, not on status numbers.

#include <optional>
#include <string>
#include <utility>

#include "io/json/drf_error.hpp"
#include "io/net/core/http_types.hpp"

namespace sdemig::sde {

struct api_error {
  enum class kind {
    http,        // the server answered with an error status (see status, server)
    transport,   // no usable answer (see failure)
    invalid,     // a 2xx whose body is not what the API documents
    unsendable,  // not sent: what it would carry is not known (absent is not empty)
  };
  kind what = kind::http;
  unsigned status = 0;
  net::failure transport = net::failure::none;
  bool outcome_unknown = false;  // a write that may or may not have been applied
  drf_error server;              // detail and field errors, when the body had them
  std::string message;           // the one line for the user, scrubbed of secrets
};

// A 400 saying that an item of this name exists already (DRF's unique
// validators: "... already exists." on `field`, or "... must make a unique
// set." on non_field_errors): an earlier write may have landed. Any other
// 400 is a refusal. Connectors are named by "name", connections by "alias".
bool name_taken(const api_error& e, std::string_view field = "name");
// 401 or 403: the token is not (or no longer) accepted; nothing more will be.
bool auth_rejected(const api_error& e);
// The request never reached the instance and the client's retries are spent:
// it cannot be connected to (refused, timed out, a TLS failure) or a proxy
// refused the way. The next request would fare no better.
bool unreachable(const api_error& e);
// Shut down (Ctrl-C, a halt) before the request went out: nothing was sent.
bool cancelled_before_sending(const api_error& e);
// An answer the server gave (an HTTP status or a body), as opposed to a
// request that never reached it or was never sent.
bool answered(const api_error& e);
// 405: the instance does not allow this write at all.
bool write_refused(const api_error& e);
// A write that may have been applied although no usable answer says so: the
// connection broke after sending, a 2xx came without a usable body, or a 503
// answered a write that is not sent again blindly. Settle it by reading.
bool maybe_applied(const api_error& e);

template <class T>
class result {
 public:
  result()
      : error_(api_error{api_error::kind::invalid, 0, net::failure::none, false, {}, "no result"}) {
  }
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
