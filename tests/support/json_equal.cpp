#include "support/json_equal.hpp"

#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace sdemig::test {
namespace dom = simdjson::dom;

namespace {

std::string diff(dom::element a, dom::element b, const std::string& where) {
  if (a.type() != b.type()) return where + ": types differ";
  switch (a.type()) {
    case dom::element_type::OBJECT: {
      std::map<std::string_view, dom::element> ma, mb;
      for (auto [k, v] : dom::object(a)) ma.emplace(k, v);
      for (auto [k, v] : dom::object(b)) mb.emplace(k, v);
      for (auto& [k, v] : ma) {
        auto it = mb.find(k);
        if (it == mb.end()) return where + "/" + std::string(k) + ": only in the first";
        if (auto d = diff(v, it->second, where + "/" + std::string(k)); !d.empty()) return d;
      }
      for (auto& [k, v] : mb) {
        if (!ma.contains(k)) return where + "/" + std::string(k) + ": only in the second";
      }
      return {};
    }
    case dom::element_type::ARRAY: {
      dom::array xa = a, xb = b;
      if (xa.size() != xb.size()) return where + ": array sizes differ";
      std::size_t i = 0;
      auto ib = xb.begin();
      for (dom::element ea : xa) {
        if (auto d = diff(ea, *ib, where + "/" + std::to_string(i)); !d.empty()) return d;
        ++ib;
        ++i;
      }
      return {};
    }
    case dom::element_type::STRING:
      return std::string_view(a) == std::string_view(b) ? "" : where + ": strings differ";
    case dom::element_type::INT64:
      return int64_t(a) == int64_t(b) ? "" : where + ": numbers differ";
    case dom::element_type::UINT64:
      return uint64_t(a) == uint64_t(b) ? "" : where + ": numbers differ";
    case dom::element_type::DOUBLE:
      return double(a) == double(b) ? "" : where + ": numbers differ";
    case dom::element_type::BOOL:
      return bool(a) == bool(b) ? "" : where + ": booleans differ";
    case dom::element_type::NULL_VALUE:
      return {};
  }
  return where + ": unknown type";
}

std::string shape(dom::element e) {
  switch (e.type()) {
    case dom::element_type::OBJECT: {
      std::vector<std::pair<std::string, std::string>> fields;
      for (auto [k, v] : dom::object(e)) fields.emplace_back(std::string(k), shape(v));
      std::sort(fields.begin(), fields.end());
      std::string out = "{";
      for (auto& [k, s] : fields) out += (out.size() > 1 ? "," : "") + k + ":" + s;
      return out + "}";
    }
    case dom::element_type::ARRAY: {
      std::set<std::string> kinds;
      for (dom::element item : dom::array(e)) kinds.insert(shape(item));
      std::string out = "[";
      for (auto& s : kinds) out += (out.size() > 1 ? "|" : "") + s;
      return out + "]";
    }
    case dom::element_type::STRING:
      return "string";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
      return "integer";
    case dom::element_type::DOUBLE:
      return "number";
    case dom::element_type::BOOL:
      return "boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
  }
  return "?";
}

}  // namespace

std::string json_difference(std::string_view a, std::string_view b) {
  dom::parser pa, pb;
  dom::element ea, eb;
  if (pa.parse(simdjson::padded_string(a)).get(ea)) return "first is not JSON";
  if (pb.parse(simdjson::padded_string(b)).get(eb)) return "second is not JSON";
  return diff(ea, eb, "");
}

std::string json_shape(std::string_view json) {
  dom::parser p;
  dom::element e;
  if (p.parse(simdjson::padded_string(json)).get(e)) return "not JSON";
  return shape(e);
}

}  // namespace sdemig::test
