// The edges a change window hits, end to end against sde-sim: a Retry-After
// beyond the retry budget, a refused connection said at once, a server
// string with a lone surrogate escape, an import file with a number out of
// range or a key twice, flags that contradict each other, and a token so
// short that scrubbing it everywhere would garble every message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

TEST(change_window, a_retry_after_beyond_the_budget_says_so_and_names_the_flag) {
  sim::server_config c = sim_config(source_token);
  c.faults.p429 = 1;
  c.faults.retry_after_s = 3600;
  sim_instance source(c, 3, 0);
  cli_env env;
  auto r = env.sdemig(concat({"export", "--out", env.path("x.json")}, env.from(source)));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("the server asked to wait 3600 s (Retry-After), more than the "
                               "retry budget of 120 s allows (--retry-budget raises it)"));
  // The budget the message names is the one --retry-budget sets.
  r = env.sdemig(
      concat({"export", "--retry-budget", "0.001", "--out", env.path("x.json")}, env.from(source)));
  EXPECT_THAT(r.err, HasSubstr("more than the retry budget of 1 s allows"));
}

TEST(change_window, a_refused_connection_is_said_at_once_with_what_is_retried) {
  cli_env env;
  const std::string token = env.write_file("t", "a-token-long-enough");
  ::chmod(token.c_str(), 0600);
  auto r = env.sdemig({"export", "--from", "http://127.0.0.1:1", "--from-token-file", token,
                       "--retry-budget", "0.5", "--out", env.path("x.json")});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("cannot connect: Connection refused; retrying the source (1/7)"));
}

TEST(change_window, a_lone_surrogate_in_a_server_string_is_carried_through) {
  sim::server_config c = sim_config(source_token);
  c.routing.misbehave = sim::list_misbehaviour::lone_surrogate;
  sim_instance source(c, 5, 0);
  cli_env env;
  for (const char* format : {"json", "ndjson"}) {
    const std::string file = env.path(std::string("x.") + format);
    auto r = env.sdemig(
        concat({"export", "--kind", "alm", "--format", format, "--out", file}, env.from(source)));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_THAT(r.out + r.err, HasSubstr("exported 5 connectors"));
    const std::string text = files::read_file(file);
    EXPECT_THAT(text, HasSubstr(R"("name":"\ud800GitHub)")) << "written back as it came";
    // And it reads back: an import plans all five.
    sim_instance target(sim_config(target_token), 0, 0);
    auto plan = env.sdemig(concat({"import", "--dry-run", "--file", file}, env.to(target)));
    EXPECT_EQ(plan.code, 0) << plan.err;
    EXPECT_THAT(plan.out, HasSubstr("plan: 5 to create"));
  }
}

TEST(change_window, an_import_file_with_a_number_out_of_range_or_a_key_twice_is_refused) {
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const std::string head = R"({"format":"sdemig-export/1","api":"legacy","analysis":[],"alm":[)";
  struct bad {
    const char* connector;
    const char* says;
  };
  for (const bad& b :
       {bad{R"({"name":"A","system":{"id":"jira"},"params":{"sde_min_priority":1E400}})",
            "x.json: alm[0].params.sde_min_priority: number 1E400 is out of range"},
        bad{R"({"name":"A","name":"B","system":{"id":"jira"},"params":{}})",
            "x.json: alm[0].name: duplicate key \"name\""},
        bad{R"({"name":"A","system":{"id":"jira"},"params":{"alm_server":"x","alm_server":"y"}})",
            "x.json: alm[0].params.alm_server: duplicate key \"alm_server\""}}) {
    const std::string file = env.write_file("x.json", head + b.connector + "]}");
    auto r = env.sdemig(concat({"import", "--dry-run", "--file", file}, env.to(target)));
    EXPECT_EQ(r.code, 2) << b.connector;
    EXPECT_THAT(r.err, HasSubstr(b.says));
  }
}

TEST(change_window, flags_that_contradict_each_other_are_one_clear_line) {
  sim_instance source(sim_config(source_token), 3, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"clone", "--concurrency", "8", "--max-concurrency", "4"}, env.both(source, target)));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "sdemig: --max-concurrency caps --concurrency auto; --concurrency 8 fixes the limit: "
            "give one\n");
  // --max-concurrency alone asks for auto, whatever the command's default:
  // never an error naming a --concurrency the user did not give.
  for (const char* command : {"export", "plan", "verify", "clone"}) {
    const auto args = std::string(command) == "export"
                          ? concat({"export", "--out", env.path("x.json")}, env.from(source))
                          : concat({command}, env.both(source, target));
    r = env.sdemig(concat(args, {"--max-concurrency", "8"}));
    EXPECT_EQ(r.code, std::string(command) == "verify" ? 1 : 0) << command << ": " << r.err;
    EXPECT_THAT(r.err, Not(HasSubstr("--concurrency"))) << command;
  }
  r = env.sdemig(concat(
      {"export", "--out", env.path("x.json"), "--max-concurrency", "8", "--concurrency", "16"},
      env.from(source)));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "sdemig: --max-concurrency caps --concurrency auto; --concurrency 16 fixes the limit: "
            "give one\n");
  r = env.sdemig(concat({"bench", "--op", "mix", "--mix", "get=1,get=2", "-d", "1", "--url",
                         source.url(), "--token-file", env.write_file("t", source_token)},
                        {}));
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--mix: get is given twice: one weight each"));
  // --concurrency is every command's (but bench's, which has -c).
  r = env.sdemig(
      concat({"export", "--concurrency", "auto", "--out", env.path("x.json")}, env.from(source)));
  EXPECT_EQ(r.code, 0) << r.err;
  r = env.sdemig(concat({"plan", "--concurrency", "4"}, env.both(source, target)));
  EXPECT_EQ(r.code, 0) << r.err;
}

TEST(change_window, a_one_letter_token_is_warned_about_and_garbles_nothing) {
  sim::server_config c = sim_config("t");
  c.routing.misbehave = sim::list_misbehaviour::html;
  sim_instance target(c, 0, 0);
  sim_instance source(sim_config(source_token), 3, 0);
  cli_env env;
  const std::string token = env.write_file("t.token", "t");
  ::chmod(token.c_str(), 0600);
  auto r = env.sdemig(
      concat(concat({"plan"}, env.from(source)), {"--to", target.url(), "--to-token-file", token}));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("sdemig: warning: the target's token is 1 characters long: it is "
                               "hidden from messages only where it stands alone"));
  EXPECT_THAT(r.err, HasSubstr("invalid answer: an HTML page, not JSON"));
  EXPECT_THAT(r.err, Not(HasSubstr("(redacted)")));
}

}  // namespace
}  // namespace sdemig::test
