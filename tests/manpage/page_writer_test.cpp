#include "tools/manpage/page_writer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/temp_dir.hpp"

namespace sdemig::manpage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A program with one command, its options of every kind the pages show.
struct tool {
  tool() {
    app.set_version_flag("--version", "tool 1.2.3", "Print the version");
    CLI::App* run = app.add_subcommand("run", "Run it once");
    run->add_option("--out", out, ".dotted start and a back\\slash")->required();
    auto* count = run->add_option("-n,--count", n, "how many")
                      ->check(CLI::Range(1, 9))
                      ->capture_default_str();
    run->add_option("--many", many, "Any number");
    run->add_flag("--fast", fast, "Go fast")->excludes(count);
    run->add_option("--in", in, "Read this")->check(CLI::ExistingFile);
    app.add_subcommand("other", "Something else");
    m.exit_status = {{"0", "Done."}, {"3", "Only other's.", {"other"}}};
    m.environment = {{"TOOL_TOKEN", "The token."}};
    m.examples = {{"tool run --out x \\\n    --fast", "Run fast:", {"run"}}};
    m.command_descriptions = {{"run", "More on run.\n\nA second paragraph."}};
    m.see_also = {"other-tool(8)"};
  }
  CLI::App app{"tool: does things"};
  std::string out, in;
  int n = 4;
  std::vector<std::string> many;
  bool fast = false;
  manual m;

  std::vector<page> pages() const {
    return render_pages(app, m, "tool", "tool 1.2.3 (git abc)\nbuilt with X", "2026-01-02");
  }
};

TEST(PageWriter, OnePagePerProgramAndCommand) {
  const std::vector<page> pages = tool().pages();
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].name, "tool");
  EXPECT_EQ(pages[1].name, "tool-run");
  EXPECT_EQ(pages[2].name, "tool-other");
  EXPECT_THAT(pages[0].roff,
              HasSubstr(".TH \"TOOL\" 1 \"2026\\-01\\-02\" \"tool 1.2.3\" \"User Commands\"\n"));
  EXPECT_THAT(pages[0].roff, HasSubstr(".SH NAME\ntool \\- does things\n"));
  EXPECT_THAT(pages[0].roff, HasSubstr(".SH COMMANDS\n.TP\n\\fBrun\\fR\nRun it once.\nSee "
                                       "\\fBtool\\-run\\fR(1).\n"));
  EXPECT_THAT(pages[0].roff, HasSubstr("\\fBtool \\-\\-version\\fR"));
  EXPECT_THAT(pages[1].roff, HasSubstr(".SH NAME\ntool\\-run \\- run it once\n"));
}

TEST(PageWriter, OptionsSayWhatCli11Knows) {
  const std::string run = tool().pages()[1].roff;
  EXPECT_THAT(run, HasSubstr(".SH SYNOPSIS\n\\fBtool run\\fR \\fB\\-\\-out\\fR \\fITEXT\\fR "
                             "[\\fIOPTIONS\\fR]\n"));
  EXPECT_THAT(run, HasSubstr(".TP\n\\fB\\-\\-out\\fR \\fITEXT\\fR\n\\&.dotted start and a "
                             "back\\eslash. Required.\n"));
  EXPECT_THAT(run, HasSubstr(".TP\n\\fB\\-n\\fR, \\fB\\-\\-count\\fR \\fIINT\\fR\nHow many. "
                             "Accepts: INT in [1 \\- 9]. Default: 4. Not with \\-\\-fast.\n"));
  EXPECT_THAT(run,
              HasSubstr(".TP\n\\fB\\-\\-many\\fR \\fITEXT\\fR ...\nAny number. Repeatable.\n"));
  EXPECT_THAT(run, HasSubstr(".TP\n\\fB\\-\\-fast\\fR\nGo fast. Not with \\-\\-count.\n"));
  EXPECT_THAT(run, HasSubstr("Read this. The file must exist.\n"));
  EXPECT_THAT(run, HasSubstr(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\n"));
}

TEST(PageWriter, ItemsGoOnThePagesTheyName) {
  const std::vector<page> pages = tool().pages();
  EXPECT_THAT(pages[0].roff, HasSubstr("\\fB3\\fR\nOnly other\\(aqs.\n"));
  EXPECT_THAT(pages[1].roff, HasSubstr(".SH EXIT STATUS\n.TP\n\\fB0\\fR\nDone.\n"));
  EXPECT_THAT(pages[1].roff, Not(HasSubstr("Only other")));
  EXPECT_THAT(pages[2].roff, HasSubstr("Only other"));
  EXPECT_THAT(pages[1].roff, HasSubstr(".SH ENVIRONMENT\n.TP\n\\fBTOOL_TOKEN\\fR\nThe token.\n"));
  EXPECT_THAT(pages[1].roff, HasSubstr(".SH EXAMPLES\n.PP\nRun fast:\n.PP\n.RS 4\n.nf\ntool run "
                                       "\\-\\-out x \\e\n    \\-\\-fast\n.fi\n.RE\n"));
  EXPECT_THAT(pages[2].roff, Not(HasSubstr(".SH EXAMPLES")));
  EXPECT_THAT(pages[1].roff, HasSubstr("More on run.\n.PP\nA second paragraph.\n"));
  EXPECT_THAT(pages[1].roff, HasSubstr(".SH SEE ALSO\n\\fBtool\\fR(1),\n\\fBtool\\-other\\fR(1),\n"
                                       "\\fBother\\-tool\\fR(8)\n"));
}

TEST(PageWriter, DateFromSourceDateEpoch) {
  const char* before = std::getenv("SOURCE_DATE_EPOCH");
  const std::string saved = before ? before : "";
  ::setenv("SOURCE_DATE_EPOCH", "86400", 1);
  EXPECT_EQ(build_date(), "1970-01-02");
  ::unsetenv("SOURCE_DATE_EPOCH");
  EXPECT_EQ(build_date().size(), 10u);  // today
  if (before) ::setenv("SOURCE_DATE_EPOCH", saved.c_str(), 1);
}

TEST(PageWriter, WritesEveryPageOrSaysWhyNot) {
  const tool t;
  const std::string dir = test::make_temp_dir("manpage");
  ASSERT_EQ(write_pages(t.app, t.m, "tool", "tool 1.2.3", dir), 0);
  for (const char* name : {"tool", "tool-run", "tool-other"}) {
    std::ifstream in(dir + "/" + name + ".1");
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_THAT(text.str(), HasSubstr(".TH ")) << name;
  }
  testing::internal::CaptureStderr();
  EXPECT_EQ(write_pages(t.app, t.m, "tool", "tool 1.2.3", dir + "/missing"), 1);
  EXPECT_THAT(testing::internal::GetCapturedStderr(),
              HasSubstr("tool: --manpages " + dir + "/missing: "));
  test::remove_tree(dir);
}

}  // namespace
}  // namespace sdemig::manpage
