#include "io/sde/scrubber.hpp"

namespace sdemig::sde {
namespace {

// A letter, a digit, or part of a multi-byte character: text a short
// secret may not touch to be taken for one.
bool word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z');
}

bool stands_alone(const std::string& text, std::size_t at, std::size_t length) {
  return (at == 0 || !word_byte(text[at - 1])) &&
         (at + length >= text.size() || !word_byte(text[at + length]));
}

}  // namespace

void scrubber::add(std::string_view secret) {
  if (secret.empty() || secret == replacement) return;
  by_length_[secret.size()].emplace(secret);
}

void scrubber::add_secrets_of(const connector& c) {
  if (!c.params) return;
  for (const param& p : *c.params) {
    if (is_secret(p) && p.value.type == json_type::string && p.value.text != masked_secret)
      add(p.value.text);
  }
}

void scrubber::scrub_in_place(std::string& text) const {
  if (by_length_.empty()) return;
  std::string out;
  bool changed = false;
  std::size_t copied = 0;  // text[copied, i) is still to be copied into out
  std::string window;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t found = 0;
    for (const auto& [length, secrets] : by_length_) {
      if (length > text.size() - i) continue;
      window.assign(text, i, length);
      if (secrets.contains(window) && (length >= short_secret || stands_alone(text, i, length))) {
        found = length;
        break;
      }
    }
    if (found == 0) {
      ++i;
      continue;
    }
    out.append(text, copied, i - copied);
    out += replacement;
    i += found;
    copied = i;
    changed = true;
  }
  if (!changed) return;
  out.append(text, copied, std::string::npos);
  text = std::move(out);
}

std::string scrubber::scrub(std::string_view text) const {
  std::string out(text);
  scrub_in_place(out);
  return out;
}

}  // namespace sdemig::sde
