// Broken export files, each run through `sdemig import --connections`:
// what is missing or unreadable is never taken as known. Every file of
// corpus/readers/ but the good ones is refused with exit 2 and one line
// naming the file, the place and the problem, before anything is sent (the
// target answers no request, so gets no write) and before any output is
// opened (no report, no journal). The good ones import whole.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "cli_fixture.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

const std::string corpus = std::string(SDEMIG_HOSTILE_CORPUS) + "/readers/";

// A target holding the project the corpus's connection names
// ("Business Unit 001/Application 0001/Project 00001"), no connectors.
struct target_with_projects {
  sim_instance sim{sim_config(target_token), 0, 0};
  target_with_projects() { sim::seed_projects(sim.store, 1, false, 0, 0, sim.api); }
};

struct refused_file {
  const char* file;
  const char* problem;  // after "sdemig: FILE: "
};

const refused_file refused[] = {
    // A connection's member breaking a rule (once read as "no connections").
    {"connection-param-out-of-range.json",
     "connections[0].params.alm_project: number 1E400 is out of range"},
    {"connections-not-a-list.json", "connections: expected array, got string"},
    {"connection-not-an-object.json", "connections[0]: expected object, got number"},
    {"connection-key-twice.json", "connections[0].alias: duplicate key \"alias\""},
    {"connection-param-twice.json",
     "connections[0].params.alm_project: duplicate key \"alm_project\""},
    {"connection-source-id-text.json", "connections[0].source_id: expected an integer id"},
    {"ndjson-connection-param-out-of-range.ndjson",
     "line 2.params.alm_project: number 1E400 is out of range"},
    {"ndjson-connection-key-twice.ndjson", "line 2.alias: duplicate key \"alias\""},
    {"ndjson-connection-truncated.ndjson", "line 2: truncated JSON"},
    // Any other member (once accepted, the last of two keys winning).
    {"api-twice.json", "api: duplicate key \"api\""},
    {"connector-unknown-out-of-range.json", "alm[0].custom: number 1E400 is out of range"},
    {"connector-unknown-twice.json", "alm[0].custom: duplicate key \"custom\""},
    {"ndjson-api-disagrees.ndjson",
     "line 2.api: \"current\", where line 1 has \"legacy\": an export holds one API"},
};

TEST(hostile_readers, every_broken_export_is_refused_naming_file_place_and_problem) {
  cli_env env;
  for (const refused_file& c : refused) {
    std::filesystem::remove(env.path("r.json"));
    std::filesystem::remove(env.path("j.ndjson"));
    target_with_projects target;
    const std::string file = corpus + c.file;
    auto r = env.sdemig(concat({"import", "--connections", "--file", file, "--report",
                                env.path("r.json"), "--journal", env.path("j.ndjson")},
                               env.to(target.sim)));
    EXPECT_EQ(r.code, 2) << c.file << ": " << r.out << r.err;
    EXPECT_EQ(r.err, "sdemig: " + file + ": " + c.problem + "\n") << c.file;
    EXPECT_EQ(r.out, "") << c.file;
    EXPECT_EQ(target.sim.server.stats().requests, 0u) << c.file << ": a request was sent";
    EXPECT_EQ(target.sim.server.stats().writes_applied, 0u) << c.file;
    EXPECT_FALSE(std::filesystem::exists(env.path("r.json"))) << c.file;
    EXPECT_FALSE(std::filesystem::exists(env.path("j.ndjson"))) << c.file;
  }
}

// Without --connections the file is read by the same reader: its
// connections are checked though not imported.
TEST(hostile_readers, a_broken_connection_is_refused_without_connections_too) {
  cli_env env;
  target_with_projects target;
  const std::string file = corpus + "connection-param-out-of-range.json";
  auto r = env.sdemig(concat({"import", "--file", file}, env.to(target.sim)));
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err, "sdemig: " + file +
                       ": connections[0].params.alm_project: number 1E400 is out of range\n");
  EXPECT_EQ(target.sim.server.stats().requests, 0u);
}

// The corpus is broken only where each file says: its good files import
// whole, the connector and its connection, from a path or standard input.
TEST(hostile_readers, the_good_files_import_whole) {
  cli_env env;
  for (const char* name : {"good.json", "good.ndjson"}) {
    for (const bool from_stdin : {false, true}) {
      target_with_projects target;
      const std::string file = corpus + name;
      auto r =
          from_stdin
              ? env.shell("$SDEMIG import --connections --file - " +
                          shell_words(env.to(target.sim)) + " < " + file)
              : env.sdemig(concat({"import", "--connections", "--file", file}, env.to(target.sim)));
      EXPECT_EQ(r.code, 0) << name << ": " << r.err;
      EXPECT_THAT(r.out, HasSubstr("import: 1 created")) << name;
      EXPECT_THAT(r.out, HasSubstr("connections: 1 created")) << name;
      EXPECT_EQ(target.sim.store.size(connector_kind::alm), 1u) << name;
    }
  }
}

// A 30-digit integer is JSON a double holds: read as the connectors' params
// are (kept as written), so the connection is planned, not dropped.
TEST(hostile_readers, a_big_integer_param_is_read_as_a_connectors_is) {
  cli_env env;
  target_with_projects target;
  auto r = env.sdemig(concat({"import", "--dry-run", "--connections", "--file",
                              corpus + "connection-param-30-digits.json"},
                             env.to(target.sim)));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("connections: 1 to create")) << r.out;
}

}  // namespace
}  // namespace sdemig::test
