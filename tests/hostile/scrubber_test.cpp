// A target that echoes what it was sent (issue 32, item 6), as the real
// sde-sim does with --echo-as: the token and the secrets hold quotes,
// backslashes, slashes and non-ASCII characters, and come back as they were
// sent in a JSON body (JSON-escaped), as \uXXXX, with \/, percent-encoded,
// or on an HTML debug page whose excerpt is cut through the token. No form
// of any of them, nor a fragment, is in anything sdemig prints or writes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "support/encodings.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

const std::string target_secret_token =
    "tgt-\"93734\\q/\xC3\xB1-5f0c2b9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a";  // "ñ"
const std::string wrong_token = "wrong-\"7731\\x/\xC3\xBC-0a1b2c3d4e5f60718293a4b5c6d7e8f9a0";
const std::string pass_value = "pw-\"q\\z/\xC3\xA9-8812-\xF0\x9F\x98\x80-ab";  // "é", "😀"
const std::string api_token_value = "at/\"\\\xE2\x82\xAC-2207-xyz-k9";         // "€"

connector jira(const std::string& name) {
  connector c;
  c.name = name;
  c.system.id = "jira";
  c.params = std::vector<param>{{"alm_server", scalar::string("jira.example.com")},
                                {"alm_user", scalar::string("sync")},
                                {"alm_pass", scalar::string(pass_value)},
                                {"alm_api_token", scalar::string(api_token_value)}};
  return c;
}

// Where `text` shows ten bytes in a row of any form of `value`: a leak.
std::string leak_of(const std::string& text, const std::string& value) {
  constexpr std::size_t window = 10;
  for (const auto& [form, encoded] : forms_of(value)) {
    for (std::size_t at = 0; at + window <= encoded.size(); ++at) {
      const auto found = text.find(encoded.substr(at, window));
      if (found != std::string::npos)
        return form + " at byte " + std::to_string(found) + ": " + text.substr(found, 40);
    }
  }
  return {};
}

class echoing_target : public testing::TestWithParam<const char*> {};

TEST_P(echoing_target, shows_no_form_nor_fragment_of_a_token_or_secret) {
  sim_instance source(sim_config(source_token), 0, 0);
  std::string ignored;
  for (const char* name : {"Refused 1", "Refused 2", "Refused 3", "Kept 1", "Kept 2"})
    source.store.create(connector_kind::alm, jira(name), ignored);
  sim::server_config echoing = sim_config(target_secret_token);
  echoing.routing.echo_auth = true;
  echoing.routing.echo_as = sim::parse_echo_form(GetParam());
  echoing.routing.serve_schema = false;  // so the server, not the plan, refuses the writes
  sim_instance target(std::move(echoing), 0, 0);
  cli_env env;
  for (const auto& [file, token] :
       {std::pair{"hostile.token", target_secret_token}, std::pair{"wrong.token", wrong_token}}) {
    env.write_file(file, token + "\n");
    ::chmod(env.path(file).c_str(), 0600);
  }
  // The target refuses the writes without alm_server: its errors echo the
  // token and the body, the secrets in it.
  const std::string job = env.write_file(
      "job.json",
      R"({"kinds": ["alm"], "transforms": [{"where": {"name": "Refused*"}, "unset_params": ["alm_server"]}]})");
  const std::vector<std::string> to = {"--to", target.url(), "--to-token-file",
                                       env.path("hostile.token")};
  auto clone = env.sdemig(concat(concat({"clone", "--job", job, "--journal", env.path("j.ndjson"),
                                         "--report", env.path("r.json")},
                                        env.from(source)),
                                 to));
  EXPECT_EQ(clone.code, 1) << clone.err;
  EXPECT_EQ(target.store.size(connector_kind::alm), 2u) << clone.err;
  EXPECT_THAT(clone.err, HasSubstr("(redacted)")) << clone.err;  // the echo came, scrubbed
  // A wrong token, echoed in the answer to the first read.
  auto plan =
      env.sdemig(concat({"plan", "--to", target.url(), "--to-token-file", env.path("wrong.token")},
                        env.from(source)));
  EXPECT_EQ(plan.code, 1) << plan.err;
  EXPECT_THAT(plan.err, HasSubstr("(redacted)")) << plan.err;
  if (std::string(GetParam()) == "html") {  // its first 80 bytes end inside the token
    EXPECT_THAT(plan.err, HasSubstr(": HTTP 500 (not JSON: <html><pre>HTTP_AUTHORIZATION = "
                                    "&#x27;Token (redacted)&#x27; REQUEST_BODY"))
        << plan.err;
  }

  const std::string everything = clone.out + clone.err + plan.out + plan.err +
                                 files::read_file(env.path("r.json")) +
                                 files::read_file(env.path("j.ndjson"));
  for (const std::string& value : {target_secret_token, wrong_token, pass_value, api_token_value})
    EXPECT_EQ(leak_of(everything, value), "") << GetParam() << "\n" << clone.err << plan.err;
}

INSTANTIATE_TEST_SUITE_P(forms, echoing_target,
                         testing::Values("raw", "ascii", "slashes", "percent", "html"));

}  // namespace
}  // namespace sdemig::test
