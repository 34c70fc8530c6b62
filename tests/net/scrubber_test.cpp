// The scrubber: every registered value goes, longest first, wherever it
// stands (a short one only where it stands alone), in every form a server
// writes it in; an excerpt is cut after scrubbing and never shows a
// fragment of a secret; nothing else changes; many secrets stay cheap.

#include "io/sde/scrubber.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/encodings.hpp"

namespace sdemig::sde {
namespace {

using test::forms_of;

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

// Secrets holding what each form escapes: quotes, backslashes, slashes,
// non-ASCII (two, three and four bytes), spaces, ampersands, percent signs.
const std::vector<std::string> hostile_secrets = {
    "tok-93734\"q\\z",
    "pw/with/slashes\"and'quotes",
    "s\xC3\xA9"
    "cr\xC3\xA8t-\xE2\x82\xAC-\xF0\x9F\x98\x80-9",  // sécrèt-€-😀-9
    "a b+c&d%41<e>\\u0041",
    "line\nbreak\ttab-773",
};

TEST(scrubber, finds_a_secret_in_every_form_a_server_writes_it) {
  scrubber s;
  for (const std::string& secret : hostile_secrets) s.add(secret);
  for (const std::string& secret : hostile_secrets) {
    for (const auto& [form, text] : forms_of(secret)) {
      for (const std::string& before :
           {std::string("body: {\"alm_pass\": \""), std::string("x=")}) {
        const std::string line = before + text + "\"} done";
        EXPECT_EQ(s.scrub(line), before + "(redacted)\"} done") << form << ": " << line;
      }
      EXPECT_EQ(s.scrub(text), "(redacted)") << form << ": " << text;
    }
  }
}

TEST(scrubber, leaves_escapes_that_hold_no_secret) {
  scrubber s;
  for (const std::string& secret : hostile_secrets) s.add(secret);
  for (const std::string text :
       {"{\"detail\": \"a \\\"quoted\\\" name\\\\path \\u00e9\"}", "q=a%20b+c&d=%2F",
        "&lt;b&gt; &amp;amp; &#x27;x&#39; &unknown; & &#xZZ;", "tok-93734 q z", "\\u12 %4 &quo"}) {
    EXPECT_EQ(s.scrub(text), text);
  }
}

// Whatever the cut, no fragment of a secret is shown: a cut that would end
// inside one drops all of it; and the excerpt is the scrubbed text's start.
TEST(scrubber, a_cut_through_a_secret_at_every_offset_shows_none_of_it) {
  const std::string token = "tok-93734\"q\\z/\xC3\xA9-5f0c2b9e8d7a6b5c4d3e2f1a";
  scrubber s;
  s.add(token);
  for (const auto& [form, text] : forms_of(token)) {
    const std::string page = "<html><pre>HTTP_AUTHORIZATION = 'Token " + text + "'</pre></html>";
    const std::string scrubbed = s.scrub(page);
    const std::size_t marker = scrubbed.find("(redacted)");
    ASSERT_NE(marker, std::string::npos) << form;
    for (std::size_t max = 0; max <= page.size() + 1; ++max) {
      std::string cut = s.excerpt(page, max);
      const bool left_out = cut.ends_with("...");
      if (left_out) cut.resize(cut.size() - 3);
      EXPECT_LE(cut.size(), max);
      EXPECT_EQ(left_out, cut != scrubbed) << form << " at " << max;
      EXPECT_TRUE(scrubbed.starts_with(cut)) << form << " at " << max << ": " << cut;
      EXPECT_TRUE(cut.size() <= marker || cut.size() >= marker + 10) << form << " at " << max;
      for (std::size_t at = 0; at + scrubber::min_fragment <= text.size(); ++at)
        ASSERT_EQ(cut.find(text.substr(at, scrubber::min_fragment)), std::string::npos)
            << form << " at " << max << ": " << cut;
    }
  }
}

// A server that cut what it echoes: the text ends inside the secret.
TEST(scrubber, a_text_that_ends_inside_a_secret_drops_the_fragment) {
  const std::string token = "tok-93734\"q\\z/\xC3\xA9-5f0c2b9e";
  scrubber s;
  s.add(token);
  for (const auto& [form, text] : forms_of(token)) {
    for (std::size_t end = scrubber::min_fragment; end < text.size(); ++end) {
      const std::string body = "Authorization: Token " + text.substr(0, end);
      const std::string cut = s.excerpt(body, 1000);
      EXPECT_EQ(cut.find(text.substr(0, scrubber::min_fragment)), std::string::npos)
          << form << " ends at " << end << ": " << cut;
      EXPECT_TRUE(cut.starts_with("Authorization: Token ")) << cut;
    }
  }
  // A text that ends with the start of a word no secret starts with keeps it.
  EXPECT_EQ(s.excerpt("ends with toke", 1000), "ends with toke");
  EXPECT_EQ(s.excerpt("ends with tok-9", 1000), "ends with (redacted)");
}

TEST(scrubber, an_excerpt_replaces_control_characters_and_keeps_characters_whole) {
  scrubber s;
  EXPECT_EQ(s.excerpt("<html>\r\n<body>x</body>", 80), "<html>  <body>x</body>");
  EXPECT_EQ(s.excerpt("abc\xC3\xA9", 4), "abc...");
  EXPECT_EQ(s.excerpt("abc\xC3\xA9", 5), "abc\xC3\xA9");
  EXPECT_EQ(s.excerpt("\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 6), "\xF0\x9F\x98\x80...");
  EXPECT_EQ(s.excerpt("", 80), "");
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
