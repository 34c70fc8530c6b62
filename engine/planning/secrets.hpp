#pragma once
// `--secrets FILE`: {"<connector name>": {"<param>": "<value>"}, "*": {...}}.
// Fills secret params that the source gave masked or null (or that an export
// redacted); never invents a value.

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/connector.hpp"

namespace sdemig::engine {

// The marker a secrets file may carry: "format" holding this string (a
// connector named "format" still has its object of params), and "$schema"
// holding a string (an editor's pointer at the schema) is ignored.
inline constexpr std::string_view secrets_format = "sdemig-secrets/1";

struct secrets_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class secret_store {
 public:
  static secret_store load(const std::string& path);  // throws secrets_error
  static secret_store parse(const std::string& text, const std::string& file_name);

  // The values of the entry named `name` (a connector's name, a
  // connection's path and alias, or "*"), else none.
  const std::vector<param>* values_for(const std::string& name) const;
  // Every entry: connector name (or "*") -> its values.
  const std::map<std::string, std::vector<param>>& entries() const noexcept { return by_name_; }

 private:
  std::map<std::string, std::vector<param>> by_name_;
};

// secret_unknown (model/connector.hpp): a secret whose value was not shown.

// The value `store` gives for param `key` of the item known by `names`: the
// first of them with an entry, else "*"; the file may name the param in
// either generation's words. Null when it gives none.
const param* given_secret(const secret_store* store, const std::vector<std::string>& names,
                          std::string_view key);

// Fills `c`'s unknown secrets from `store` (looked up by each name in
// `names`, first found wins); returns the secret params still unknown.
std::vector<std::string> fill_secrets(connector& c, const secret_store* store,
                                      const std::vector<std::string>& names);
// The same for any item's params (a connection's).
std::vector<std::string> fill_secrets(std::vector<param>& params, const secret_store* store,
                                      const std::vector<std::string>& names);

}  // namespace sdemig::engine
