#include "tools/manpage/roff.hpp"

#include <gtest/gtest.h>

namespace sdemig::manpage {
namespace {

TEST(Roff, EscapesWhatRoffWouldReadAsMarkup) {
  EXPECT_EQ(roff::text("--to-token-file"), "\\-\\-to\\-token\\-file");
  EXPECT_EQ(roff::text("a\\b"), "a\\eb");
  EXPECT_EQ(roff::text("it's \"quoted\" `x` ~/p^2"),
            "it\\(aqs \\(dqquoted\\(dq \\(gax\\(ga \\(ti/p\\(ha2");
  EXPECT_EQ(roff::text("\\fBnot bold"), "\\efBnot bold");
}

TEST(Roff, ALineNeverStartsWithAControlCharacter) {
  EXPECT_EQ(roff::lines(".SH FAKE\n'br\nplain"), "\\&.SH FAKE\n\\&\\(aqbr\nplain\n");
  EXPECT_EQ(roff::lines("mid.dle"), "mid.dle\n");
}

TEST(Roff, BlankLinesStartParagraphs) {
  EXPECT_EQ(roff::lines("one\n\ntwo\n"), "one\n.PP\ntwo\n");
  EXPECT_EQ(roff::lines("\n\nlead and trail\n\n"), "lead and trail\n");
}

TEST(Roff, NonAsciiBecomesUnicodeEscapes) {
  EXPECT_EQ(roff::text("Caf\xC3\xA9"), "Caf\\[u00E9]");
  EXPECT_EQ(roff::text("\xE2\x80\x94"), "\\[u2014]");
  EXPECT_EQ(roff::text("\xF0\x9F\x98\x80"), "\\[u1F600]");
}

TEST(Roff, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  const std::string bad = "\\[uFFFD]";
  EXPECT_EQ(roff::text("\xFF"), bad);
  EXPECT_EQ(roff::text("x\xE2\x82"), "x" + bad + bad);     // cut short
  EXPECT_EQ(roff::text("\xED\xA0\x80"), bad + bad + bad);  // a surrogate
  EXPECT_EQ(roff::text("\xC0\xAF"), bad + bad);            // overlong '/'
}

TEST(Roff, MacroArgumentsAreQuoted) {
  EXPECT_EQ(roff::arg("sdemig 0.1.0"), "\"sdemig 0.1.0\"");
  EXPECT_EQ(roff::arg("say \"hi\""), "\"say \\(dqhi\\(dq\"");
  EXPECT_EQ(roff::bold("-c"), "\\fB\\-c\\fR");
  EXPECT_EQ(roff::italic("FILE"), "\\fIFILE\\fR");
}

}  // namespace
}  // namespace sdemig::manpage
