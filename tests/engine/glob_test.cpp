#include "engine/planning/glob.hpp"

#include <gtest/gtest.h>

namespace sdemig::engine {
namespace {

bool match(const char* pattern, const char* text) {
  return glob::compile(pattern)->matches(text);
}

TEST(glob, stars_questions_and_classes) {
  EXPECT_TRUE(match("*prod*", "jira-prod-1"));
  EXPECT_FALSE(match("*prod*", "jira-staging"));
  EXPECT_TRUE(match("a?c", "abc"));
  EXPECT_TRUE(match("a?c", "aéc"));  // ? is one character, not one byte
  EXPECT_TRUE(match("[a-c]x", "bx"));
  EXPECT_FALSE(match("[!a-c]x", "bx"));
  EXPECT_TRUE(match("\\*", "*"));
  EXPECT_FALSE(match("\\*", "a"));
  EXPECT_TRUE(match("*", ""));
  EXPECT_TRUE(match("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(match("a*b*c", "aXXbYY"));
  EXPECT_TRUE(match("東京*", "東京チーム"));
}

TEST(glob, malformed_patterns_are_errors) {
  std::string error;
  EXPECT_FALSE(glob::compile("[abc", &error));
  EXPECT_EQ(error, "bad glob \"[abc\": unclosed [");
  EXPECT_FALSE(glob::compile("abc\\", &error));
  EXPECT_EQ(error, "bad glob \"abc\\\": ends with a lone \\");
  EXPECT_TRUE(glob::compile("[]]"));
}

TEST(glob, no_exponential_blowup) {
  EXPECT_FALSE(match("*a*a*a*a*a*a*a*a*b", std::string(200, 'a').c_str()));
}

}  // namespace
}  // namespace sdemig::engine
