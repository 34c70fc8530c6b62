// The journal keeps whole lines only: a torn line from a crash is repaired
// on open, and a write that fails or comes up short (a full disk, here a
// file-size limit) is cut back and stops the journal.

#include "engine/run/journal.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "io/files/read_file.hpp"
#include "support/temp_dir.hpp"

namespace sdemig::engine {
namespace {

journal_entry entry(int i) {
  return {connector_kind::alm, "Connector " + std::to_string(i), "create", i, 100 + i, "201"};
}

class journal_test : public testing::Test {
 protected:
  void SetUp() override { dir_ = test::make_temp_dir("sdemig-journal"); }
  void TearDown() override { test::remove_tree(dir_); }
  std::string dir_;
};

TEST_F(journal_test, a_torn_last_line_is_announced_on_open_and_removed_by_the_first_line) {
  const std::string path = dir_ + "/j.ndjson";
  const std::string torn = "{\"name\":\"a\"}\n{\"name\":\"b\"}\n{\"name\":\"c";
  std::ofstream(path) << torn;
  std::string notice;
  {
    journal j(path, &notice);
    EXPECT_EQ(notice, "journal " + path +
                          ": an earlier run left an incomplete last line (10 bytes) when it "
                          "stopped mid-write: it is removed before the first new line");
    EXPECT_EQ(files::read_file(path), torn) << "left as it was until a line is written";
    EXPECT_TRUE(j.write(entry(1)));
  }
  const std::string text = files::read_file(path);
  EXPECT_TRUE(text.starts_with(
      "{\"name\":\"a\"}\n{\"name\":\"b\"}\n{\"format\":\"sdemig-journal/1\",\"ts\":"))
      << text;
  EXPECT_TRUE(text.ends_with("\"status\":\"201\"}\n")) << text;

  std::string none;
  journal again(path, &none);
  EXPECT_EQ(none, "");
}

// A run that writes nothing leaves no journal, and an existing one as it was.
TEST_F(journal_test, nothing_is_created_or_changed_before_the_first_line) {
  const std::string path = dir_ + "/new.ndjson";
  { journal j(path); }
  EXPECT_FALSE(std::filesystem::exists(path));
  {
    journal j(path);
    EXPECT_TRUE(j.write(entry(1)));
  }
  const std::string text = files::read_file(path);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  const std::string torn = dir_ + "/torn.ndjson";
  std::ofstream(torn) << "{\"a\":1}\n{\"b\"";
  { journal j(torn); }
  EXPECT_EQ(files::read_file(torn), "{\"a\":1}\n{\"b\"");
}

// The path is checked when the journal is opened, before any request.
TEST_F(journal_test, a_path_that_cannot_take_a_journal_is_refused_on_open) {
  try {
    journal j(dir_ + "/missing/j.ndjson");
    FAIL() << "accepted";
  } catch (const std::system_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "--journal: cannot open " + dir_ + "/missing/j.ndjson: No such file or directory");
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/missing"));
}

TEST_F(journal_test, a_short_write_is_cut_back_to_the_last_whole_line_and_stops_the_journal) {
  const std::string path = dir_ + "/j.ndjson";
  // A child process with a file-size limit: the disk "fills" in the middle of the third line.
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{400, 400};  // lines of about 155 bytes
    ::setrlimit(RLIMIT_FSIZE, &limit);
    journal j(path);
    int written = 0;
    while (j.write(entry(written))) ++written;
    const bool refuses_more = !j.write(entry(99));
    const bool says_why = j.error() == "cannot write journal " + path + ": File too large" ||
                          j.error() == "cannot write journal " + path + ": No space left on device";
    ::_exit(written == 2 && refuses_more && says_why ? 0 : 10 + written);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  const std::string text = files::read_file(path);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
  EXPECT_TRUE(text.ends_with("}\n")) << text;
}

}  // namespace
}  // namespace sdemig::engine
