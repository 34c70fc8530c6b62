// Where output goes: regular files replaced atomically with the right mode,
// devices and FIFOs written in place, links followed, bad paths refused.
// Device nodes, FIFOs and links are made in a temporary folder, never the
// machine's own.

#include "io/files/output_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>

#include "io/files/read_file.hpp"
#include "support/temp_dir.hpp"

namespace sdemig::files {
namespace {

class output_file_test : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::make_temp_dir("sdemig-out");
    old_umask_ = ::umask(022);
  }
  void TearDown() override {
    ::umask(old_umask_);
    test::remove_tree(dir_);
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir_))
      names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
  mode_t mode_of(const std::string& path) const {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode;
  }
  void write_whole(const std::string& path, std::string_view text,
                   file_access access = file_access::shared) {
    output_file out(path, access, "--out");
    out.write(text);
    out.commit();
  }
  std::string dir_;
  mode_t old_umask_ = 022;
};

TEST_F(output_file_test, a_new_file_honours_the_umask_and_secrets_are_owner_only) {
  struct row {
    mode_t umask;
    file_access access;
    mode_t expected;
  };
  const row rows[] = {{022, file_access::shared, 0644}, {002, file_access::shared, 0664},
                      {077, file_access::shared, 0600}, {000, file_access::shared, 0666},
                      {000, file_access::owner, 0600},  {022, file_access::owner, 0600}};
  int n = 0;
  for (const row& r : rows) {
    ::umask(r.umask);
    const std::string path = dir_ + "/new" + std::to_string(n++) + ".json";
    write_whole(path, "{}", r.access);
    EXPECT_EQ(mode_of(path) & 0777, r.expected) << "umask " << std::oct << r.umask;
  }
}

TEST_F(output_file_test, replacing_a_file_never_widens_its_mode) {
  struct row {
    mode_t before;
    file_access access;
    mode_t expected;
  };
  const row rows[] = {{0600, file_access::shared, 0600},
                      {0640, file_access::shared, 0640},
                      {0644, file_access::owner, 0600},
                      {0666, file_access::shared, 0644},
                      {0400, file_access::shared, 0400}};
  for (const row& r : rows) {
    const std::string path = dir_ + "/export.json";
    write_whole(path, "old");
    ASSERT_EQ(::chmod(path.c_str(), r.before), 0);
    write_whole(path, "new", r.access);
    EXPECT_EQ(read_file(path), "new");
    EXPECT_EQ(mode_of(path) & 0777, r.expected) << "was " << std::oct << r.before;
  }
}

TEST_F(output_file_test, a_character_device_is_written_in_place_not_replaced) {
  const std::string node = dir_ + "/null";
  ASSERT_EQ(::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)), 0) << "mknod needs root";
  write_whole(node, "discarded");
  EXPECT_TRUE(S_ISCHR(mode_of(node)));
  EXPECT_EQ(entries(), std::vector<std::string>{"null"});
}

TEST_F(output_file_test, a_full_device_fails_the_write_with_a_clear_error) {
  const std::string node = dir_ + "/full";
  ASSERT_EQ(::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 7)), 0) << "mknod needs root";
  output_file out(node, file_access::shared, "--out");
  try {
    out.write("x");
    FAIL() << "no error";
  } catch (const std::system_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write to " + node + ": No space left on device");
  }
  EXPECT_TRUE(S_ISCHR(mode_of(node)));
}

TEST_F(output_file_test, a_fifo_is_written_in_place) {
  const std::string fifo = dir_ + "/pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  write_whole(fifo, "through the pipe");
  char buf[64] = {};
  EXPECT_EQ(::read(reader, buf, sizeof buf), 16);
  EXPECT_EQ(std::string(buf), "through the pipe");
  ::close(reader);
  EXPECT_TRUE(S_ISFIFO(mode_of(fifo)));
}

TEST_F(output_file_test, a_dev_fd_pipe_is_written_in_place) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  write_whole("/dev/fd/" + std::to_string(fds[1]), "to the shell's pipe");
  ::close(fds[1]);
  char buf[64] = {};
  EXPECT_EQ(::read(fds[0], buf, sizeof buf), 19);
  ::close(fds[0]);
}

TEST_F(output_file_test, a_symlink_is_followed_and_its_target_replaced) {
  std::filesystem::create_directory(dir_ + "/real");
  const std::string target = dir_ + "/real/export.json";
  write_whole(target, "old");
  std::filesystem::create_symlink("real/export.json", dir_ + "/link.json");
  write_whole(dir_ + "/link.json", "new");
  EXPECT_TRUE(std::filesystem::is_symlink(dir_ + "/link.json"));
  EXPECT_EQ(read_file(target), "new");
  // A link whose target does not exist yet creates that target.
  std::filesystem::create_symlink("real/later.json", dir_ + "/dangling.json");
  write_whole(dir_ + "/dangling.json", "made");
  EXPECT_TRUE(std::filesystem::is_symlink(dir_ + "/dangling.json"));
  EXPECT_EQ(read_file(dir_ + "/real/later.json"), "made");
}

TEST_F(output_file_test, bad_paths_are_refused_when_opened_naming_the_flag) {
  write_whole(dir_ + "/plain", "x");
  struct row {
    std::string path;
    std::string message;
  };
  const row rows[] = {
      {dir_, "--report " + dir_ + ": is a folder, not a file"},
      {dir_ + "/missing/r.json",
       "--report " + dir_ + "/missing/r.json: the folder " + dir_ + "/missing does not exist"},
      {dir_ + "/plain/r.json",
       "--report " + dir_ + "/plain/r.json: the folder " + dir_ + "/plain does not exist"},
      {"", "--report: empty path"},
  };
  for (const row& r : rows) {
    try {
      output_file out(r.path, file_access::shared, "--report");
      ADD_FAILURE() << r.path << ": no error";
    } catch (const output_path_error& e) {
      EXPECT_EQ(std::string(e.what()), r.message);
    }
  }
}

TEST_F(output_file_test, an_uncommitted_file_leaves_no_name_behind) {
  write_whole(dir_ + "/out.json", "old");
  {
    output_file out(dir_ + "/out.json", file_access::shared, "--out");
    out.write(std::string(3u << 20, 'x'));  // past the buffer: bytes reached the unnamed file
    EXPECT_EQ(entries(), std::vector<std::string>{"out.json"})
        << "a temporary name is visible while writing";
  }
  EXPECT_EQ(read_file(dir_ + "/out.json"), "old");
  EXPECT_EQ(entries(), std::vector<std::string>{"out.json"});
}

TEST(read_file_test, a_byte_order_mark_is_skipped_and_errors_name_the_path) {
  std::string text = "\xEF\xBB\xBF{\"a\":1}";
  strip_bom(text);
  EXPECT_EQ(text, "{\"a\":1}");
  try {
    (void)read_file("/nonexistent-sdemig/nope");
    FAIL() << "no error";
  } catch (const std::system_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot open /nonexistent-sdemig/nope: No such file or directory");
  }
}

}  // namespace
}  // namespace sdemig::files
