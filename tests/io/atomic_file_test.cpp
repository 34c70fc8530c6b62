#include "io/files/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "support/test_pki.hpp"

namespace sdemig::files {
namespace {

class atomic_file_test : public testing::Test {
 protected:
  void SetUp() override { dir_ = test::make_temp_dir("sdemig-atomic"); }
  void TearDown() override { test::remove_tree(dir_); }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir_), {}));
  }
  std::string dir_;
};

TEST_F(atomic_file_test, commit_writes_the_file_with_its_mode) {
  const std::string path = dir_ + "/out.json";
  {
    atomic_file f(path, 0600);
    f.write("hello ");
    f.write("world");
    f.commit();
  }
  EXPECT_EQ(read_file(path), "hello world");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(entries(), 1u);
}

TEST_F(atomic_file_test, without_commit_nothing_is_left_and_the_old_file_stays) {
  const std::string path = dir_ + "/out.json";
  {
    atomic_file f(path);
    f.write("old");
    f.commit();
  }
  {
    atomic_file f(path);
    f.write(std::string(3u << 20, 'x'));  // past the buffer: bytes reached the temp file
  }
  EXPECT_EQ(read_file(path), "old");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(atomic_file_test, errors_name_the_path) {
  try {
    atomic_file f(dir_ + "/missing/out.json");
    FAIL() << "no error";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find(dir_ + "/missing/out.json"), std::string::npos) << e.what();
  }
  try {
    (void)read_file(dir_ + "/nope");
    FAIL() << "no error";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open " + dir_ + "/nope"), std::string::npos);
  }
}

}  // namespace
}  // namespace sdemig::files
