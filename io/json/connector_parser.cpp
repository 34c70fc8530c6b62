#include "io/json/connector_parser.hpp"

#include "io/json/detail/connector_reader.hpp"

namespace sdemig::json {

using namespace detail;

struct connector_parser::state : document_state {
  explicit state(std::size_t max_bytes) : document_state(max_bytes) {}
};

namespace {

simdjson::error_code read_optional_link(field_context& ctx, od::value v, std::string_view key,
                                        std::optional<std::string>& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t == od::json_type::null) {
    out.reset();
    return simdjson::SUCCESS;
  }
  return read_string(ctx, v, key, {}, out.emplace());
}

simdjson::error_code read_page(field_context& ctx, od::document& doc, connector_page& out) {
  od::json_type t;
  if (auto e = doc.type().get(t)) return e;
  if (t != od::json_type::object) return ctx.fail_type({}, "an object with \"results\"", t);
  od::object obj;
  if (auto e = doc.get_object().get(obj)) return e;
  out.count.reset();
  out.paginated = false;
  out.next.reset();
  out.previous.reset();
  std::size_t n = 0;  // connectors already in `out` are reused in place
  bool has_results = false;
  if (auto e =
          for_each_field(obj, [&](std::string_view key, od::value value) -> simdjson::error_code {
            if (key == "results") {
              od::json_type rt;
              if (auto e = read_type(value, rt)) return e;
              if (rt != od::json_type::array) return ctx.fail_type("results", "array", rt);
              od::array arr;
              if (auto e = value.get_array().get(arr)) return e;
              std::size_t i = 0;
              for (auto element : arr) {
                od::value item;
                if (auto e = element.get(item)) return e;
                ctx.at = where{"results", i++};
                if (n == out.results.size()) out.results.emplace_back();
                if (auto e = read_connector(ctx, item, out.results[n++], parse_options{})) {
                  out.results.resize(n);
                  return e;
                }
              }
              ctx.at = where{};
              has_results = true;
            } else if (key == "count") {
              od::json_type ct;
              if (auto e = read_type(value, ct)) return e;
              std::int64_t count;
              if (ct != od::json_type::number || value.get_int64().get(count))
                return ctx.fail("count", "expected an integer");
              out.count = count;
            } else if (key == "next") {
              out.paginated = true;
              if (auto e = read_optional_link(ctx, value, "next", out.next)) return e;
            } else if (key == "previous") {
              out.paginated = true;
              if (auto e = read_optional_link(ctx, value, "previous", out.previous)) return e;
            }
            return simdjson::SUCCESS;
          })) {
    return e;
  }
  out.results.resize(n);
  if (!has_results) return ctx.fail({}, "missing \"results\"");
  return simdjson::SUCCESS;
}

void read_messages(od::value v, std::vector<std::string>& out) {
  od::json_type t;
  if (read_type(v, t)) return;
  std::string_view s;
  if (t == od::json_type::string) {
    if (!v.get_string().get(s)) out.emplace_back(s);
    return;
  }
  if (t != od::json_type::array) return;
  od::array arr;
  if (v.get_array().get(arr)) return;
  for (auto element : arr) {
    od::value item;
    if (element.get(item) || read_type(item, t) || t != od::json_type::string) continue;
    if (!item.get_string().get(s)) out.emplace_back(s);
  }
}

simdjson::error_code read_error_fields(od::object obj, const std::string& prefix, drf_error& out,
                                       int depth) {
  return for_each_field(obj, [&](std::string_view key, od::value value) -> simdjson::error_code {
    od::json_type t;
    if (auto e = read_type(value, t)) return e;
    if (prefix.empty() && (key == "detail" || key == "error" || key == "message")) {
      std::string_view s;
      if (t == od::json_type::string && !value.get_string().get(s)) {
        // `detail` wins over `error`, which wins over `message`.
        if (key == "detail" || out.detail.empty()) out.detail.assign(s);
      }
      return simdjson::SUCCESS;
    }
    std::string path = prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
    if (t == od::json_type::object && depth < 4) {
      od::object nested;
      if (auto e = value.get_object().get(nested)) return e;
      if (auto e = read_error_fields(nested, path, out, depth + 1)) return e;
      return simdjson::SUCCESS;
    }
    field_error fe{std::move(path), {}};
    read_messages(value, fe.messages);
    out.fields.push_back(std::move(fe));
    return simdjson::SUCCESS;
  });
}

}  // namespace

connector_parser::connector_parser(std::size_t max_document_bytes)
    : state_(std::make_unique<state>(max_document_bytes)),
      max_document_bytes_(max_document_bytes) {}
connector_parser::~connector_parser() = default;
connector_parser::connector_parser(connector_parser&&) noexcept = default;
connector_parser& connector_parser::operator=(connector_parser&&) noexcept = default;

std::optional<parse_error> connector_parser::parse_page(std::string_view body, std::size_t capacity,
                                                        connector_page& out) {
  return run_document(
      *state_, max_document_bytes_, body, capacity,
      [&](field_context& ctx, od::document& doc) { return read_page(ctx, doc, out); });
}

std::optional<parse_error> connector_parser::parse_connector(std::string_view body,
                                                             std::size_t capacity, connector& out,
                                                             const parse_options& options) {
  return run_document(
      *state_, max_document_bytes_, body, capacity,
      [&](field_context& ctx, od::document& doc) -> simdjson::error_code {
        od::value v;
        if (auto e = doc.get_value().get(v)) return e;
        return read_connector(ctx, v, out, options);
      },
      options.strict);
}

std::optional<parse_error> connector_parser::parse_error_body(std::string_view body,
                                                              std::size_t capacity,
                                                              drf_error& out) {
  out = drf_error{};
  return run_document(*state_, max_document_bytes_, body, capacity,
                      [&](field_context& ctx, od::document& doc) -> simdjson::error_code {
                        od::json_type t;
                        if (auto e = doc.type().get(t)) return e;
                        if (t == od::json_type::array) {  // DRF non-field errors: ["..."]
                          od::value v;
                          if (auto e = doc.get_value().get(v)) return e;
                          field_error fe{"non_field_errors", {}};
                          read_messages(v, fe.messages);
                          out.fields.push_back(std::move(fe));
                          return simdjson::SUCCESS;
                        }
                        if (t != od::json_type::object)
                          return ctx.fail_type({}, "an error object", t);
                        od::object obj;
                        if (auto e = doc.get_object().get(obj)) return e;
                        return read_error_fields(obj, {}, out, 0);
                      });
}

}  // namespace sdemig::json
