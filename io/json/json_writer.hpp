#pragma once
// Serializes the connector model back to JSON: strings escaped per RFC 8259
// (quotes, backslashes, control characters), non-ASCII UTF-8 written as is.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/connector.hpp"

namespace sdemig::json {

struct write_options {
  bool include_id = true;
  // Writes `"system": {"id": ...}` only, as a write request needs.
  bool system_id_only = false;
  // Secret params are written as null (exports without --include-secrets).
  bool redact_secrets = false;
  // Secret params are written as the mask (what `sde-sim --mask-secrets` serves).
  bool mask_secrets = false;
  // Written first when set: `"kind":...,"api":...` (a line of an NDJSON export).
  std::string_view kind_member, api_member;
};

// What a write request's body holds: no id, the system by id only.
inline write_options request_body_options() {
  write_options o;
  o.include_id = false;
  o.system_id_only = true;
  return o;
}

void append_string(std::string& out, std::string_view utf8);
void append_scalar(std::string& out, const scalar& value);
void append_connector(std::string& out, const connector& c, const write_options& options = {});
void append_page(std::string& out, const connector_page& page, const write_options& options = {});

std::string to_json(const connector& c, const write_options& options = {});

// Writes a JSON document member by member, with the commas in their place:
//   writer w; w.begin_object(); w.member("n", 1); w.end_object(); w.take();
class writer {
 public:
  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view k);

  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(bool b);
  void value(double d);
  void value(std::int64_t n);
  void value(std::uint64_t n);
  void value(int n) { value(static_cast<std::int64_t>(n)); }
  void value(unsigned n) { value(static_cast<std::uint64_t>(n)); }
  void value(const std::optional<std::int64_t>& n) {  // null when absent
    if (n) {
      value(*n);
    } else {
      null();
    }
  }
  void value(const std::vector<std::string>& strings) {
    begin_array();
    for (const std::string& s : strings) value(s);
    end_array();
  }
  void null();
  void raw(std::string_view json);  // an already-serialized value
  void connector_value(const connector& c, const write_options& options = {});
  // Right after begin_array(): the text to append already-serialized,
  // comma-separated values to (a page of stored connectors); end_array()
  // comes next.
  std::string& raw_values() noexcept {
    first_.back() = '0';
    return out_;
  }
  void scalar_value(const scalar& s);

  template <class T>
  void member(std::string_view k, const T& v) {
    key(k);
    value(v);
  }

  std::string& text() noexcept { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  void open(char c);
  void close(char c);

  std::string out_;
  std::string first_;  // per open container: 1 while nothing is in it yet
  bool after_key_ = false;
};

}  // namespace sdemig::json
