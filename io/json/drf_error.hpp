#pragma once
// The error bodies a Django REST Framework server (SDE) answers with:
// {"detail": "..."} or field -> messages, nested for params.

#include <string>
#include <vector>

namespace sdemig {

struct field_error {
  std::string field;  // dotted path: "name", "params.alm_server", "non_field_errors"
  std::vector<std::string> messages;

  friend bool operator==(const field_error&, const field_error&) = default;
};

struct drf_error {
  std::string detail;  // `detail`, else `error`, else `message`
  std::vector<field_error> fields;

  // One line for a user: the detail, else "field: message; field: message".
  std::string summary() const;
};

}  // namespace sdemig
