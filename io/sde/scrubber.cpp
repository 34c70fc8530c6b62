#include "io/sde/scrubber.hpp"

#include <algorithm>

namespace sdemig::sde {

void scrubber::add(std::string_view secret) {
  if (secret.empty() || secret == replacement) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.emplace_back(secret);
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void scrubber::scrub_in_place(std::string& text) const {
  for (const std::string& s : secrets_) {
    for (std::size_t pos = 0; (pos = text.find(s, pos)) != std::string::npos; pos += replacement.size()) {
      text.replace(pos, s.size(), replacement);
    }
  }
}

std::string scrubber::scrub(std::string_view text) const {
  std::string out(text);
  scrub_in_place(out);
  return out;
}

}  // namespace sdemig::sde
