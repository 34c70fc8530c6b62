#pragma once
// Removes what must never be printed from text that came from a server: a
// Django debug page or an error body may echo the request's Authorization
// header, or a secret param the request carried. Every token and every
// secret value a run knows is registered here, and every server text is
// scrubbed before it is printed, journaled or reported.

#include <string>
#include <string_view>
#include <vector>

namespace sdemig::sde {

class scrubber {
 public:
  static constexpr std::string_view replacement = "(redacted)";

  void add(std::string_view secret);  // empty values are ignored
  std::string scrub(std::string_view text) const;
  void scrub_in_place(std::string& text) const;
  bool empty() const noexcept { return secrets_.empty(); }

 private:
  std::vector<std::string> secrets_;  // longest first, so that a secret containing another goes whole
};

}  // namespace sdemig::sde
