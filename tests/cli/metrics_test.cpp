// `--metrics-file`: each command's file read back with the Prometheus
// client's own parser (tests/cli/read_metrics.py), its counts checked
// against what the run did and the server holds: a clean clone, one against
// a target that refuses every write, one stopped by Ctrl-C, export, verify,
// bench with thresholds, a usage error and a bad path.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <csignal>
#include <map>
#include <sstream>

#include "cli_fixture.hpp"
#include "support/wait_until.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

using metrics = std::map<std::string, double>;

// Every sample of FILE, keyed `name{label=value,...}` (labels sorted).
metrics read_metrics(const std::string& file) {
  const run_result r =
      run({"/usr/bin/python3", SDEMIG_SOURCE_DIR "/tests/cli/read_metrics.py", file});
  EXPECT_EQ(r.code, 0) << r.err;
  metrics out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos) out[line.substr(0, tab)] = std::stod(line.substr(tab + 1));
  }
  return out;
}

double now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The families every command writes: exit code, success, a timestamp of now.
void expect_run(const metrics& m, const std::string& command, int exit_code, bool interrupted) {
  const std::string l = "{command=" + command + "}";
  ASSERT_TRUE(m.contains("sdemig_run_exit_code" + l)) << command;
  EXPECT_EQ(m.at("sdemig_run_exit_code" + l), exit_code);
  EXPECT_EQ(m.at("sdemig_run_success" + l), exit_code == 0 ? 1 : 0);
  EXPECT_EQ(m.at("sdemig_run_interrupted" + l), interrupted ? 1 : 0);
  EXPECT_NEAR(m.at("sdemig_last_run_timestamp_seconds" + l), now_s(), 60);
  EXPECT_GE(m.at("sdemig_run_duration_seconds" + l), 0);
}

double item(const metrics& m, const std::string& command, const std::string& kind,
            const std::string& outcome) {
  const std::string key =
      "sdemig_items_total{command=" + command + ",kind=" + kind + ",outcome=" + outcome + "}";
  EXPECT_TRUE(m.contains(key)) << key;
  return m.contains(key) ? m.at(key) : -1;
}

TEST(metrics, a_clean_clone_counts_what_it_created) {
  sim_instance source(sim_config(source_token), 40, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  // umask 022: the file is 0644, readable by node_exporter's user.
  auto r = env.shell("umask 022; $SDEMIG clone --kind alm --metrics-file " + env.path("m.prom") +
                     " " + shell_words(env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat(env.path("m.prom").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  const metrics m = read_metrics(env.path("m.prom"));
  expect_run(m, "clone", 0, false);
  EXPECT_EQ(item(m, "clone", "connector", "created"), 40);
  EXPECT_EQ(item(m, "clone", "connector", "failed"), 0);  // zeros are written too
  EXPECT_EQ(item(m, "clone", "connector", "not_started"), 0);
  EXPECT_EQ(m.at("sdemig_writes_total{command=clone}"), target.server.stats().writes_applied);
  EXPECT_EQ(m.at("sdemig_errors_total{class=failed,command=clone}"), 0);
  EXPECT_EQ(m.at("sdemig_run_halted{command=clone}"), 0);
  for (const char* phase : {"read", "plan", "write"})
    EXPECT_GT(m.at(std::string("sdemig_phase_duration_seconds{command=clone,phase=") + phase + "}"),
              0);
  EXPECT_GE(m.at("sdemig_concurrency_settled{command=clone,mode=auto}"), 1);
  EXPECT_FALSE(m.contains("sdemig_items_total{command=clone,kind=connection,outcome=created}"));
  // A rerun writes nothing: the file says so, replacing the last one.
  ASSERT_EQ(env.sdemig(concat({"clone", "--kind", "alm", "--metrics-file", env.path("m.prom")},
                              env.both(source, target)))
                .code,
            0);
  const metrics again = read_metrics(env.path("m.prom"));
  EXPECT_EQ(item(again, "clone", "connector", "unchanged"), 40);
  EXPECT_EQ(item(again, "clone", "connector", "created"), 0);
  EXPECT_EQ(again.at("sdemig_writes_total{command=clone}"), 0);
  EXPECT_FALSE(again.contains("sdemig_concurrency_settled{command=clone,mode=auto}"));
}

// A monitored dry run shows what is pending: the plan's actions, no writes.
TEST(metrics, a_dry_run_counts_the_plan_s_actions_and_no_writes) {
  sim_instance source(sim_config(source_token), 40, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"clone", "--kind", "alm", "--dry-run", "--metrics-file", env.path("m.prom")},
             env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err;
  const metrics m = read_metrics(env.path("m.prom"));
  expect_run(m, "clone", 0, false);
  EXPECT_EQ(item(m, "clone", "connector", "create"), 40);
  EXPECT_EQ(item(m, "clone", "connector", "noop"), 0);
  EXPECT_EQ(m.at("sdemig_writes_total{command=clone}"), 0);
  EXPECT_FALSE(m.contains("sdemig_items_total{command=clone,kind=connector,outcome=created}"));
  EXPECT_EQ(target.server.stats().writes_applied, 0u);
}

TEST(metrics, a_clone_to_a_target_that_refuses_every_write_says_exit_1_and_why) {
  // A 4.x instance allows no write on analysis connectors (405).
  sim::server_config current = sim_config(source_token);
  current.routing.api = api_generation::current;
  sim_instance source(current, 0, 12);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r = env.sdemig(concat({"clone", "--kind", "analysis", "--metrics-file", env.path("m.prom"),
                              "--report", env.path("r.json")},
                             env.both(source, target)));
  ASSERT_EQ(r.code, 1) << r.err;
  const metrics m = read_metrics(env.path("m.prom"));
  expect_run(m, "clone", 1, false);
  EXPECT_EQ(item(m, "clone", "connector", "refused"), 12);
  EXPECT_EQ(item(m, "clone", "connector", "created"), 0);
  EXPECT_EQ(m.at("sdemig_errors_total{class=refused,command=clone}"), 12);
  EXPECT_EQ(m.at("sdemig_writes_total{command=clone}"), 12);
  EXPECT_EQ(target.server.stats().writes_applied, 0u);
}

TEST(metrics, a_clone_whose_source_cannot_be_read_still_leaves_its_file) {
  sim_instance source(sim_config("another-token-Xy77"), 5, 0);  // refuses source.token
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r =
      env.sdemig(concat({"clone", "--metrics-file", env.path("m.prom")}, env.both(source, target)));
  ASSERT_EQ(r.code, 1) << r.err;
  const metrics m = read_metrics(env.path("m.prom"));
  expect_run(m, "clone", 1, false);
  EXPECT_EQ(item(m, "clone", "connector", "created"), 0);
  // The read ran (and failed): its time is there; writing was never reached.
  EXPECT_GT(m.at("sdemig_phase_duration_seconds{command=clone,phase=read}"), 0);
  EXPECT_EQ(m.at("sdemig_phase_duration_seconds{command=clone,phase=write}"), 0);
}

TEST(metrics, a_ctrl_c_clone_writes_the_file_after_its_writes_in_flight) {
  sim_instance source(sim_config(source_token), 400, 0);
  sim::server_config slow = sim_config(target_token);
  slow.faults.latency_ms = 40;
  sim_instance target(slow, 0, 0);
  cli_env env;
  child_process run(concat({program_under_test(), "clone", "--kind", "alm", "--concurrency", "4",
                            "--metrics-file", env.path("m.prom")},
                           env.both(source, target)));
  const bool writing = wait_until([&] { return target.store.size(connector_kind::alm) >= 20; });
  run.signal(SIGINT);
  ASSERT_TRUE(writing) << "no 20 writes landed";
  ASSERT_EQ(run.wait(), 1) << run.stderr_text();
  const metrics m = read_metrics(env.path("m.prom"));
  expect_run(m, "clone", 1, true);
  const double stored = static_cast<double>(target.store.size(connector_kind::alm));
  EXPECT_EQ(item(m, "clone", "connector", "created"), stored);
  EXPECT_GT(item(m, "clone", "connector", "not_started"), 0);
  EXPECT_EQ(item(m, "clone", "connector", "created") + item(m, "clone", "connector", "not_started"),
            400);
  EXPECT_EQ(m.at("sdemig_errors_total{class=not_started,command=clone}"),
            item(m, "clone", "connector", "not_started"));
}

TEST(metrics, export_and_verify_count_their_connectors) {
  sim_instance source(sim_config(source_token), 7, 3);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto e = env.sdemig(
      concat({"export", "--out", env.path("all.json"), "--metrics-file", env.path("e.prom")},
             env.from(source)));
  ASSERT_EQ(e.code, 0) << e.err;
  const metrics em = read_metrics(env.path("e.prom"));
  expect_run(em, "export", 0, false);
  EXPECT_EQ(item(em, "export", "connector", "exported"), 10);

  auto v = env.sdemig(concat({"verify", "--kind", "alm", "--metrics-file", env.path("v.prom")},
                             env.both(source, target)));
  ASSERT_EQ(v.code, 1) << v.err;  // the target holds none of them yet
  const metrics vm = read_metrics(env.path("v.prom"));
  expect_run(vm, "verify", 1, false);
  EXPECT_EQ(item(vm, "verify", "connector", "only_in_source"), 7);
  EXPECT_EQ(item(vm, "verify", "connector", "equal"), 0);
  ASSERT_EQ(env.sdemig(concat({"clone", "--kind", "alm"}, env.both(source, target))).code, 0);
  ASSERT_EQ(env.sdemig(concat({"verify", "--kind", "alm", "--metrics-file", env.path("v.prom")},
                              env.both(source, target)))
                .code,
            0);
  const metrics equal = read_metrics(env.path("v.prom"));
  expect_run(equal, "verify", 0, false);
  EXPECT_EQ(item(equal, "verify", "connector", "equal"), 7);
  EXPECT_EQ(item(equal, "verify", "connector", "only_in_source"), 0);
}

TEST(metrics, bench_writes_rates_quantiles_and_each_threshold_exit_4) {
  sim_instance sim(sim_config(source_token), 20, 0);
  cli_env env;
  auto r = env.sdemig({"bench", "--url", sim.url(), "--token-file", env.path("source.token"), "-n",
                       "300", "-c", "4", "--threshold", "p99<10s", "--threshold", "rps>100000000",
                       "--metrics-file", env.path("b.prom")});
  ASSERT_EQ(r.code, 4) << r.err;
  const metrics m = read_metrics(env.path("b.prom"));
  expect_run(m, "bench", 4, false);
  EXPECT_EQ(m.at("sdemig_bench_threshold_held{command=bench,threshold=p99<10s}"), 1);
  EXPECT_EQ(m.at("sdemig_bench_threshold_held{command=bench,threshold=rps>100000000}"), 0);
  EXPECT_EQ(m.at("sdemig_bench_answers_total{answer=ok,command=bench}"), 300);
  EXPECT_GT(m.at("sdemig_bench_requests_per_second{command=bench,op=get}"), 0);
  const auto q = [&](const char* at) {
    return m.at(std::string("sdemig_bench_latency_seconds{command=bench,op=get,quantile=") + at +
                "}");
  };
  EXPECT_GT(q("0.5"), 0);
  EXPECT_LE(q("0.5"), q("0.99"));
  EXPECT_LE(q("0.99"), q("1"));
  EXPECT_LT(q("1"), 10);
}

TEST(metrics, a_usage_error_after_the_flag_is_exit_2_in_the_file_too) {
  sim_instance source(sim_config(source_token), 3, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  // A job file that is not there: found by the engine.
  auto r = env.sdemig(
      concat({"clone", "--job", env.path("missing.json"), "--metrics-file", env.path("m.prom")},
             env.both(source, target)));
  ASSERT_EQ(r.code, 2) << r.err;
  metrics m = read_metrics(env.path("m.prom"));
  expect_run(m, "clone", 2, false);
  EXPECT_FALSE(m.contains("sdemig_items_total{command=clone,kind=connector,outcome=created}"));
  // A token file that is not there: found by the program before the engine.
  auto t = env.sdemig({"export", "--from", source.url(), "--from-token-file",
                       env.path("nope.token"), "--metrics-file", env.path("e.prom")});
  ASSERT_EQ(t.code, 2) << t.err;
  expect_run(read_metrics(env.path("e.prom")), "export", 2, false);
  EXPECT_EQ(source.server.stats().requests + target.server.stats().requests, 0u);
}

TEST(metrics, a_bad_metrics_path_is_exit_2_with_nothing_sent) {
  sim_instance source(sim_config(source_token), 3, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  for (const std::string& path :
       std::vector<std::string>{env.path("no/such/folder/m.prom"), env.path(""), "-"}) {
    auto r = env.sdemig(concat({"clone", "--metrics-file", path}, env.both(source, target)));
    EXPECT_EQ(r.code, 2) << path;
    EXPECT_THAT(r.err, HasSubstr("--metrics-file")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_EQ(source.server.stats().requests + target.server.stats().requests, 0u);
  EXPECT_EQ(target.store.size(connector_kind::alm), 0u);
}

TEST(metrics, a_restore_and_an_apply_count_their_deletes_and_writes) {
  sim_instance source(sim_config(source_token), 12, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const std::string saved = env.path("p.json"), backup = env.path("b.json");
  ASSERT_EQ(
      env.sdemig(concat({"plan", "--kind", "alm", "--out", saved}, env.both(source, target))).code,
      0);
  auto r = env.sdemig(
      concat({"apply", saved, "--backup", backup, "--metrics-file", env.path("apply.prom")},
             env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err;
  metrics m = read_metrics(env.path("apply.prom"));
  expect_run(m, "apply", 0, false);
  EXPECT_EQ(item(m, "apply", "connector", "created"), 12);
  EXPECT_EQ(m["sdemig_writes_total{command=apply}"], 12);
  r = env.sdemig(concat({"restore", "--backup", backup, "--metrics-file", env.path("r.prom")},
                        env.to(target)));
  ASSERT_EQ(r.code, 0) << r.err;
  m = read_metrics(env.path("r.prom"));
  expect_run(m, "restore", 0, false);
  EXPECT_EQ(item(m, "restore", "connector", "deleted"), 12);
  EXPECT_EQ(m["sdemig_writes_total{command=restore}"], 12);
  EXPECT_EQ(target.store.size(connector_kind::alm), 0u);
}

}  // namespace
}  // namespace sdemig::test
