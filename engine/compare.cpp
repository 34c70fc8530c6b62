#include "engine/compare.hpp"

#include <charconv>
#include <unordered_map>

#include "engine/secrets.hpp"

namespace sdemig::engine {

bool same_value(const scalar& a, const scalar& b) {
  const bool numbers = (a.type == json_type::integer || a.type == json_type::number) &&
                       (b.type == json_type::integer || b.type == json_type::number);
  if (numbers && a.text != b.text) {  // 7 and 7.0 are the same JSON number
    double x = 0, y = 0;
    std::from_chars(a.text.data(), a.text.data() + a.text.size(), x);
    std::from_chars(b.text.data(), b.text.data() + b.text.size(), y);
    return x == y;
  }
  return a == b;
}

std::vector<field_change> diff(const connector& desired, const connector* current) {
  std::vector<field_change> out;
  using k = field_change::kind;
  auto text = [](std::string s) { return scalar::string(std::move(s)); };
  if (!current) {
    out.push_back({"name", k::added, std::nullopt, text(desired.name)});
    out.push_back({"system", k::added, std::nullopt, text(desired.system.id)});
    out.push_back({"inaccessible", k::added, std::nullopt, scalar::boolean(desired.inaccessible.value_or(false))});
    if (desired.params) {
      for (const param& p : *desired.params) {
        out.push_back({"params." + p.key, k::added, std::nullopt, p.value, is_secret_param(p.key)});
      }
    }
    return out;
  }
  if (desired.name != current->name) out.push_back({"name", k::changed, text(current->name), text(desired.name)});
  if (desired.system.id != current->system.id) {
    out.push_back({"system", k::changed, text(current->system.id), text(desired.system.id)});
  }
  if (desired.inaccessible.value_or(false) != current->inaccessible.value_or(false)) {
    out.push_back({"inaccessible", k::changed, scalar::boolean(current->inaccessible.value_or(false)),
                   scalar::boolean(desired.inaccessible.value_or(false))});
  }
  static const std::vector<param> none;
  const std::vector<param>& want = desired.params ? *desired.params : none;
  const std::vector<param>& have = current->params ? *current->params : none;
  std::unordered_map<std::string_view, const param*> have_by_key;
  for (const param& p : have) have_by_key.emplace(p.key, &p);
  for (const param& p : want) {
    const bool secret = is_secret_param(p.key);
    auto it = have_by_key.find(p.key);
    if (it == have_by_key.end()) {
      out.push_back({"params." + p.key, k::added, std::nullopt, p.value, secret});
      continue;
    }
    const param& old = *it->second;
    have_by_key.erase(it);
    if (secret && (secret_unknown(p) || secret_unknown(old))) continue;  // cannot be compared
    if (!same_value(p.value, old.value)) out.push_back({"params." + p.key, k::changed, old.value, p.value, secret});
  }
  for (const param& p : have) {
    if (have_by_key.contains(p.key)) {
      out.push_back({"params." + p.key, k::removed, p.value, std::nullopt, is_secret_param(p.key)});
    }
  }
  return out;
}

}  // namespace sdemig::engine
