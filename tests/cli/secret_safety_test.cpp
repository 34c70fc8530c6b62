// Tokens and secrets (issue: safety, items 7, 9 and 10): what a server
// echoes is scrubbed, TLS is set per side, and a renamed secret stays one.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "support/test_pki.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

TEST(secret_safety, a_server_that_echoes_the_token_and_the_request_body_is_scrubbed) {
  sim_instance source(sim_config(source_token), 8, 0);
  sim::server_config echoing = sim_config(target_token);
  echoing.routing.echo_auth = true;
  echoing.routing.serve_schema = false;  // so the server, not the plan, refuses the writes
  sim_instance target(std::move(echoing), 0, 0);
  cli_env env;
  // The target refuses every write (no alm_server): its 400 echoes the token and the body, secrets
  // in it.
  const std::string job = env.write_file(
      "job.json", R"({"kinds": ["alm"], "transforms": [{"unset_params": ["alm_server"]}]})");
  const std::string secrets = env.write_file("s.json", R"({"*": {"alm_pass": "users-own-pw-77"}})");
  auto r = env.sdemig(concat({"clone", "--job", job, "--secrets", secrets, "--journal",
                              env.path("j.ndjson"), "--report", env.path("r.json")},
                             env.both(source, target)));
  EXPECT_EQ(r.code, 1);
  // Every write was refused: no line, so no journal (nothing for a secret to hide in).
  EXPECT_FALSE(std::filesystem::exists(env.path("j.ndjson")));
  const std::string everything = r.out + r.err + files::read_file(env.path("r.json"));
  EXPECT_THAT(everything, HasSubstr("HTTP_AUTHORIZATION='Token (redacted)'")) << r.err;
  EXPECT_THAT(everything, Not(HasSubstr(target_token)));
  for (const connector& c : source.store.snapshot(connector_kind::alm)) {
    for (const param& p : *c.params) {
      if (is_secret_param(p.key)) {
        EXPECT_THAT(everything, Not(HasSubstr(p.value.text))) << p.key;
      }
    }
  }

  // A wrong token echoed in a 401 during reading: scrubbed too.
  env.write_file("wrong.token", "wrong-token-5511\n");
  r = env.sdemig(concat({"plan", "--to", target.url(), "--to-token-file", env.path("wrong.token")},
                        env.from(source)));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err,
              HasSubstr("Invalid token. (request META: HTTP_AUTHORIZATION='Token (redacted)')"))
      << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("wrong-token-5511")));
}

class tls_per_side : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sdemig-tls-side");
    pki_ = make_test_pki(dir_);
  }
  void TearDown() override { remove_tree(dir_); }
  std::string dir_;
  test_pki pki_;
};

TEST_F(tls_per_side, each_instance_has_its_own_trust_and_the_warning_names_the_unverified_one) {
  sim::server_config https = sim_config(source_token);
  https.tls = sim::tls_files{pki_.server_cert, pki_.server_key};
  sim_instance source(std::move(https), 3, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const std::string source_url = "https://127.0.0.1:" + std::to_string(source.port());
  const std::vector<std::string> from = {"--from", source_url, "--from-token-file",
                                         env.path("source.token")};
  const auto both = concat(from, env.to(target));

  auto r = env.sdemig(concat({"plan"}, both));  // not trusted: refused
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("probing the source's API failed")) << r.err;

  r = env.sdemig(concat({"plan", "--from-ca-file", pki_.ca_cert}, both));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");

  r = env.sdemig(concat({"plan", "--from-insecure"}, both));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "sdemig: warning: TLS certificates are not verified for the source " +
                       source_url + "\n");

  // --to-ca-file is the target's only: the source stays unverified-and-refused.
  r = env.sdemig(concat({"plan", "--to-ca-file", pki_.ca_cert}, both));
  EXPECT_EQ(r.code, 1);

  r = env.sdemig(concat({"plan", "--insecure"}, both));  // both sides, as before
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "sdemig: warning: TLS certificates are not verified for the source " +
                       source_url + " and target " + target.url() + "\n");
}

// A password or an api_key pasted into an instance's URL is refused, and
// no message shows it: not the refusal, not the --insecure warning before it.
TEST(secret_safety, a_password_or_query_in_a_url_is_never_printed) {
  cli_env env;
  for (const std::string url :
       {"https://admin:PW-S3cret@127.0.0.1:9", "https://127.0.0.1:9/?api_key=Q-S3cret&page=2",
        "https://admin:PW-S3cret@127.0.0.1:9/sde?api_key=Q-S3cret#frag"}) {
    const auto r =
        env.sdemig({"export", "--from", url, "--from-token-file", env.path("source.token"),
                    "--insecure", "--out", env.path("e.json")});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_THAT(r.err, HasSubstr("TLS certificates are not verified for the source https://"));
    EXPECT_THAT(r.err, Not(HasSubstr("S3cret"))) << r.err;
  }
}

TEST(secret_safety, a_secret_renamed_by_the_job_stays_secret_everywhere) {
  sim_instance source(sim_config(source_token), 6, 0);
  sim::server_config no_schema = sim_config(target_token);
  no_schema.routing.serve_schema = false;  // its schema would refuse the new names
  sim_instance target(std::move(no_schema), 0, 0);
  cli_env env;
  const std::string job = env.write_file(
      "job.json",
      R"({"kinds": ["alm"], "transforms": [{"rename_params": {"alm_pass": "jira_password", "alm_api_token": "gh_key"}}]})");
  std::vector<std::string> secrets;
  for (const connector& c : source.store.snapshot(connector_kind::alm)) {
    for (const param& p : *c.params) {
      if (is_secret_param(p.key)) secrets.push_back(p.value.text);
    }
  }
  ASSERT_FALSE(secrets.empty());
  const auto both = env.both(source, target);
  std::string everything;
  for (auto args : {std::vector<std::string>{"plan", "--json"},
                    {"plan"},
                    {"clone", "--dry-run"},
                    {"clone", "--journal", env.path("j.ndjson"), "--report", env.path("r.json")},
                    {"verify", "--json"}}) {
    args.push_back("--job");
    args.push_back(job);
    auto r = env.sdemig(concat(args, both));
    everything += r.out + r.err;
    if (args[0] == "plan" && args.size() > 1 && args[1] == "--json") {
      EXPECT_THAT(
          r.out,
          HasSubstr("\"field\":\"params.jira_password\",\"change\":\"added\",\"to\":\"(secret)\""))
          << r.out;
    }
  }
  everything += files::read_file(env.path("j.ndjson")) + files::read_file(env.path("r.json"));
  for (const std::string& s : secrets) EXPECT_THAT(everything, Not(HasSubstr(s))) << s;
  // It was sent, under its new name.
  std::size_t renamed = 0;
  for (const connector& c : target.store.snapshot(connector_kind::alm))
    renamed += c.find_param("jira_password") != nullptr;
  EXPECT_GT(renamed, 0u);
}

}  // namespace
}  // namespace sdemig::test
