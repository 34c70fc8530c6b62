#include "engine/planning/secrets.hpp"

#include <simdjson.h>

#include "io/files/read_file.hpp"
#include "io/json/strict_check.hpp"
#include "model/generation.hpp"

namespace sdemig::engine {
namespace dom = simdjson::dom;

secret_store secret_store::parse(const std::string& text, const std::string& file_name) {
  if (auto problem = json::strict_check(text)) throw secrets_error(file_name + ": " + *problem);
  dom::parser parser;
  dom::element root;
  if (auto error = parser.parse(simdjson::padded_string(text)).get(root)) {
    throw secrets_error(file_name + ": not valid JSON (" + simdjson::error_message(error) + ")");
  }
  if (root.type() != dom::element_type::OBJECT) {
    throw secrets_error(file_name + ": expected an object of connector name to {param: value}");
  }
  secret_store store;
  for (auto [name, entry] : dom::object(root)) {
    const std::string where = file_name + ": \"" + std::string(name) + "\"";
    // A string is never an entry: "$schema" and "format" may hold one.
    if (entry.type() == dom::element_type::STRING && name == "$schema") continue;
    if (entry.type() == dom::element_type::STRING && name == "format") {
      if (std::string_view(entry) != secrets_format)
        throw secrets_error(where + ": must be \"" + std::string(secrets_format) + "\" when given");
      continue;
    }
    if (entry.type() != dom::element_type::OBJECT)
      throw secrets_error(where + ": expected an object of param values");
    std::vector<param>& values = store.by_name_[std::string(name)];
    for (auto [key, value] : dom::object(entry)) {
      if (value.type() != dom::element_type::STRING) {
        throw secrets_error(where + ".\"" + std::string(key) + "\": expected a string");
      }
      if (std::string_view(value) == masked_secret) {  // never sent as a value
        throw secrets_error(where + ".\"" + std::string(key) + "\": is the mask " +
                            std::string(masked_secret) + ", not a secret's value");
      }
      values.push_back({std::string(key), scalar::string(std::string(std::string_view(value)))});
    }
  }
  return store;
}

secret_store secret_store::load(const std::string& path) {
  std::string text = files::read_user_file<secrets_error>(path, "secrets file");
  return parse(text, path);
}

const std::vector<param>* secret_store::values_for(const std::string& name) const {
  if (auto it = by_name_.find(name); it != by_name_.end()) return &it->second;
  return nullptr;
}

std::vector<std::string> fill_secrets(connector& c, const secret_store* store,
                                      const std::vector<std::string>& names) {
  if (!c.params) return {};
  return fill_secrets(*c.params, store, names);
}

const param* given_secret(const secret_store* store, const std::vector<std::string>& names,
                          std::string_view key) {
  if (!store) return nullptr;
  const std::vector<param>* values = nullptr;
  for (const std::string& n : names) {
    if ((values = store->values_for(n))) break;
  }
  if (!values) values = store->values_for("*");
  if (!values) return nullptr;
  for (const param& v : *values) {
    if (v.key == key) return &v;
  }
  for (const param& v : *values) {  // the file may name a param in either generation's words
    if (key_in(v.key, api_generation::current) == key ||
        key_in(v.key, api_generation::legacy) == key)
      return &v;
  }
  return nullptr;
}

std::vector<std::string> fill_secrets(std::vector<param>& params, const secret_store* store,
                                      const std::vector<std::string>& names) {
  std::vector<std::string> missing;
  for (param& p : params) {
    if (!secret_unknown(p)) continue;
    if (const param* given = given_secret(store, names, p.key)) {
      p.value = given->value;
    } else {
      missing.push_back(p.key);
    }
  }
  return missing;
}

}  // namespace sdemig::engine
