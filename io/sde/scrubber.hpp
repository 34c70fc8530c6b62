#pragma once
// Removes what must never be printed from text that came from a server: a
// Django debug page or an error body may echo the request's Authorization
// header, or a secret param the request carried. Every token and every
// secret value a run knows is registered here, and every server text is
// scrubbed before it is printed, journaled or reported.
//
// A run may know tens of thousands of secret values: they are kept in a
// hash set per length, so scrubbing a message costs one lookup per character
// and distinct length, not a search per secret.
//
// A secret shorter than `short_secret` characters is replaced only where it
// stands alone (no letter or digit on either side): a one-letter token
// replaced everywhere would garble every message ("inv(redacted)lid").

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>

#include "model/connector.hpp"

namespace sdemig::sde {

class scrubber {
 public:
  static constexpr std::string_view replacement = "(redacted)";
  static constexpr std::size_t short_secret = 8;

  void add(std::string_view secret);  // empty values are ignored
  // Every secret value `c` holds in clear (not masked, not null).
  void add_secrets_of(const connector& c);
  std::string scrub(std::string_view text) const;
  void scrub_in_place(std::string& text) const;
  bool empty() const noexcept { return by_length_.empty(); }

 private:
  // Longest first: a secret that contains another goes whole.
  std::map<std::size_t, std::unordered_set<std::string>, std::greater<>> by_length_;
};

}  // namespace sdemig::sde
