// Where sdemig writes (issue: safety, items 1, 2, 3 and 5): devices, FIFOs,
// pipes and links are never replaced; a bad output path is exit 2 before
// any request; a failed write to stdout is exit 1 with one line; files get
// the umask's mode and never a wider one; a killed export leaves nothing; a
// journal is not created or changed before its first line.
// Device nodes, FIFOs and links are made in the test's own folder.

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <thread>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "support/test_pki.hpp"
#include "support/wait_until.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode;
}

std::vector<std::string> export_args(const cli_env& env, const sim_instance& source,
                                     std::vector<std::string> extra) {
  return concat(concat({"export"}, env.from(source)), extra);
}

TEST(output_safety, devices_fifos_pipes_and_links_are_written_in_place) {
  sim_instance source(sim_config(source_token), 3, 1);
  cli_env env;
  // A character device (the null device's numbers) made in our own folder.
  const std::string null_node = env.path("null");
  ASSERT_EQ(::mknod(null_node.c_str(), S_IFCHR | 0666, makedev(1, 3)), 0) << "needs root";
  auto r = env.sdemig(export_args(env, source, {"--out", null_node}));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(S_ISCHR(mode_of(null_node))) << "the device node was replaced by a file";

  // A FIFO with a reader.
  const std::string fifo = env.path("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  r = env.sdemig(export_args(env, source, {"--out", fifo}));
  EXPECT_EQ(r.code, 0) << r.err;
  char buf[64] = {};
  EXPECT_GT(::read(reader, buf, sizeof buf - 1), 0);
  EXPECT_TRUE(std::string(buf).starts_with("{\"format\":\"sdemig-export/1\"")) << buf;
  ::close(reader);
  EXPECT_TRUE(S_ISFIFO(mode_of(fifo)));

  // The shell's >(...): a /dev/fd/N pipe.
  r = env.shell("$SDEMIG " + shell_words(export_args(env, source, {})) + " --out >(gzip > " +
                shell_words({env.path("e.json.gz")}) + "); code=$?; wait $!; exit $code");
  EXPECT_EQ(r.code, 0) << r.err;
  r = env.shell("gzip -dc " + shell_words({env.path("e.json.gz")}));
  EXPECT_TRUE(r.out.starts_with("{\"format\":\"sdemig-export/1\"")) << r.out.substr(0, 80);

  // A symlink: followed, its target replaced, the link kept.
  std::filesystem::create_directory(env.path("real"));
  std::filesystem::create_symlink("real/export.json", env.path("link.json"));
  r = env.sdemig(export_args(env, source, {"--out", env.path("link.json")}));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::is_symlink(env.path("link.json")));
  EXPECT_TRUE(files::read_file(env.path("real/export.json")).starts_with("{\"format\""));
}

TEST(output_safety, a_bad_output_path_is_exit_2_before_any_request_for_out_report_and_journal) {
  sim_instance source(sim_config(source_token), 3, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  std::filesystem::create_directory(env.path("folder"));
  env.write_file("plain", "x");
  struct row {
    std::string flag;
    std::string path;
    std::string message;
  };
  const std::string dir = env.path("");
  const row rows[] = {
      {"--out", dir + "folder", "sdemig: --out " + dir + "folder: is a folder, not a file"},
      {"--out", dir + "missing/e.json",
       "sdemig: --out " + dir + "missing/e.json: the folder " + dir + "missing does not exist"},
      {"--report", dir + "folder", "sdemig: --report " + dir + "folder: is a folder, not a file"},
      {"--report", dir + "plain/r.json",
       "sdemig: --report " + dir + "plain/r.json: the folder " + dir + "plain does not exist"},
      {"--journal", dir + "folder", "sdemig: --journal " + dir + "folder: is a folder, not a file"},
      {"--journal", dir + "missing/j.ndjson",
       "sdemig: --journal: cannot open " + dir + "missing/j.ndjson: No such file or directory"},
  };
  for (const row& c : rows) {
    const auto args =
        c.flag == "--out"
            ? export_args(env, source, {"--out", c.path})
            : concat(concat({"clone", c.flag, c.path}, env.from(source)), env.to(target));
    auto r = env.sdemig(args);
    EXPECT_EQ(r.code, 2) << c.flag << " " << c.path << ": " << r.err;
    EXPECT_EQ(r.err, c.message + "\n");
  }
  EXPECT_EQ(source.server.stats().requests + target.server.stats().requests, 0u);
  EXPECT_EQ(target.store.size(connector_kind::alm), 0u);
}

// An output naming the same file as another path flag (an input it would
// destroy, another output) or an empty path is exit 2 before any request,
// and the file is left as it was: links and symlinks are seen through.
TEST(output_safety, an_output_on_another_flags_file_is_exit_2_and_touches_nothing) {
  sim_instance source(sim_config(source_token), 3, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const std::string kept = env.write_file("kept.json", "{\"keep\": true}\n");
  ::link(kept.c_str(), env.path("hard.json").c_str());
  std::filesystem::create_symlink(kept, env.path("soft.json"));
  const std::string token = env.path("target.token");
  const std::string token_before = files::read_file(token);
  struct row {
    std::vector<std::string> args;
    std::string message;
  };
  const auto clone = [&](std::vector<std::string> extra) {
    return concat(concat(concat({"clone"}, env.from(source)), env.to(target)), extra);
  };
  const row rows[] = {
      {export_args(env, source, {"--out", kept, "--metrics-file", env.path("hard.json")}),
       "--out " + kept + " is the same file as --metrics-file " + env.path("hard.json")},
      {clone({"--report", kept, "--journal", env.path("soft.json")}),
       "--journal " + env.path("soft.json") + " is the same file as --report " + kept},
      {clone({"--metrics-file", token}),
       "--metrics-file " + token + " is the same file as --to-token-file " + token},
      {clone({"--job", kept, "--html", env.path("soft.json")}),
       "--html " + env.path("soft.json") + " is the same file as --job " + kept},
      {clone({"--metrics-file", ""}), "--metrics-file: an empty path"},
      {clone({"--report", ""}), "--report: an empty path"},
  };
  for (const row& c : rows) {
    auto r = env.sdemig(c.args);
    EXPECT_EQ(r.code, 2) << c.message << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("sdemig: " + c.message)) << r.err;
  }
  EXPECT_EQ(files::read_file(kept), "{\"keep\": true}\n");
  EXPECT_EQ(files::read_file(token), token_before);
  EXPECT_EQ(source.server.stats().requests + target.server.stats().requests, 0u);
}

TEST(output_safety, an_unwritable_folder_is_exit_2_before_any_request) {
  sim_instance source(sim_config(source_token), 3, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  ASSERT_EQ(::chmod(env.path("").c_str(), 0755), 0);
  std::filesystem::create_directory(env.path("ro"));
  ASSERT_EQ(::chmod(env.path("ro").c_str(), 0555), 0);
  // As root every folder is writable: run as nobody (tokens from the environment).
  const std::string as_user =
      ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  const std::string tokens =
      "SDE_SOURCE_TOKEN=" + std::string(source_token) + " SDE_TARGET_TOKEN=" + target_token + " ";
  for (const std::string flag : {"--report", "--out"}) {
    const std::string path = env.path("ro/out.json");
    const std::string cmd = flag == "--out" ? "export --from " + source.url() + " --out " + path
                                            : "clone --from " + source.url() + " --to " +
                                                  target.url() + " --report " + path;
    auto r = env.shell(tokens + as_user + "$SDEMIG " + cmd);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_EQ(r.err, "sdemig: " + flag + " " + path + ": the folder " + env.path("ro") +
                         " is not writable (Permission denied)\n");
  }
  EXPECT_EQ(source.server.stats().requests + target.server.stats().requests, 0u);
}

TEST(output_safety, every_write_to_stdout_is_checked) {
  sim_instance source(sim_config(source_token, 100), 2000, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const std::string full = env.path("full");
  ASSERT_EQ(::mknod(full.c_str(), S_IFCHR | 0666, makedev(1, 7)), 0) << "needs root";
  const std::string both = shell_words(env.both(source, target));
  const std::string from = shell_words(env.from(source));
  struct row {
    std::string script;
    std::string reason;
  };
  const row rows[] = {
      {"$SDEMIG export " + from + " > " + full, "No space left on device"},
      {"$SDEMIG export " + from + " | head -c 100 > /dev/null; exit ${PIPESTATUS[0]}",
       "Broken pipe"},
      {"$SDEMIG plan --json " + both + " > " + full, "No space left on device"},
      {"$SDEMIG plan " + both + " > " + full, "No space left on device"},
      {"$SDEMIG verify --json " + both + " > " + full, "No space left on device"},
      {"$SDEMIG clone --dry-run " + both + " > " + full, "No space left on device"},
      {"$SDEMIG bench --json -n 5 -c 1 --url " + source.url() + " --token-file " +
           env.path("source.token") + " > " + full,
       "No space left on device"},
      {"$SDEMIG --version > " + full, "No space left on device"},
      {"$SDEMIG --help > " + full, "No space left on device"},
      {"$SDEMIG clone --help > " + full, "No space left on device"},
  };
  for (const row& c : rows) {
    auto r = env.shell(c.script);
    EXPECT_EQ(r.code, 1) << c.script << "\n" << r.err;
    EXPECT_EQ(r.err, "sdemig: cannot write to standard output: " + c.reason + "\n") << c.script;
  }
  EXPECT_EQ(target.store.size(connector_kind::alm), 0u);
  // sde-sim's --version and --help too.
  for (const char* flag : {"--version", "--help"}) {
    auto r = env.shell(shell_words({SDE_SIM_PATH, flag}) + " > " + full);
    EXPECT_EQ(r.code, 1) << flag;
    EXPECT_EQ(r.err, "sde-sim: cannot write to standard output: No space left on device\n");
  }
}

TEST(output_safety,
     files_honour_the_umask_secrets_are_0600_and_a_replaced_file_keeps_its_narrower_mode) {
  sim_instance source(sim_config(source_token), 3, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const std::string from = shell_words(env.from(source));
  auto run = [&](const std::string& script) {
    auto r = env.shell(script);
    EXPECT_EQ(r.code, 0) << script << "\n" << r.err;
  };
  run("umask 027; $SDEMIG export " + from + " --out " + env.path("a.json"));
  EXPECT_EQ(mode_of(env.path("a.json")) & 0777, 0640u);
  run("umask 002; $SDEMIG export " + from + " --out " + env.path("b.json"));
  EXPECT_EQ(mode_of(env.path("b.json")) & 0777, 0664u);
  run("umask 000; $SDEMIG export --include-secrets " + from + " --out " + env.path("s.json"));
  EXPECT_EQ(mode_of(env.path("s.json")) & 0777, 0600u);
  // Replacing an 0600 export (it held secrets) with one without keeps 0600.
  run("umask 022; $SDEMIG export " + from + " --out " + env.path("s.json"));
  EXPECT_EQ(mode_of(env.path("s.json")) & 0777, 0600u);
  // The report and journal follow the umask too.
  run("umask 077; $SDEMIG clone " + shell_words(env.both(source, target)) + " --report " +
      env.path("r.json") + " --journal " + env.path("j.ndjson"));
  EXPECT_EQ(mode_of(env.path("r.json")) & 0777, 0600u);
  EXPECT_EQ(mode_of(env.path("j.ndjson")) & 0777, 0600u);
}

// The disk fills up under the journal (a file-size limit stands in for it):
// the journal ends at its last whole line, no new write is sent, the run
// says why and exits 1; the next run repairs nothing and finishes the job.
TEST(output_safety, a_journal_that_cannot_be_written_stops_new_writes) {
  sim_instance source(sim_config(source_token), 200, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const std::string journal = env.path("j.ndjson");
  std::string earlier;
  while (earlier.size() < 1900) earlier += "{\"earlier\":\"run\"}\n";
  env.write_file("j.ndjson", earlier);
  const std::string both = shell_words(env.both(source, target));
  // bash's ulimit -f counts 1024-byte blocks: the journal may grow to 2048 bytes.
  auto r = env.shell("ulimit -f 2; $SDEMIG clone --kind alm --concurrency 4 --journal " + journal +
                     " " + both);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("sdemig: cannot write journal " + journal +
                               ": File too large: no new writes were sent\n"))
      << r.err;
  const std::string text = files::read_file(journal);
  EXPECT_TRUE(text.ends_with("}\n")) << text.substr(text.size() - 40);
  EXPECT_LE(text.size(), 2048u);
  const auto written = target.server.stats().writes_applied;
  EXPECT_LT(written, 20u) << "writes went on after the journal failed";
  // With room again, a rerun finishes the job.
  r = env.sdemig(
      concat({"clone", "--kind", "alm", "--journal", journal}, env.both(source, target)));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(target.store.size(connector_kind::alm), 200u);
}

// A run that fails before any write (the target's certificate is not
// trusted) leaves no journal, and an existing one as it was; the first line
// written creates it, or cuts the torn line an earlier crash left.
TEST(output_safety, the_journal_is_untouched_until_a_line_is_written) {
  const std::string pki_dir = make_temp_dir("sdemig-journal-tls");
  const test_pki pki = make_test_pki(pki_dir);
  sim::server_config https = sim_config(target_token);
  https.tls = sim::tls_files{pki.server_cert, pki.server_key};
  sim_instance target(std::move(https), 0, 0);
  sim_instance source(sim_config(source_token), 3, 0);
  cli_env env;
  const std::string journal = env.path("j.ndjson");
  const auto args = concat(concat({"clone", "--journal", journal}, env.from(source)),
                           {"--to", "https://127.0.0.1:" + std::to_string(target.port()),
                            "--to-token-file", env.path("target.token")});
  auto r = env.sdemig(args);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("certificate verification failed")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(journal)) << "a journal with no line";

  const std::string torn = "{\"earlier\":\"run\"}\n{\"earl";
  env.write_file("j.ndjson", torn);
  r = env.sdemig(args);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("sdemig: notice: journal " + journal +
                               ": an earlier run left an incomplete last line (6 bytes)"));
  EXPECT_EQ(files::read_file(journal), torn) << "changed by a run that wrote nothing";

  r = env.sdemig(concat(args, {"--to-ca-file", pki.ca_cert}));
  EXPECT_EQ(r.code, 0) << r.err;
  const std::string text = files::read_file(journal);
  EXPECT_TRUE(text.starts_with("{\"earlier\":\"run\"}\n{\"format\":\"sdemig-journal/1\",\"ts\":"))
      << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4) << text;
  remove_tree(pki_dir);
}

TEST(output_safety, a_killed_export_leaves_no_temporary_file) {
  sim::server_config slow = sim_config(source_token, 20);
  slow.faults.latency_ms = 100;  // 40 pages: several seconds
  sim_instance source(std::move(slow), 800, 0);
  cli_env env;
  std::filesystem::create_directory(env.path("out"));
  env.write_file("out/e.json", "earlier");
  child_process child(
      concat({program_under_test(), "export", "--page-size", "20", "--out", env.path("out/e.json")},
             env.from(source)));
  const bool reading = wait_until([&] { return source.server.stats().requests >= 5; });
  child.signal(SIGKILL);
  ASSERT_TRUE(reading) << "the export never read 5 pages";
  EXPECT_EQ(child.wait(), 128 + SIGKILL);
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(env.path("out")))
    names.push_back(e.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"e.json"});
  EXPECT_EQ(files::read_file(env.path("out/e.json")), "earlier");
}

}  // namespace
}  // namespace sdemig::test
