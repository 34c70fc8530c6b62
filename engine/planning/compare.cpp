#include "engine/planning/compare.hpp"

#include <charconv>
#include <optional>
#include <unordered_map>

#include "engine/planning/secrets.hpp"

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
    out.push_back({"inaccessible", k::added, std::nullopt,
                   scalar::boolean(desired.inaccessible.value_or(false))});
    if (desired.params) {
      for (const param& p : *desired.params) {
        out.push_back({"params." + p.key, k::added, std::nullopt, p.value, is_secret(p)});
      }
    }
    return out;
  }
  if (desired.name != current->name)
    out.push_back({"name", k::changed, text(current->name), text(desired.name)});
  if (desired.system.id != current->system.id) {
    out.push_back({"system", k::changed, text(current->system.id), text(desired.system.id)});
  }
  if (desired.inaccessible.value_or(false) != current->inaccessible.value_or(false)) {
    out.push_back({"inaccessible", k::changed,
                   scalar::boolean(current->inaccessible.value_or(false)),
                   scalar::boolean(desired.inaccessible.value_or(false))});
  }
  static const std::vector<param> none;
  diff_params(desired.params ? *desired.params : none, current->params ? *current->params : none,
              true, out);
  return out;
}

void diff_params(const std::vector<param>& want, const std::vector<param>& have, bool removals,
                 std::vector<field_change>& out) {
  using k = field_change::kind;
  // Params are matched by key. Two copies of one connector almost always
  // list them in the same order, so the same position is tried first; else a
  // scan (few params) or a hash index (many, built only then).
  std::vector<char> matched(have.size(), 0);
  std::unordered_map<std::string_view, std::size_t> index;
  constexpr std::size_t scan_limit = 32;
  if (have.size() > scan_limit) {
    for (std::size_t j = 0; j < have.size(); ++j) index.emplace(have[j].key, j);
  }
  auto find = [&](std::size_t at, std::string_view key) -> std::optional<std::size_t> {
    if (at < have.size() && have[at].key == key) return at;
    if (!index.empty()) {
      auto it = index.find(key);
      return it == index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    }
    for (std::size_t j = 0; j < have.size(); ++j) {
      if (have[j].key == key) return j;
    }
    return std::nullopt;
  };
  for (std::size_t i = 0; i < want.size(); ++i) {
    const param& p = want[i];
    const auto j = find(i, p.key);
    const bool secret = is_secret(p) || (j && is_secret(have[*j]));
    if (!j || matched[*j]) {
      out.push_back({"params." + p.key, k::added, std::nullopt, p.value, secret});
      continue;
    }
    matched[*j] = 1;
    const param& old = have[*j];
    if (secret && (secret_unknown(p) || secret_unknown(old))) continue;  // cannot be compared
    if (!same_value(p.value, old.value))
      out.push_back({"params." + p.key, k::changed, old.value, p.value, secret});
  }
  for (std::size_t j = 0; removals && j < have.size(); ++j) {
    if (!matched[j]) {
      out.push_back(
          {"params." + have[j].key, k::removed, have[j].value, std::nullopt, is_secret(have[j])});
    }
  }
}

}  // namespace sdemig::engine
