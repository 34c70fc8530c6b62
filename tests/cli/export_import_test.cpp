// export then import gives the same target as clone; exports are atomic,
// redact secrets unless asked, and are 0600 when they hold them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

unsigned mode_of(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 0777;
}

class export_import : public testing::TestWithParam<const char*> {};

TEST_P(export_import, gives_the_same_target_as_clone) {
  sim_instance source(sim_config(source_token, 50), 120, 6);
  sim_instance cloned(sim_config(target_token), 0, 0);
  sim_instance imported(sim_config(target_token), 0, 0);
  cli_env env;
  const std::string file = env.path(std::string("export.") + GetParam());
  auto e = env.sdemig(concat({"export", "--out", file, "--format", GetParam(), "--include-secrets"},
                             env.from(source)));
  ASSERT_EQ(e.code, 0) << e.err;
  EXPECT_EQ(mode_of(file), 0600u);
  auto c = env.sdemig(concat({"clone", "--kind", "alm"}, env.both(source, cloned)));
  ASSERT_EQ(c.code, 0) << c.err;
  auto i = env.sdemig(concat({"import", "--kind", "alm", "--file", file}, env.to(imported)));
  ASSERT_EQ(i.code, 0) << i.err << i.out;
  EXPECT_EQ(difference_except_ids(read_all(cloned, connector_kind::alm, target_token),
                                  read_all(imported, connector_kind::alm, target_token)),
            "");
  auto again = env.sdemig(concat({"import", "--kind", "alm", "--file", file}, env.to(imported)));
  EXPECT_THAT(again.out, HasSubstr("0 writes")) << again.out;
}
INSTANTIATE_TEST_SUITE_P(formats, export_import, testing::Values("json", "ndjson"));

TEST(export_file, secrets_are_null_unless_asked_and_the_shape_is_the_contract) {
  sim_instance source(sim_config(source_token), 3, 1);
  cli_env env;
  auto e = env.sdemig(concat({"export", "--out", env.path("e.json")}, env.from(source)));
  ASSERT_EQ(e.code, 0) << e.err;
  const std::string text = files::read_file(env.path("e.json"));
  EXPECT_EQ(mode_of(env.path("e.json")), 0644u);
  EXPECT_EQ(text.substr(0, 42),
            "{\"format\":\"sdemig-export/1\",\"source\":\"" + source.url().substr(0, 4));
  EXPECT_THAT(text, HasSubstr("\"alm_pass\":null"));
  EXPECT_THAT(text, HasSubstr("\"alm_api_token\":null"));
  EXPECT_THAT(text, HasSubstr("\"analysis\":[{\"id\":1,"));
  for (const connector& c : source.store.snapshot(connector_kind::alm)) {
    for (const param& p : *c.params) {
      if (is_secret_param(p.key)) {
        EXPECT_THAT(text, Not(HasSubstr(p.value.text)));
      }
    }
  }
  auto stdout_export =
      env.sdemig(concat({"export", "--format", "ndjson", "--kind", "analysis"}, env.from(source)));
  EXPECT_EQ(stdout_export.out.substr(0, 45),
            "{\"kind\":\"analysis\",\"api\":\"legacy\",\"id\":1,\"nam");
}

TEST(export_file, a_failed_export_leaves_no_file_and_keeps_an_earlier_one) {
  sim_instance source(sim_config(source_token), 3, 0);
  cli_env env;
  env.write_file("wrong.token", "nope");
  const std::string out = env.write_file("e.json", "earlier");
  auto e = env.sdemig({"export", "--from", source.url(), "--from-token-file",
                       env.path("wrong.token"), "--out", out});
  EXPECT_EQ(e.code, 1);
  EXPECT_EQ(files::read_file(out), "earlier");
  auto fresh = env.sdemig({"export", "--from", source.url(), "--from-token-file",
                           env.path("wrong.token"), "--out", env.path("new.json")});
  EXPECT_EQ(fresh.code, 1);
  EXPECT_NE(::access(env.path("new.json").c_str(), F_OK), 0);
}

}  // namespace
}  // namespace sdemig::test
