#include "io/json/schema_parser.hpp"

#include <simdjson.h>

namespace sdemig::json {
namespace {

namespace dom = simdjson::dom;

struct bad_shape {
  std::string what;
};

std::string text_of(dom::element e, const std::string& where) {
  std::string_view s;
  if (e.get_string().get(s)) throw bad_shape{where + ": expected a string"};
  return std::string(s);
}

schema_field read_field(dom::element e, const std::string& where) {
  dom::object o;
  if (e.get_object().get(o)) throw bad_shape{where + ": expected an object"};
  schema_field f;
  for (auto [key, value] : o) {
    if (key == "name") {
      f.name = text_of(value, where + ".name");
    } else if (key == "field_type") {
      f.field_type = text_of(value, where + ".field_type");
    } else if (key == "required") {
      bool b = false;
      if (value.get_bool().get(b)) throw bad_shape{where + ".required: expected true or false"};
      f.required = b;
    } else if (key == "default") {
      f.has_default = !value.is_null();
    } else if (key == "scope") {
      dom::array a;
      if (value.get_array().get(a)) throw bad_shape{where + ".scope: expected an array"};
      for (dom::element s : a) f.scope.push_back(text_of(s, where + ".scope[]"));
    } else if (key == "options") {
      dom::array a;
      if (value.is_null()) continue;
      if (value.get_array().get(a)) throw bad_shape{where + ".options: expected an array"};
      for (dom::element opt : a) {
        dom::element v;
        if (opt.is_string()) {
          f.options.push_back(text_of(opt, where + ".options[]"));
        } else if (!opt.at_key("value").get(v)) {
          if (v.is_string()) {
            f.options.push_back(text_of(v, where + ".options[].value"));
          } else {
            f.options.push_back(simdjson::to_string(v));
          }
        }
      }
    }
  }
  if (f.name.empty()) throw bad_shape{where + ": a field without a name"};
  return f;
}

// The "fields" array at `where`, appended to `out`.
void read_fields(dom::element fields_value, const std::string& where,
                 std::vector<schema_field>& out) {
  dom::array fields;
  if (fields_value.get_array().get(fields)) throw bad_shape{where + ": expected an array"};
  std::size_t j = 0;
  for (dom::element f : fields)
    out.push_back(read_field(f, where + "[" + std::to_string(j++) + "]"));
}

system_schema read_system(dom::element e, const std::string& where) {
  dom::object o;
  if (e.get_object().get(o)) throw bad_shape{where + ": expected an object"};
  system_schema s;
  for (auto [key, value] : o) {
    if (key == "id") {
      s.id = text_of(value, where + ".id");
    } else if (key == "name") {
      s.name = text_of(value, where + ".name");
    } else if (key == "sections") {
      dom::array sections;
      if (value.get_array().get(sections)) throw bad_shape{where + ".sections: expected an array"};
      std::size_t i = 0;
      for (dom::element section : sections) {
        const std::string at = where + ".sections[" + std::to_string(i++) + "]";
        dom::element fields;
        if (section.at_key("fields").get(fields)) continue;  // a section without fields
        read_fields(fields, at + ".fields", s.fields);
      }
    } else if (key == "fields") {  // a flat list, as some releases answer
      read_fields(value, where + ".fields", s.fields);
    }
  }
  if (s.id.empty()) throw bad_shape{where + ": a system without an id"};
  return s;
}

}  // namespace

std::optional<std::string> parse_schema_page(const std::string& body, schema_page& out) {
  out = {};
  dom::parser parser;
  dom::element root;
  if (auto error = parser.parse(body).get(root))
    return std::string("invalid JSON (") + simdjson::error_message(error) + ")";
  try {
    dom::array systems;
    if (root.is_array()) {
      if (root.get_array().get(systems)) return std::string("expected an array");
    } else {
      dom::object o;
      if (root.get_object().get(o)) return std::string("expected an object or an array");
      dom::element next;
      if (!o.at_key("next").get(next) && next.is_string()) out.next = text_of(next, "next");
      if (o.at_key("results").get_array().get(systems))
        return std::string("results: expected an array");
    }
    std::size_t i = 0;
    for (dom::element s : systems)
      out.systems.push_back(read_system(s, "results[" + std::to_string(i++) + "]"));
  } catch (const bad_shape& e) {
    return e.what;
  }
  return std::nullopt;
}

}  // namespace sdemig::json
