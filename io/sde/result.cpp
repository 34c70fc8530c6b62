#include "io/sde/result.hpp"

namespace sdemig::sde {
namespace {

bool says_exists(const std::string& message) {
  return message.find("already exists") != std::string::npos ||
         message.find("must make a unique set") != std::string::npos;
}

}  // namespace

bool name_taken(const api_error& e, std::string_view field) {
  if (e.what != api_error::kind::http || e.status != 400) return false;
  for (const field_error& f : e.server.fields) {
    if (f.field != field && f.field != "non_field_errors") continue;
    for (const std::string& m : f.messages) {
      if (says_exists(m)) return true;
    }
  }
  return false;
}

bool auth_rejected(const api_error& e) {
  return e.what == api_error::kind::http && (e.status == 401 || e.status == 403);
}

bool unreachable(const api_error& e) {
  using net::failure;
  return e.what == api_error::kind::transport && !e.outcome_unknown &&
         (e.transport == failure::connect || e.transport == failure::tls ||
          e.transport == failure::proxy);
}

bool cancelled_before_sending(const api_error& e) {
  return e.what == api_error::kind::transport && e.transport == net::failure::cancelled &&
         !e.outcome_unknown;
}

bool answered(const api_error& e) {
  return e.what == api_error::kind::http || e.what == api_error::kind::invalid;
}

bool write_refused(const api_error& e) {
  return e.what == api_error::kind::http && e.status == 405;
}

bool maybe_applied(const api_error& e) {
  return e.outcome_unknown || (e.what == api_error::kind::http && e.status == 503);
}

}  // namespace sdemig::sde
