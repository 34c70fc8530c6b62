// What sdemig reads and is told (issue: safety, items 6, 8, 17 and 18):
// stdin for import, reordered exports, byte order marks, JSON errors with
// line and column, duplicate keys, clean tokens, checked numbers, and
// warnings for what matches nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

constexpr const char* bom = "\xEF\xBB\xBF";

TEST(input_safety, export_piped_into_import_from_stdin) {
  sim_instance source(sim_config(source_token, 50), 120, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r =
      env.shell("$SDEMIG export --kind alm --include-secrets " + shell_words(env.from(source)) +
                " | $SDEMIG import --file - " + shell_words(env.to(target)));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("import: 120 created")) << r.out;
  EXPECT_EQ(difference_except_ids(read_all(source, connector_kind::alm, source_token),
                                  read_all(target, connector_kind::alm, target_token)),
            "");
}

// An export whose keys a tool sorted (jq -S): "format" comes after "alm".
TEST(input_safety, an_export_with_reordered_keys_and_a_bom_is_accepted) {
  sim_instance source(sim_config(source_token), 5, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"export", "--kind", "alm", "--include-secrets", "--out", env.path("e.json")},
             env.from(source)));
  ASSERT_EQ(r.code, 0) << r.err;
  std::string text = files::read_file(env.path("e.json"));
  while (text.back() == '\n') text.pop_back();
  const auto alm = text.find(",\"alm\":");
  ASSERT_NE(alm, std::string::npos);
  const std::string header = text.substr(1, alm - 1);  // "format":...,"exported_at":...
  const std::string body =
      text.substr(alm + 1, text.size() - alm - 2);  // "alm":[...],"analysis":[]
  env.write_file("sorted.json", std::string(bom) + "{" + body + "," + header + "}\n");
  r = env.sdemig(concat({"import", "--file", env.path("sorted.json")}, env.to(target)));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(target.store.size(connector_kind::alm), 5u);
}

TEST(input_safety, a_bom_is_skipped_in_job_secrets_and_token_files) {
  sim_instance source(sim_config(source_token), 4, 0, /*mask_secrets=*/true);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  env.write_file("source.token", std::string(bom) + source_token + "\n");
  const std::string job = env.write_file("job.json", std::string(bom) + R"({"kinds": ["alm"]})");
  const std::string secrets = env.write_file(
      "secrets.json", std::string(bom) + R"({"*": {"alm_pass": "pw", "alm_api_token": "tok"}})");
  auto r =
      env.sdemig(concat({"clone", "--job", job, "--secrets", secrets}, env.both(source, target)));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(target.store.size(connector_kind::alm), 4u);
}

TEST(input_safety, json_errors_name_line_and_column_and_duplicate_keys_are_errors) {
  sim_instance source(sim_config(source_token), 2, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  struct row {
    const char* flag;
    const char* file;
    const char* text;
    std::string message;
  };
  const row rows[] = {
      {"--job", "job.json", "{\n  \"kinds\": [\"alm\"],\n  \"on_conflict\": update\n}",
       "line 3, column 18: unexpected character 'u'"},
      {"--job", "job.json", "{\n  \"kinds\": [\"alm\"],\n  \"kinds\": [\"analysis\"]\n}",
       "line 3, column 3: duplicate key \"kinds\""},
      {"--job", "job.json", "{\"select\": {\"names\": [\"a\"], \"names\": [\"b\"]}}",
       "line 1, column 29: duplicate key \"names\""},
      {"--secrets", "s.json", "{\"x\": {\"alm_pass\": \"a\",\n \"alm_pass\": \"b\"}}",
       "line 2, column 2: duplicate key \"alm_pass\""},
      {"--secrets", "s.json", "{\"x\": {\"alm_pass\": \"a\"",
       "line 1, column 7: this object is never closed (truncated?)"},
  };
  for (const row& c : rows) {
    const std::string path = env.write_file(c.file, c.text);
    auto r = env.sdemig(concat({"clone", c.flag, path}, env.both(source, target)));
    EXPECT_EQ(r.code, 2) << c.text;
    EXPECT_EQ(r.err, "sdemig: " + path + ": " + c.message + "\n");
  }
  // An export file: multi-line, broken on line 3.
  const std::string path = env.write_file(
      "e.json", "{\"format\": \"sdemig-export/1\",\n\"alm\": [\n  {\"name\": \"a\",, }\n]}\n");
  auto r = env.sdemig(concat({"import", "--file", path}, env.to(target)));
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("line 3, column")) << r.err;
  EXPECT_EQ(source.server.stats().requests + target.server.stats().requests, 0u);
}

TEST(input_safety, a_token_is_one_clean_line) {
  sim_instance source(sim_config(source_token), 1, 0);
  cli_env env;
  const std::string flag = "--from-token-file " + env.path("t");
  struct row {
    std::string content;
    int code;
    std::string err;
  };
  const row rows[] = {
      {std::string(source_token) + "\n", 0, ""},
      {std::string(source_token) + " \t\r\n", 0, ""},
      {std::string(source_token), 0, ""},
      {std::string(source_token) + "\nX-Injected: yes\n", 2,
       flag +
           " holds a second line after the token: a token file holds the token alone, on one line"},
      {std::string(source_token) + "\n\n", 2,
       flag +
           " holds a second line after the token: a token file holds the token alone, on one line"},
      {std::string("abc\rdef\n"), 2,
       flag + " holds a carriage return inside the token: a token file holds the token alone, on "
              "one line"},
      {std::string("abc\0def", 7), 2,
       flag +
           " holds a NUL byte inside the token: a token file holds the token alone, on one line"},
      {std::string("abc\x01 \n"), 2,
       flag + " holds a control character after the token: a token file holds the token alone, "
              "on one line"},
      {"", 2, flag + " is empty: it should hold the API token"},
      {"\n", 2, flag + " is empty: it should hold the API token"},
  };
  for (const row& c : rows) {
    env.write_file("t", c.content);
    ::chmod(env.path("t").c_str(), 0600);
    auto r = env.sdemig({"export", "--from", source.url(), "--from-token-file", env.path("t"),
                         "--out", env.path("e.json")});
    EXPECT_EQ(r.code, c.code) << r.err;
    if (c.code == 2) {
      EXPECT_EQ(r.err, "sdemig: " + c.err + "\n");
    }
  }
  // An environment variable is checked the same way.
  auto r = env.shell("SDE_SOURCE_TOKEN=$'tok\\nX-Evil: 1' $SDEMIG export --from " + source.url());
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "sdemig: $SDE_SOURCE_TOKEN holds a second line after the token: a token file holds the "
            "token alone, on one line\n");
  // A token file others can read draws a warning, as ssh's keys do.
  env.write_file("t", std::string(source_token) + "\n");
  ::chmod(env.path("t").c_str(), 0644);
  r = env.sdemig({"export", "--from", source.url(), "--from-token-file", env.path("t"), "--out",
                  env.path("e.json")});
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.err, HasSubstr("sdemig: warning: the token file " + env.path("t") +
                               " can be read by others (mode 0644): chmod 600"))
      << r.err;
}

TEST(input_safety, every_number_is_checked_before_anything_is_sent) {
  sim_instance source(sim_config(source_token), 2, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const auto both = env.both(source, target);
  const std::vector<std::string> bench = {"bench", "--url", source.url(), "--token-file",
                                          env.path("source.token")};
  struct row {
    std::vector<std::string> args;
    std::string err;
  };
  const std::string seconds = "a number of seconds from 0.001 to 86400";
  const row rows[] = {
      {concat({"clone", "--timeout", "nan"}, both), "--timeout: \"nan\" is not " + seconds},
      {concat({"clone", "--timeout", "1e308"}, both), "--timeout: \"1e308\" is not " + seconds},
      {concat({"clone", "--timeout", "-1"}, both), "--timeout: \"-1\" is not " + seconds},
      {concat({"clone", "--rate", "nan"}, both),
       "--rate: \"nan\" is not a number of requests per second from 0.001 to 1e+06"},
      {concat(bench, {"-d", "nan"}),
       "--duration: \"nan\" is not a number of seconds from 0.01 to 604800"},
      {concat(bench, {"--warmup", "inf"}),
       "--warmup: \"inf\" is not a number of seconds from 0 to 3600"},
      {concat(bench, {"--rate", "nan"}),
       "--rate: \"nan\" is not a number of requests per second from 0.001 to 1e+07"},
      {concat(bench, {"--op", "mix", "--mix", "get=-1"}),
       "--mix: \"get=-1\" is not OP=WEIGHT with OP list, get, create or update and WEIGHT a whole "
       "number from 0 to 1000"},
      {concat(bench, {"--op", "mix", "--mix", "get=99999999999"}),
       "--mix: \"get=99999999999\" is not OP=WEIGHT with OP list, get, create or update and WEIGHT "
       "a whole number from 0 to 1000"},
      {concat(bench, {"--op", "mix", "--mix", "get=0,list=0"}),
       "--mix: every weight is 0: give at least one operation a positive weight"},
      {concat(bench, {"--mix", "get=1"}), "--mix goes with --op mix (the op is get)"},
      {{"frobnicate", "--from", source.url()},
       "unknown command \"frobnicate\" (commands: export, plan, clone, import, verify, bench, "
       "edit, apply, restore)"},
  };
  for (const row& c : rows) {
    auto r = env.sdemig(c.args);
    EXPECT_EQ(r.code, 2) << c.args[0] << " " << c.args[1] << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.err)) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'),
              r.err.find("Run with --help") == std::string::npos ? 1 : 2)
        << r.err;
  }
  EXPECT_EQ(source.server.stats().requests + target.server.stats().requests, 0u);
}

TEST(input_safety, what_matches_nothing_is_warned_about) {
  sim_instance source(sim_config(source_token), 6, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const auto both = env.both(source, target);
  const std::string job =
      env.write_file("job.json", R"({"kinds": ["alm"], "select": {"systems": ["jiraa"]}})");
  const std::string secrets = env.write_file(
      "s.json", R"({"No Such Connector": {"alm_pass": "x"}, "*": {"alm_server": "y"}})");
  auto r = env.sdemig(concat({"plan", "--job", job, "--secrets", secrets}, both));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("sdemig: warning: the job's select.systems names \"jiraa\", which "
                               "no source connector has\n"))
      << r.err;
  EXPECT_THAT(
      r.err,
      HasSubstr("sdemig: warning: the job's select matches none of the 6 source connectors\n"));
  EXPECT_THAT(r.err, HasSubstr("sdemig: warning: the secrets file names \"No Such Connector\", "
                               "which no source connector is called\n"));
  EXPECT_THAT(r.err, HasSubstr("sdemig: warning: the secrets file gives \"alm_server\" for \"*\", "
                               "which is not a secret param: it is not used\n"));

  // A rename onto a key the connector has: that connector is invalid, not sent.
  const std::string rename = env.write_file(
      "rename.json",
      R"({"kinds": ["alm"], "transforms": [{"rename_params": {"alm_user": "alm_server"}}]})");
  r = env.sdemig(concat({"clone", "--job", rename}, both));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr(": transforms[0].rename_params: \"alm_user\" -> \"alm_server\": the "
                               "connector already has \"alm_server\""))
      << r.err;
  for (const connector& c : target.store.snapshot(connector_kind::alm)) {
    EXPECT_EQ(c.find_param("alm_user"), nullptr)
        << c.name << " was sent although its rename failed";
  }

  // --from and --to naming one instance.
  r = env.sdemig(concat({"clone"}, env.both(source, source)));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "sdemig: --from and --to name the same instance (" + source.url() +
                       "): give --allow-same-instance if that is meant\n");
  r = env.sdemig(concat({"plan", "--allow-same-instance", "--to", source.url(), "--to-token-file",
                         env.path("source.token")},
                        env.from(source)));
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace sdemig::test
