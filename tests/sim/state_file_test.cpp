#include "sim/state_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "sim/seed.hpp"
#include "sim/store.hpp"
#include "support/temp_dir.hpp"

namespace sdemig::sim {
namespace {

class state_file_test : public testing::Test {
 protected:
  void SetUp() override { dir_ = test::make_temp_dir("sdemig-state"); }
  void TearDown() override { test::remove_tree(dir_); }
  std::string dir_;
};

TEST_F(state_file_test, save_then_load_gives_the_same_connectors_and_mode_0600) {
  connector_store store(true);  // masking affects serving only, not the saved state
  seed_store(store, 40, 7);
  const std::string path = dir_ + "/state.ndjson";
  save_state(store, path);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  connector_store loaded;
  load_state(loaded, path);
  EXPECT_EQ(loaded.snapshot(connector_kind::alm), store.snapshot(connector_kind::alm));
  EXPECT_EQ(loaded.snapshot(connector_kind::analysis), store.snapshot(connector_kind::analysis));
  EXPECT_EQ(loaded.next_id(connector_kind::alm), 41);
}

TEST_F(state_file_test, bad_content_names_file_and_line) {
  const std::string path = dir_ + "/bad.ndjson";
  std::ofstream(path) << R"({"kind":"alm","id":1,"name":"a","system":{"id":"jira"}})"
                      << "\n"
                      << R"({"id":2,"name":"b","system":{"id":"jira"}})"
                      << "\n";
  connector_store store;
  try {
    load_state(store, path);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "state file " + path + " line 2: missing \"kind\"");
  }
}

}  // namespace
}  // namespace sdemig::sim
