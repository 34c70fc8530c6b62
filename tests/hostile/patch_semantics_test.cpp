// Whether SDE merges or replaces a connector's `params` on PATCH is not
// documented, and a Django REST Framework JSON field replaces it whole.
// sdemig sends every value it knows and relies on a merge only once a
// PATCH's answer showed one (issue 32, A5), against sde-sim playing both
// kinds of server (--patch-replaces-params).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "io/json/json_writer.hpp"
#include "sim/seed.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

constexpr std::size_t count = 20;

// The seeded connectors, with alm_server moved on the source so that each
// is an update, and a param only the target holds.
struct pair_of_instances {
  sim_instance source, target;
  pair_of_instances(bool target_replaces, bool target_masks)
      : source(sim_config(source_token), count, 0, /*mask_secrets=*/true),
        target(config(target_replaces), count, 0, target_masks) {
    std::string ignored;
    for (const connector& c : source.store.snapshot(connector_kind::alm)) {
      source.store.modify(
          connector_kind::alm, *c.id,
          [](connector& edit) { edit.set_param("alm_server", scalar::string("moved.example")); },
          ignored);
    }
    for (const connector& c : target.store.snapshot(connector_kind::alm)) {
      target.store.modify(
          connector_kind::alm, *c.id,
          [](connector& edit) { edit.set_param("only_here", scalar::string("keep-me")); }, ignored);
    }
  }
  static sim::server_config config(bool replaces) {
    sim::server_config c = sim_config(target_token);
    c.routing.patch_replaces_params = replaces;
    return c;
  }
};

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Every secret param of every seeded connector, as the target stores it now.
std::size_t secrets_held(const sim_instance& sim) {
  std::size_t n = 0;
  for (const connector& c : sim.store.snapshot(connector_kind::alm)) {
    for (const param& p : c.params.value_or(std::vector<param>{}))
      n += is_secret_param(p.key) && p.value.type == json_type::string && !p.value.text.empty();
  }
  return n;
}

TEST(patch_semantics, a_replacing_target_that_shows_secrets_keeps_every_value) {
  pair_of_instances i(/*target_replaces=*/true, /*target_masks=*/false);
  const std::size_t secrets = secrets_held(i.target);
  ASSERT_GT(secrets, 0u);
  cli_env env;
  const auto both = env.both(i.source, i.target);
  auto r = env.sdemig(concat({"clone", "--patch", "--report", env.path("r.json")}, both));
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_EQ(secrets_held(i.target), secrets);
  for (const connector& c : i.target.store.snapshot(connector_kind::alm)) {
    EXPECT_EQ(c.find_param("alm_server")->text, "moved.example");
    ASSERT_NE(c.find_param("only_here"), nullptr) << c.name;
    EXPECT_NE(c.find_param("alm_pass") ? c.find_param("alm_pass")->text : "", "********");
  }
  auto again = env.sdemig(concat({"clone", "--patch"}, both));
  EXPECT_THAT(again.out, HasSubstr("; 0 writes in")) << again.out;
}

TEST(patch_semantics, a_replacing_target_that_masks_loses_one_secret_then_nothing_more) {
  pair_of_instances i(/*target_replaces=*/true, /*target_masks=*/true);
  const std::vector<connector> before = i.target.store.snapshot(connector_kind::alm);
  cli_env env;
  const auto both = env.both(i.source, i.target);
  auto plan = env.sdemig(concat({"plan", "--patch"}, both));
  EXPECT_THAT(plan.out, HasSubstr("left out (a secret neither side shows): kept only if the "
                                  "target merges params on PATCH"))
      << plan.out;
  auto r = env.sdemig(concat({"clone", "--patch", "--report", env.path("r.json")}, both));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("replaces a connector's params on PATCH")) << r.err;
  const std::string report = files::read_file(env.path("r.json"));
  EXPECT_THAT(report, HasSubstr("\"patch_params\":\"replaced\""));
  EXPECT_EQ(occurrences(report, "\"outcome\":\"secret_lost\""), 1u) << report;
  EXPECT_EQ(occurrences(report, "\"outcome\":\"needs_secret\""), count - 1);
  EXPECT_EQ(i.target.server.stats().writes_applied, 1u);
  // Every other connector is as it was, its secret with it.
  const std::vector<connector> after = i.target.store.snapshot(connector_kind::alm);
  std::size_t same = 0;
  for (std::size_t k = 0; k < after.size(); ++k) same += after[k] == before[k];
  EXPECT_EQ(same, count - 1);
  // The secrets given: every connector lands, with the source's values.
  json::writer w;
  w.begin_object();
  for (const connector& c : i.source.store.snapshot(connector_kind::alm)) {
    w.key(c.name);
    w.begin_object();
    for (const param& p : *c.params) {  // the schema's secrets too (servicenow_client_secret)
      if (looks_secret(p.key)) w.member(p.key, p.value.text);
    }
    w.end_object();
  }
  w.end_object();
  const std::string secrets = env.write_file("secrets.json", w.take());
  auto fixed = env.sdemig(concat({"clone", "--patch", "--secrets", secrets}, both));
  EXPECT_EQ(fixed.code, 0) << fixed.err;
  const std::vector<connector> source = i.source.store.snapshot(connector_kind::alm);
  for (const connector& c : i.target.store.snapshot(connector_kind::alm)) {
    const auto from = std::find_if(source.begin(), source.end(),
                                   [&](const connector& s) { return s.name == c.name; });
    ASSERT_NE(from, source.end());
    for (const param& p : *from->params) {
      if (looks_secret(p.key)) {
        EXPECT_EQ(c.find_param(p.key)->text, p.value.text) << c.name;
      }
    }
  }
}

TEST(patch_semantics, a_merging_target_that_masks_keeps_what_is_left_out_and_says_so) {
  pair_of_instances i(/*target_replaces=*/false, /*target_masks=*/true);
  const std::size_t secrets = secrets_held(i.target);
  cli_env env;
  auto r = env.sdemig(
      concat({"clone", "--patch", "--report", env.path("r.json")}, env.both(i.source, i.target)));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(files::read_file(env.path("r.json")), HasSubstr("\"patch_params\":\"kept\""));
  EXPECT_EQ(secrets_held(i.target), secrets);
  EXPECT_EQ(i.target.server.stats().writes_applied, count);
}

// A connection's params are one field a write replaces whole (sde-sim, like
// DRF): a project-scope param only the target's connection has is sent with
// the value it shows, so an update keeps it.
TEST(patch_semantics, a_connection_update_keeps_what_only_the_target_connection_has) {
  sim_instance source(sim_config(source_token), 10, 0);
  sim::seed_projects(source.store, 12, true, 10, 0, source.api);
  sim_instance target(sim_config(target_token), 0, 0);
  sim::seed_projects(target.store, 12, false, 0, 0, target.api);
  cli_env env;
  const auto both = concat({"--connections"}, env.both(source, target));
  ASSERT_EQ(env.sdemig(concat({"clone"}, both)).code, 0);
  // Project 1's connection (its tracker project PRJ-1 on both sides: the
  // target's ids follow the order its writes landed in): the source has no
  // parent issue; the target gets one.
  const auto first = [](sim_instance& sim) {
    for (const connection& c : sim.store.projects().connections(connector_kind::alm, std::nullopt))
      if (c.find_param("alm_project")->text == "PRJ-1") return c;
    ADD_FAILURE() << "no connection of PRJ-1";
    return connection{};
  };
  ASSERT_EQ(first(source).find_param("alm_parent_issue"), nullptr);
  connection stored;
  target.store.projects().modify(
      connector_kind::alm, *first(target).id,
      [](connection& c) {
        c.params->push_back({"alm_parent_issue", scalar::string("KEEP-1")});
      },
      stored);
  source.store.projects().modify(
      connector_kind::alm, *first(source).id, [](connection& c) { c.frequency = "monthly"; },
      stored);
  auto plan = env.sdemig(concat({"plan"}, both));
  EXPECT_THAT(plan.out, HasSubstr("= params.alm_parent_issue: kept (only on the target"))
      << plan.out;
  ASSERT_EQ(env.sdemig(concat({"clone"}, both)).code, 0);
  const connection after = first(target);
  EXPECT_EQ(after.frequency, "monthly");
  ASSERT_NE(after.find_param("alm_parent_issue"), nullptr) << "the target's own param was erased";
  EXPECT_EQ(after.find_param("alm_parent_issue")->text, "KEEP-1");
  EXPECT_THAT(env.sdemig(concat({"clone"}, both)).out,
              HasSubstr("connections: 0 created, 0 updated"));
}

}  // namespace
}  // namespace sdemig::test
