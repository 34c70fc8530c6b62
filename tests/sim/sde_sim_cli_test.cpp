// The sde-sim program itself: its first line, the six seed operations with
// the seed's JSON shapes, a clean stop, --state across restarts, bad flags,
// absolute-form requests from sdemig through it as a proxy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <regex>

#include "io/files/read_file.hpp"
#include "support/child_process.hpp"
#include "support/files.hpp"
#include "support/http_client.hpp"
#include "support/json_equal.hpp"
#include "support/test_pki.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

struct running_sim {
  child_process process;
  unsigned short port = 0;

  explicit running_sim(std::vector<std::string> args) : process(with_program(std::move(args))) {
    auto line = process.read_line();
    if (!line) throw std::runtime_error("sde-sim printed nothing");
    std::smatch m;
    if (!std::regex_match(*line, m, std::regex(R"(listening on 127\.0\.0\.1:(\d+))")))
      throw std::runtime_error("unexpected first line: " + *line);
    port = static_cast<unsigned short>(std::stoi(m[1]));
  }
  static std::vector<std::string> with_program(std::vector<std::string> args) {
    args.insert(args.begin(), SDE_SIM_PATH);
    return args;
  }
};

TEST(sde_sim_cli, serves_the_six_seed_operations_in_the_seed_shapes) {
  running_sim sim({"--port", "0", "--seed-alm", "1000", "--seed-analysis", "50"});
  http_client client("127.0.0.1", sim.port);

  auto list = client.get("/api/v2/connectors/alm/");
  ASSERT_EQ(list.status, 200u);
  EXPECT_EQ(std::count(list.body.begin(), list.body.end(), '\n'), 0);
  // The seed's list holds a GitHub and a JIRA connector; seeded ones 1 and 2 are those systems.
  auto alm1 = client.get("/api/v2/connectors/alm/1/");
  auto alm2 = client.get("/api/v2/connectors/alm/2/");
  ASSERT_EQ(alm1.status, 200u);
  EXPECT_EQ(json_shape(R"({"results":[)" + alm1.body + "," + alm2.body + "]}"),
            json_shape(seed_example("alm_list_response")));
  EXPECT_EQ(json_shape(alm1.body), json_shape(seed_example("alm_get_response")));

  auto created =
      client.request("POST", "/api/v2/connectors/alm/", seed_example("alm_create_request"));
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(json_shape(created.body), json_shape(seed_example("alm_create_response")));
  EXPECT_THAT(created.body, HasSubstr("\"id\":1001,"));

  auto updated =
      client.request("PUT", "/api/v2/connectors/alm/3/", seed_example("alm_put_request"));
  ASSERT_EQ(updated.status, 200u) << updated.body;
  EXPECT_EQ(json_shape(updated.body), json_shape(seed_example("alm_put_response")));

  auto analysis = client.get("/api/v2/connectors/analysis/");
  ASSERT_EQ(analysis.status, 200u);
  EXPECT_EQ(json_shape(analysis.body), json_shape(seed_example("analysis_list_response")));
  EXPECT_EQ(std::count(analysis.body.begin(), analysis.body.end(), '{'), 1 + 2 * 50);
  auto one = client.get("/api/v2/connectors/analysis/1/");
  EXPECT_EQ(json_shape(one.body), json_shape(seed_example("analysis_get_response")));

  sim.process.signal(SIGTERM);
  EXPECT_EQ(sim.process.wait(), 0) << sim.process.stderr_text();
}

TEST(sde_sim_cli, seeding_is_deterministic) {
  std::string first, second;
  for (std::string* out : {&first, &second}) {
    running_sim sim({"--seed-alm", "40", "--seed-analysis", "5", "--mask-secrets"});
    http_client client("127.0.0.1", sim.port);
    *out = client.get("/api/v2/connectors/alm/").body;
    EXPECT_THAT(*out, HasSubstr("\"alm_pass\":\"********\""));
    EXPECT_THAT(*out, HasSubstr("Équipe Sécurité"));
  }
  EXPECT_EQ(first, second);
}

TEST(sde_sim_cli, state_survives_a_restart) {
  const std::string dir = make_temp_dir("sdemig-cli-state");
  const std::string state = dir + "/state.ndjson";
  {
    running_sim sim({"--state", state, "--seed-alm", "3", "--token", "tk"});
    http_client client("127.0.0.1", sim.port);
    auto r = client.request("POST", "/api/v2/connectors/alm/",
                            R"({"name":"Kept","system":{"id":"jira"},"params":{"alm_server":"x"}})",
                            {{"Authorization", "Token tk"}});
    ASSERT_EQ(r.status, 201u) << r.body;
    sim.process.signal(SIGINT);
    ASSERT_EQ(sim.process.wait(), 0) << sim.process.stderr_text();
  }
  {
    running_sim sim({"--state", state});
    http_client client("127.0.0.1", sim.port);
    auto r = client.get("/api/v2/connectors/alm/4/");
    ASSERT_EQ(r.status, 200u);
    EXPECT_THAT(r.body, HasSubstr("\"name\":\"Kept\""));
    EXPECT_EQ(client.get("/api/v2/connectors/alm/5/").status, 404u);
  }
  remove_tree(dir);
}

TEST(sde_sim_cli, tls_flags_serve_https) {
  const std::string dir = make_temp_dir("sdemig-cli-tls");
  const test_pki pki = make_test_pki(dir);
  running_sim sim({"--tls-cert", pki.server_cert, "--tls-key", pki.server_key, "--seed-alm", "1"});
  http_client client("127.0.0.1", sim.port, tls_options{pki.ca_cert, "localhost"});
  EXPECT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u);
  remove_tree(dir);
}

// A forward proxy may pass the absolute form on to the next hop (a chain of
// proxies does). sdemig naming sde-sim itself as its proxy sends it
// "GET http://sde.invalid:8000/api/v2/... HTTP/1.1": sde-sim serves it (RFC
// 9112 3.2.2), so it can stand behind such a proxy in a test.
TEST(sde_sim_cli, serves_the_absolute_form_a_forward_proxy_passes_on) {
  for (const char* name : {"no_proxy", "NO_PROXY"}) ::unsetenv(name);
  const std::string dir = make_temp_dir("sdemig-cli-absolute");
  const std::string token = dir + "/token";
  std::ofstream(token) << "tk-absolute-1\n";
  ::chmod(token.c_str(), 0600);
  running_sim sim({"--seed-alm", "250", "--seed-analysis", "20", "--page-size-default", "100",
                   "--token", "tk-absolute-1"});
  const std::string sim_url = "http://127.0.0.1:" + std::to_string(sim.port);
  auto r = run({SDEMIG_PATH, "export", "--from", "http://sde.invalid:8000", "--from-token-file",
                token, "--proxy", sim_url, "--out", dir + "/via-sim.json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string via = files::read_file(dir + "/via-sim.json");
  EXPECT_THAT(via, HasSubstr("\"source\":\"http://sde.invalid:8000\""));
  r = run({SDEMIG_PATH, "export", "--from", sim_url, "--from-token-file", token, "--out",
           dir + "/direct.json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto connectors = [](const std::string& json) { return json.substr(json.find("\"alm\"")); };
  EXPECT_EQ(connectors(via), connectors(files::read_file(dir + "/direct.json")));
  remove_tree(dir);
}

TEST(sde_sim_cli, bad_flags_are_refused_with_a_message) {
  auto r = run({SDE_SIM_PATH, "--fault-429", "2"});
  EXPECT_NE(r.code, 0);
  EXPECT_THAT(r.err, HasSubstr("--fault-429")) << r.err;
  r = run({SDE_SIM_PATH, "--port", "70000"});
  EXPECT_NE(r.code, 0);
  EXPECT_THAT(r.err, HasSubstr("--port")) << r.err;
  r = run({SDE_SIM_PATH, "--bind", "not-an-ip"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "sde-sim: cannot listen on not-an-ip:0: not an IP address\n");
}

}  // namespace
}  // namespace sdemig::test

namespace sdemig::test {
namespace {

// Both programs say what they are and what they were built with.
TEST(version, both_programs_print_version_revision_and_libraries) {
  for (const char* program : {SDE_SIM_PATH, SDEMIG_PATH}) {
    auto r = run({program, "--version"});
    EXPECT_EQ(r.code, 0) << program;
    const std::string name = std::string(program).substr(std::string(program).rfind('/') + 1);
    EXPECT_TRUE(r.out.starts_with(name + " 0.")) << r.out;
    EXPECT_THAT(r.out, HasSubstr("\nbuilt with Boost 1.81.0, simdjson 3.")) << r.out;
    EXPECT_THAT(r.out, HasSubstr(", OpenSSL 3.")) << r.out;
  }
}

}  // namespace
}  // namespace sdemig::test
