// The docs say what the programs do: every flag a --help lists is in docs/,
// every flag the docs name exists, and no link leaves the repository.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

const std::string root = SDEMIG_SOURCE_DIR;

std::set<std::string> flags_in(const std::string& text) {
  std::set<std::string> out;
  static const std::regex flag("--[a-z][a-z0-9]*(-[a-z0-9]+)*");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), flag); it != std::sregex_iterator();
       ++it) {
    out.insert(it->str());
  }
  return out;
}

std::string help_of(std::vector<std::string> args) {
  auto r = run(std::move(args));
  EXPECT_EQ(r.code, 0) << r.err;
  return r.out;
}

void expect_documented(const std::set<std::string>& flags, const std::string& doc,
                       const std::string& doc_name, const std::string& program) {
  const std::string text = files::read_file(root + "/docs/" + doc_name);
  for (const std::string& f : flags) {
    if (f == "--help") continue;
    EXPECT_THAT(text, HasSubstr("`" + f)) << program << " " << f << " is not in docs/" << doc_name;
  }
  for (const std::string& f : flags_in(text)) {
    EXPECT_TRUE(flags.contains(f))
        << "docs/" << doc_name << " names " << f << ", which " << program << " does not have";
  }
  (void)doc;
}

TEST(docs, every_sdemig_flag_is_documented_and_every_documented_flag_exists) {
  std::string helps = help_of({SDEMIG_PATH, "--help"});
  for (const char* command :
       {"export", "plan", "clone", "import", "verify", "bench", "restore", "apply", "edit"}) {
    helps += help_of({SDEMIG_PATH, command, "--help"});
  }
  expect_documented(flags_in(helps), helps, "cli.md", "sdemig");
}

TEST(docs, every_sde_sim_flag_is_documented_and_every_documented_flag_exists) {
  const std::string help = help_of({SDE_SIM_PATH, "--help"});
  expect_documented(flags_in(help), help, "sde-sim.md", "sde-sim");
}

TEST(docs, no_link_leaves_the_repository) {
  std::vector<std::filesystem::path> pages = {root + "/README.md"};
  for (const auto& e : std::filesystem::directory_iterator(root + "/docs")) {
    if (e.path().extension() == ".md") pages.push_back(e.path());
  }
  static const std::regex link(R"(\]\(([^)\s]+)\))");
  for (const auto& page : pages) {
    const std::string text = files::read_file(page);
    EXPECT_THAT(text, Not(HasSubstr("shared/")))
        << page << " points at shared/, which users do not have";
    for (auto it = std::sregex_iterator(text.begin(), text.end(), link);
         it != std::sregex_iterator(); ++it) {
      std::string target = (*it)[1].str();
      target = target.substr(0, target.find('#'));
      if (target.empty()) continue;
      EXPECT_FALSE(target.starts_with("http:") || target.starts_with("https:"))
          << page << " links outside: " << target;
      const auto resolved = std::filesystem::weakly_canonical(page.parent_path() / target);
      EXPECT_TRUE(std::filesystem::exists(resolved)) << page << " links to a missing " << target;
      EXPECT_TRUE(resolved.string().starts_with(std::filesystem::canonical(root).string()))
          << page << " leaves the repository: " << target;
    }
  }
}

TEST(docs, the_readme_names_every_exit_code_the_reference_lists) {
  const std::string cli = files::read_file(root + "/docs/cli.md");
  const auto table = cli.find("## Exit codes");
  ASSERT_NE(table, std::string::npos);
  const std::string rows = cli.substr(table, cli.find("\n## ", table + 1) - table);
  static const std::regex row("\n\\| ([0-9]+) \\|");
  std::set<std::string> codes;
  for (auto it = std::sregex_iterator(rows.begin(), rows.end(), row); it != std::sregex_iterator();
       ++it)
    codes.insert((*it)[1].str());
  ASSERT_GE(codes.size(), 5u);
  // The README's one sentence: "Exit codes: 0 done, 1 ..., 130 ...".
  std::string readme = files::read_file(root + "/README.md");
  std::replace(readme.begin(), readme.end(), '\n', ' ');
  const auto at = readme.find("Exit codes:");
  ASSERT_NE(at, std::string::npos);
  const std::string sentence = readme.substr(at, readme.find(". ", at) - at);
  for (const std::string& code : codes) {
    EXPECT_TRUE(std::regex_search(sentence, std::regex("[:,] " + code + " ")))
        << "exit code " << code << " is not in the README's sentence: " << sentence;
  }
}

}  // namespace
}  // namespace sdemig::test
