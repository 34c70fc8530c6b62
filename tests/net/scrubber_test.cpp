// The scrubber: every registered value goes, longest first, wherever it
// stands (a short one only where it stands alone); nothing else changes;
// many secrets stay cheap.

#include "io/sde/scrubber.hpp"

#include <gtest/gtest.h>

namespace sdemig::sde {
namespace {

TEST(scrubber, removes_every_secret_and_nothing_else) {
  scrubber s;
  s.add("tok-123456");
  s.add("pw");
  s.add("pw-long-one");
  s.add("");
  EXPECT_EQ(s.scrub("HTTP_AUTHORIZATION='Token tok-123456'"),
            "HTTP_AUTHORIZATION='Token (redacted)'");
  EXPECT_EQ(s.scrub("a pw-long-one and a pw, pwpw"), "a (redacted) and a (redacted), pwpw");
  EXPECT_EQ(s.scrub("nothing here"), "nothing here");
  EXPECT_EQ(s.scrub(""), "");
  EXPECT_EQ(s.scrub("tok-123456"), "(redacted)");
}

TEST(scrubber, a_short_secret_goes_only_where_it_stands_alone) {
  scrubber s;
  s.add("a");
  s.add("t");
  s.add("s3cr");  // under short_secret characters
  const std::string drf =
      "invalid answer: HTTP 400: name: A connector with this name already exists.";
  EXPECT_EQ(s.scrub(drf), drf);
  EXPECT_EQ(s.scrub("Authorization: Token t"), "Authorization: Token (redacted)");
  EXPECT_EQ(s.scrub("{\"alm_pass\":\"s3cr\"} https://u:s3cr@proxy"),
            "{\"alm_pass\":\"(redacted)\"} https://u:(redacted)@proxy");
  EXPECT_EQ(s.scrub("s3cret s3cr3 ás3cr"), "s3cret s3cr3 ás3cr");
}

TEST(scrubber, holds_many_secrets) {
  scrubber s;
  for (int i = 0; i < 50000; ++i) s.add("secret-value-" + std::to_string(i));
  EXPECT_EQ(s.scrub("body: {\"alm_pass\":\"secret-value-31337\"}"),
            "body: {\"alm_pass\":\"(redacted)\"}");
  EXPECT_EQ(s.scrub("secret-value-"), "secret-value-");  // a prefix of secrets is not one
}

}  // namespace
}  // namespace sdemig::sde
