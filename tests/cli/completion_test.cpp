// The bash completion (tools/completion/sdemig.bash) offers what a flag
// takes: after a flag that takes a value (a URL, a number, some text) never
// a flag name, after one with a fixed set that set. Which flags take a value
// is read from each command's --help, so a new flag is covered by itself.

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "cli_fixture.hpp"

namespace sdemig::test {
namespace {

const std::string completion = std::string(SDEMIG_SOURCE_DIR) + "/tools/completion/sdemig.bash";

// What completing the last of `words` offers.
std::vector<std::string> offered(const std::vector<std::string>& words) {
  std::vector<std::string> argv = {
      "/bin/bash", "-c",
      R"(source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _sdemig;
         printf '%s\n' "${COMPREPLY[@]}")",
      "_", completion};
  argv.insert(argv.end(), words.begin(), words.end());
  auto r = run(argv);
  EXPECT_EQ(r.code, 0) << r.err;
  std::vector<std::string> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// The flags of `command` that take a value: CLI11's help shows a type
// ("--page-size UINT", "--job FILE", "--timeout :a number ...") or a default
// ("--concurrency=auto").
std::vector<std::string> valued_flags(const std::string& command) {
  auto r = run({program_under_test(), command, "--help"});
  EXPECT_EQ(r.code, 0) << r.err;
  static const std::regex option(
      R"(^\s+(?:-[a-z],)?(--[a-z][a-z0-9-]*)(=| (TEXT|UINT|INT|FLOAT|FILE|URL)\b| :))");
  std::vector<std::string> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, option)) out.push_back(m[1]);
  }
  return out;
}

// Whether every one of `words` is offered.
bool offers_all(const std::vector<std::string>& offer, const std::vector<std::string>& words) {
  return std::all_of(words.begin(), words.end(), [&](const std::string& w) {
    return std::find(offer.begin(), offer.end(), w) != offer.end();
  });
}

TEST(completion, no_flag_name_is_offered_where_a_value_goes) {
  for (const char* command : {"export", "plan", "clone", "import", "verify", "bench"}) {
    const std::vector<std::string> flags = valued_flags(command);
    EXPECT_GT(flags.size(), 10u) << command << ": --help not understood";
    for (const std::string& flag : flags) {
      for (const std::string& word : offered({"sdemig", command, flag, ""}))
        EXPECT_NE(word[0], '-') << "sdemig " << command << " " << flag << " offers " << word;
    }
  }
  // A flag with a fixed set of values offers that set.
  EXPECT_EQ(offered({"sdemig", "clone", "--concurrency", ""}), std::vector<std::string>{"auto"});
  EXPECT_TRUE(offers_all(offered({"sdemig", "export", "--kind", ""}),
                         {"alm", "issue-tracker", "analysis", "all"}));
  // A switch takes no value: the flags come next.
  EXPECT_TRUE(offers_all(offered({"sdemig", "clone", "--connections", "--to"}),
                         {"--to", "--to-token-file"}));
}

}  // namespace
}  // namespace sdemig::test
