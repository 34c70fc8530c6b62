#pragma once
// Parses SDE connector JSON into the model with simdjson On-Demand. One
// parser per worker, reused for every document (it keeps its buffers).

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "io/json/drf_error.hpp"
#include "model/connector.hpp"

namespace sdemig::json {

// A parse failure: where in the document (`results[3].params.alm_server`,
// empty for the whole document) and what is wrong there.
struct parse_error {
  std::string path;
  std::string what;

  // One line: "results[3].name: expected string, got number".
  std::string text() const { return path.empty() ? what : path + ": " + what; }
};

struct parse_options {
  // Server answers always carry `name` and `system`; a request body being
  // validated (sde-sim) may lack them and is checked by its caller.
  bool require_name_and_system = true;
  // A file (an export): every member, read or skipped, is held to the
  // file's rules (no key twice, numbers a double holds); else a server's
  // answer, read as DRF writes it (the last of two keys wins).
  bool strict = false;
};

inline constexpr std::size_t default_max_document_bytes = 32u << 20;

class connector_parser {
 public:
  explicit connector_parser(std::size_t max_document_bytes = default_max_document_bytes);
  ~connector_parser();
  connector_parser(connector_parser&&) noexcept;
  connector_parser& operator=(connector_parser&&) noexcept;

  // `body` is read in place when `capacity` (bytes readable from
  // body.data()) leaves SIMDJSON_PADDING bytes of slack, else copied once.
  std::optional<parse_error> parse_page(std::string_view body, std::size_t capacity,
                                        connector_page& out);
  std::optional<parse_error> parse_connector(std::string_view body, std::size_t capacity,
                                             connector& out, const parse_options& options = {});
  std::optional<parse_error> parse_error_body(std::string_view body, std::size_t capacity,
                                              drf_error& out);

  // Convenience overloads: a std::string's capacity is its padding.
  template <class Out>
  std::optional<parse_error> parse(const std::string& body, Out& out);

 private:
  struct state;
  std::unique_ptr<state> state_;
  std::size_t max_document_bytes_;
};

template <class Out>
std::optional<parse_error> connector_parser::parse(const std::string& body, Out& out) {
  if constexpr (std::is_same_v<Out, connector_page>) {
    return parse_page(body, body.capacity(), out);
  } else if constexpr (std::is_same_v<Out, connector>) {
    return parse_connector(body, body.capacity(), out);
  } else {
    return parse_error_body(body, body.capacity(), out);
  }
}

}  // namespace sdemig::json
