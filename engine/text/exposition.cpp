#include "engine/text/exposition.hpp"

#include <cassert>
#include <charconv>
#include <cmath>
#include <initializer_list>

namespace sdemig::engine {
namespace {

bool name_char(char c, bool first, bool colon) noexcept {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  return letter || (colon && c == ':') || (!first && c >= '0' && c <= '9');
}

bool valid_name(std::string_view name, bool colon) noexcept {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!name_char(name[i], i == 0, colon)) return false;
  }
  return true;
}

}  // namespace

bool valid_metric_name(std::string_view name) noexcept {
  return valid_name(name, true);
}

bool valid_label_name(std::string_view name) noexcept {
  return valid_name(name, false);
}

namespace {

// `\` -> `\\`, a newline -> `\n`, and a double quote -> `\"` when `quote`.
std::string escaped(std::string_view raw, bool quote) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string escape_label_value(std::string_view raw) {
  return escaped(raw, true);
}

std::string escape_help(std::string_view raw) {
  return escaped(raw, false);
}

std::string metric_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  assert(ec == std::errc());
  return std::string(buffer, end);
}

void exposition::counter(std::string_view name, std::string_view help) {
  assert(name.ends_with("_total"));
  start(name, help, "counter");
}

void exposition::start(std::string_view name, std::string_view help, std::string_view type) {
  assert(valid_metric_name(name));
  family_ = name;
  text_ += "# HELP " + family_ + " " + escape_help(help) + "\n";
  text_ += "# TYPE " + family_ + " " + std::string(type) + "\n";
}

void exposition::sample(const metric_labels& labels, double value) {
  assert(!family_.empty());
  text_ += family_;
  bool first = true;
  for (const metric_labels* set : std::initializer_list<const metric_labels*>{&common_, &labels}) {
    for (const auto& [name, v] : *set) {
      assert(valid_label_name(name));
      text_ += first ? "{" : ",";
      text_ += name + "=\"" + escape_label_value(v) + "\"";
      first = false;
    }
  }
  if (!first) text_ += "}";
  text_ += " " + metric_value(value) + "\n";
}

}  // namespace sdemig::engine
