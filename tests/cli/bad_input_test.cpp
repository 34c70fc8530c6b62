// Bad input, each case: one clear line, the right exit code, and for local
// mistakes no request at all.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "cli_fixture.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

struct bad_input_case {
  const char* name;
  std::function<std::vector<std::string>(cli_env&, const sim_instance&, const sim_instance&)> args;
  std::function<std::string(const cli_env&, const sim_instance&, const sim_instance&)> message;
  int code;
};

class bad_input : public testing::TestWithParam<bad_input_case> {};

TEST_P(bad_input, one_clear_line_and_no_request_for_local_mistakes) {
  sim_instance source(sim_config(source_token), 3, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const bad_input_case& c = GetParam();
  auto r = env.sdemig(c.args(env, source, target));
  EXPECT_EQ(r.code, c.code) << r.err;
  EXPECT_EQ(r.err, c.message(env, source, target) + "\n");
  if (c.code == 2) {
    EXPECT_EQ(source.server.stats().requests + target.server.stats().requests, 0u);
  }
  EXPECT_EQ(target.store.size(connector_kind::alm), 0u);
}

std::vector<std::string> clone_with(cli_env& env, const sim_instance& s, const sim_instance& t,
                                    std::vector<std::string> extra) {
  return concat(concat({"clone"}, env.both(s, t)), extra);
}

auto job_with(const char* json) {
  return [json](cli_env& env, const sim_instance& s, const sim_instance& t) {
    return clone_with(env, s, t, {"--job", env.write_file("job.json", json)});
  };
}

auto message(std::string text) {
  return [text](const cli_env& env, const sim_instance& s, const sim_instance& t) {
    std::string out = text;
    auto replace = [&](const std::string& key, const std::string& value) {
      for (auto pos = out.find(key); pos != std::string::npos; pos = out.find(key))
        out.replace(pos, key.size(), value);
    };
    replace("{dir}", env.path(""));
    replace("{source}", s.url());
    replace("{target}", t.url());
    return out;
  };
}

INSTANTIATE_TEST_SUITE_P(
    cases, bad_input,
    testing::Values(
        bad_input_case{"job_unknown_key", job_with(R"({"kinds":["alm"],"selekt":{}})"),
                       message("sdemig: {dir}job.json: unknown key \"selekt\" (known: kinds, "
                               "select, on_conflict, rename_suffix, names_match, transforms, "
                               "connections, format, $schema)"),
                       2},
        bad_input_case{"job_wrong_type",
                       job_with(R"({"transforms":[{"unset_params":"alm_user"}]})"),
                       message("sdemig: {dir}job.json: transforms[0].unset_params: expected an "
                               "array of strings, got string"),
                       2},
        bad_input_case{
            "job_bad_glob", job_with(R"({"select":{"names":["[prod"]}})"),
            message("sdemig: {dir}job.json: select.names[0]: bad glob \"[prod\": unclosed ["), 2},
        bad_input_case{
            "job_unknown_transform", job_with(R"({"transforms":[{"drop":["x"]}]})"),
            message("sdemig: {dir}job.json: transforms[0]: unknown key \"drop\" (known: where, "
                    "set_params, replace_in_params, rename_params, unset_params, set, name)"),
            2},
        bad_input_case{
            "secrets_unreadable",
            [](cli_env& env, const sim_instance& s, const sim_instance& t) {
              return clone_with(env, s, t, {"--secrets", env.path("missing.json")});
            },
            message(
                "sdemig: secrets file: cannot open {dir}missing.json: No such file or directory"),
            2},
        bad_input_case{
            "secrets_not_an_object",
            [](cli_env& env, const sim_instance& s, const sim_instance& t) {
              return clone_with(env, s, t, {"--secrets", env.write_file("s.json", "[\"pw\"]")});
            },
            message("sdemig: {dir}s.json: expected an object of connector name to {param: value}"),
            2},
        bad_input_case{"url_without_scheme",
                       [](cli_env& env, const sim_instance& s, const sim_instance&) {
                         return concat({"clone"}, concat(env.from(s),
                                                         {"--to", "127.0.0.1:9", "--to-token-file",
                                                          env.path("target.token")}));
                       },
                       message("sdemig: --to: URL \"127.0.0.1:9\" has no scheme: write "
                               "http://127.0.0.1:9 or https://127.0.0.1:9"),
                       2},
        bad_input_case{
            "port_out_of_range",
            [](cli_env& env, const sim_instance&, const sim_instance& t) {
              return concat({"plan", "--from", "http://127.0.0.1:99999", "--from-token-file",
                             env.path("source.token")},
                            env.to(t));
            },
            message(
                "sdemig: --from: URL \"http://127.0.0.1:99999\": port \"99999\" is not in 1-65535"),
            2},
        bad_input_case{
            "missing_token",
            [](cli_env&, const sim_instance& s, const sim_instance& t) {
              return std::vector<std::string>{"verify", "--from", s.url(), "--to", t.url()};
            },
            message(
                "sdemig: no token for --from: give --from-token-file FILE or set SDE_SOURCE_TOKEN"),
            2},
        bad_input_case{"import_other_format",
                       [](cli_env& env, const sim_instance&, const sim_instance& t) {
                         return concat(
                             {"import", "--file",
                              env.write_file("x.json", R"({"format":"other/2","alm":[]})")},
                             env.to(t));
                       },
                       message("sdemig: {dir}x.json: format: \"other/2\" is not an sdemig export "
                               "(expected \"sdemig-export/1\")"),
                       2},
        bad_input_case{
            "wrong_token",
            [](cli_env& env, const sim_instance& s, const sim_instance& t) {
              return concat({"clone", "--kind", "alm", "--from", s.url(), "--from-token-file",
                             env.path("target.token")},
                            env.to(t));
            },
            message("sdemig: reading the source's plugin schema failed: GET "
                    "{source}/api/v2/plugins/alm/?page_size=500: HTTP 401: Invalid token."),
            1},
        bad_input_case{"unreachable_host",
                       [](cli_env& env, const sim_instance& s, const sim_instance&) {
                         return concat({"clone", "--kind", "alm", "--to", "http://127.0.0.1:1",
                                        "--to-token-file", env.path("target.token")},
                                       env.from(s));
                       },
                       // Said at once (the retries take seconds), then the failure.
                       message("sdemig: GET "
                               "http://127.0.0.1:1/api/v2/connectors/issue-tracker/?page_size=1: "
                               "cannot connect: Connection refused; retrying the target (1/7)\n"
                               "sdemig: probing the target's API failed: GET "
                               "http://127.0.0.1:1/api/v2/connectors/issue-tracker/?page_size=1: "
                               "cannot connect: Connection refused"),
                       1}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(bad_usage, unknown_flags_and_missing_ones_exit_2) {
  cli_env env;
  auto r = env.sdemig({"clone", "--from", "http://a", "--to", "http://b", "--frm", "x"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--frm")) << r.err;
  r = env.sdemig({"clone", "--to", "http://b"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--from is required")) << r.err;
}

TEST(secrecy, tokens_never_appear_in_output) {
  sim_instance source(sim_config(source_token), 3, 0);
  cli_env env;
  env.write_file("wrong.token", "wrong-token-Xy77");
  for (auto args : {std::vector<std::string>{"export", "--from", source.url(), "--from-token-file",
                                             env.path("wrong.token")},
                    concat({"export"}, env.from(source))}) {
    auto r = env.sdemig(args);
    for (const char* token : {source_token, target_token, "wrong-token-Xy77"}) {
      EXPECT_THAT(r.out, Not(HasSubstr(token)));
      EXPECT_THAT(r.err, Not(HasSubstr(token)));
    }
  }
}

}  // namespace
}  // namespace sdemig::test
