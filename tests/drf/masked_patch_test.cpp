// PATCH with secrets masked (issue 32, item 5), against a real Django REST
// Framework server, whose connector `params` is a JSONField a PATCH replaces
// whole, and against sde-sim, which merges the params a PATCH sends. Every
// connector differs from the source in a non-secret param (its title
// format), so each clone updates all of them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>

#include "io/files/read_file.hpp"
#include "io/json/json_writer.hpp"
#include "sim/seed.hpp"
#include "target_instance.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

constexpr std::size_t connectors = 20;

connector source_connector(std::size_t n) {
  return sim::seeded_connector(connector_kind::alm, n, api_generation::current);
}

std::string target_only_value(std::size_t n) {
  return "target-only-" + std::to_string(n);
}

// The target's copy of source connector n: the same name and secrets, an
// older title format and a param only the target has.
connector target_copy(std::size_t n) {
  connector c = source_connector(n);
  c.set_param("title_format", scalar::string("[old] $task_id $title"));
  c.set_param("sde_tags_filter", scalar::string(target_only_value(n)));
  return c;
}

// The target holds every source connector's params (its secrets included)
// and its own param: "" when it does, else what is missing or wrong.
std::string what_the_target_lost(const target_instance& target) {
  const std::vector<connector> held = target.stored(connector_kind::alm);
  std::string lost;
  std::size_t secrets = 0, kept = 0;
  for (std::size_t n = 1; n <= connectors; ++n) {
    const connector want = source_connector(n);
    auto it = std::find_if(held.begin(), held.end(),
                           [&](const connector& c) { return c.name == want.name; });
    if (it == held.end()) {
      lost += want.name + ": not on the target\n";
      continue;
    }
    for (const param& p : *want.params) {
      const scalar* value = it->find_param(p.key);
      const bool secret = is_secret(p) || p.secret;
      secrets += secret;
      if (value && *value == p.value) {
        kept += secret;
      } else {
        lost += want.name + ": " + p.key + (value ? " differs" : " is gone") + "\n";
      }
    }
    const scalar* own = it->find_param("sde_tags_filter");
    if (!own || own->text != target_only_value(n)) lost += want.name + ": its own param is gone\n";
  }
  if (lost.empty()) return {};
  return std::to_string(kept) + " of " + std::to_string(secrets) + " secrets kept\n" + lost;
}

// Each connector's outcome in a --report file, by name. Item 5 names the
// new outcome's member "status" ("status": "secret_lost"); the others are
// under "outcome".
std::map<std::string, std::string> report_outcomes(const std::string& report) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(simdjson::padded_string(report)).get(doc)) return {};
  std::map<std::string, std::string> out;
  simdjson::dom::array entries;
  if (doc["connectors"].get(entries)) return {};
  for (simdjson::dom::element entry : entries) {
    std::string_view name, outcome;
    if (entry["name"].get(name)) continue;
    if (entry["status"].get(outcome) && entry["outcome"].get(outcome)) continue;
    out[std::string(name)] = std::string(outcome);
  }
  return out;
}

std::size_t count_of(const std::map<std::string, std::string>& outcomes, std::string_view what) {
  return std::count_if(outcomes.begin(), outcomes.end(),
                       [&](const auto& entry) { return entry.second == what; });
}

// Every source connector's secrets, as a --secrets file gives them.
std::string secrets_file() {
  json::writer w;
  w.begin_object();
  for (std::size_t n = 1; n <= connectors; ++n) {
    const connector c = source_connector(n);
    w.key(c.name);
    w.begin_object();
    for (const param& p : *c.params) {
      if (is_secret(p) || p.secret) w.member(p.key, p.value.text);
    }
    w.end_object();
  }
  w.end_object();
  return w.take();
}

class masked_patch : public testing::TestWithParam<target_type> {
 protected:
  // The target, holding its copy of every source connector.
  std::unique_ptr<target_instance> make_target(bool mask_secrets) {
    auto target = std::make_unique<target_instance>(GetParam(), mask_secrets);
    for (std::size_t n = 1; n <= connectors; ++n) target->add(connector_kind::alm, target_copy(n));
    return target;
  }

  sim_instance source_{current_sim_config(source_token), connectors, 0, /*mask_secrets=*/true};
  cli_env env_;
};

// (a): what the target shows in clear is sent back, whatever PATCH does.
TEST_P(masked_patch, secrets_the_target_shows_and_its_own_params_survive) {
  auto target = make_target(/*mask_secrets=*/false);
  const auto both = concat(env_.from(source_), target->to(env_));
  auto r = env_.sdemig(concat({"clone", "--kind", "alm", "--patch"}, both));
  EXPECT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_THAT(r.out, HasSubstr(std::to_string(connectors) + " updated")) << r.out;
  EXPECT_EQ(what_the_target_lost(*target), "");
  auto again = env_.sdemig(concat({"clone", "--kind", "alm", "--patch"}, both));
  EXPECT_EQ(again.code, 0) << again.err << again.out;
  EXPECT_THAT(again.out, HasSubstr("; 0 writes in")) << again.out;
}

// (b): a secret both sides mask can only be kept by leaving it out; the
// first such PATCH's answer shows whether the target merges. One that
// replaces loses that connector's secret (reported), and no other PATCH
// leaves a secret out; the secrets file then completes the clone.
TEST_P(masked_patch, a_secret_both_sides_mask_is_lost_once_at_most_then_supplied) {
  auto target = make_target(/*mask_secrets=*/true);
  const auto both = concat(env_.from(source_), target->to(env_));
  auto r = env_.sdemig(
      concat({"clone", "--kind", "alm", "--patch", "--report", env_.path("r.json")}, both));
  const auto outcomes = report_outcomes(files::read_file(env_.path("r.json")));
  EXPECT_EQ(outcomes.size(), connectors);
  if (target->patch_replaces_params()) {
    EXPECT_EQ(r.code, 1) << r.err << r.out;
    EXPECT_EQ(count_of(outcomes, "secret_lost"), 1u) << r.err;
    EXPECT_EQ(count_of(outcomes, "needs_secret"), connectors - 1) << r.err;
  } else {
    EXPECT_EQ(r.code, 0) << r.err << r.out;
    EXPECT_EQ(what_the_target_lost(*target), "");
  }
  const std::string secrets = env_.write_file("secrets.json", secrets_file());
  auto fixed =
      env_.sdemig(concat({"clone", "--kind", "alm", "--patch", "--secrets", secrets}, both));
  EXPECT_EQ(fixed.code, 0) << fixed.err << fixed.out;
  EXPECT_EQ(what_the_target_lost(*target), "");
}

INSTANTIATE_TEST_SUITE_P(targets, masked_patch,
                         testing::Values(target_type::drf, target_type::sde_sim),
                         [](const auto& info) { return to_string(info.param); });

}  // namespace
}  // namespace sdemig::test
