#pragma once
// Shell-style name patterns (`*`, `?`, `[a-z]`, `[!x]`, `\` escapes), checked
// when read so that a bad pattern is an error before anything is sent.

#include <optional>
#include <string>
#include <string_view>

namespace sdemig::engine {

class glob {
 public:
  // nullopt and `error` set when the pattern is malformed.
  static std::optional<glob> compile(std::string_view pattern, std::string* error = nullptr);

  bool matches(std::string_view text) const;
  const std::string& pattern() const noexcept { return pattern_; }

 private:
  explicit glob(std::string pattern) : pattern_(std::move(pattern)) {}
  std::string pattern_;
};

}  // namespace sdemig::engine
