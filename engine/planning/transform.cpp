#include "engine/planning/transform.hpp"

#include <algorithm>

namespace sdemig::engine {
namespace {

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size()) {
    text.replace(pos, from.size(), to);
  }
}

void erase_param(connector& c, std::string_view key) {
  if (!c.params) return;
  std::erase_if(*c.params, [&](const param& p) { return p.key == key; });
}

void apply_one(const transform& t, std::size_t index, connector& c,
               std::vector<std::string>& problems) {
  switch (t.what) {
    case transform::type::set_params:
      for (const param& p : t.values) c.set_param(p.key, p.value);
      break;
    case transform::type::replace_in_params:
      if (scalar* v = c.find_param(t.param_key); v && v->type == json_type::string)
        replace_all(v->text, t.from, t.to);
      break;
    case transform::type::rename_params:
      for (const param& p : t.values) {
        const std::string& to = p.value.text;
        if (!c.find_param(p.key) || p.key == to) continue;
        if (c.find_param(to)) {  // two values for one key: which one is meant is not ours to guess
          problems.push_back("transforms[" + std::to_string(index) + "].rename_params: \"" + p.key +
                             "\" -> \"" + to + "\": the connector already has \"" + to + "\"");
          continue;
        }
        auto it = std::find_if(c.params->begin(), c.params->end(),
                               [&](const param& q) { return q.key == p.key; });
        it->secret = is_secret(*it);  // a secret stays one under its new name
        it->key = to;                 // keeps the param's place
      }
      break;
    case transform::type::unset_params:
      for (const std::string& key : t.names) erase_param(c, key);
      break;
    case transform::type::set:
      if (t.inaccessible) c.inaccessible = *t.inaccessible;
      break;
    case transform::type::name:
      c.name = t.prefix + c.name + t.suffix;
      break;
  }
}

}  // namespace

std::vector<std::string> apply_transforms(const std::vector<transform>& transforms,
                                          connector_kind kind, connector& c) {
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < transforms.size(); ++i) {
    if (transforms[i].where.matches(kind, c)) apply_one(transforms[i], i, c, problems);
  }
  return problems;
}

}  // namespace sdemig::engine
