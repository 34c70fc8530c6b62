#pragma once
// Removes what must never be printed from text that came from a server: a
// Django debug page or an error body may echo the request's Authorization
// header, or a secret param the request carried. Every token and every
// secret value a run knows is registered here, and every server text is
// scrubbed before it is printed, journaled or reported. This is the one
// place that decides what of a server's text may be shown:
//
// - A value is found in every form a server writes it in (secret_forms.hpp):
//   as it is, JSON-escaped, `\uXXXX`, percent-encoded, HTML-escaped, or one
//   inside another; the bytes it takes in the text are replaced.
// - A text is cut to an excerpt only here, after scrubbing, and a cut that
//   would end inside a secret drops the whole of it. A text that ends inside
//   a secret (its server cut it) loses that fragment too.
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
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "io/sde/secret_forms.hpp"
#include "model/connector.hpp"

namespace sdemig::sde {

class scrubber {
 public:
  static constexpr std::string_view replacement = "(redacted)";
  static constexpr std::size_t short_secret = 8;
  // The shortest end of a text taken for the start of a secret it was cut in.
  static constexpr std::size_t min_fragment = 4;

  void add(std::string_view secret);  // empty values are ignored
  // Every secret value `c` holds in clear (not masked, not null).
  void add_secrets_of(const connector& c);
  std::string scrub(std::string_view text) const;
  void scrub_in_place(std::string& text) const;
  // At most `max_bytes` of `text`, scrubbed before it is cut, with control
  // characters as spaces and "..." when something was left out.
  std::string excerpt(std::string_view text, std::size_t max_bytes) const;
  bool empty() const noexcept { return by_length_.empty(); }

 private:
  // What of `text` to replace, in order and not overlapping; with
  // `text_is_whole`, a fragment of a secret at its end too.
  std::vector<source_span> find(std::string_view text, bool text_is_whole) const;
  void find_in(std::string_view text, const decoded_text* decoded, bool text_is_whole,
               std::vector<source_span>& found) const;
  void find_fragment_at_end(std::string_view text, const decoded_text* decoded,
                            std::vector<source_span>& found) const;

  // Longest first: a secret that contains another goes whole.
  std::map<std::size_t, std::unordered_set<std::string>, std::greater<>> by_length_;
  std::set<std::string, std::less<>> sorted_;  // for the fragment a text ends in
  bool first_byte_[256] = {};                  // some secret starts with this byte
};

}  // namespace sdemig::sde
