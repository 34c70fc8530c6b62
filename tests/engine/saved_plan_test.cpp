// A saved plan's writes made again at apply time, socket-free, as a table:
// what the plan saw of the target item / what the target holds now ->
// the action (create or update as saved, noop when already as planned,
// conflict "drifted" with what changed since the plan).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/connectors/connector_plan_file.hpp"
#include "engine/planning/fingerprint.hpp"
#include "fake_target.hpp"

namespace sdemig::engine {
namespace {

using namespace fake;

enum class seen { absent, as_planned_against, as_planned, changed, deleted };

struct drift_row {
  bool create;
  seen now;
  action expected;
  const char* detail;  // a drifted item's
};

TEST(saved_plan_drift, each_case_of_the_table) {
  const connector was = make("A", {{"alm_server", scalar::string("old")}}, 7);
  const connector body = make("A", {{"alm_server", scalar::string("new")}});
  const drift_row rows[] = {
      {true, seen::absent, action::create, ""},
      {true, seen::as_planned, action::noop, ""},  // a rerun, or a crash after the write
      {true, seen::changed, action::conflict, "taken"},
      {false, seen::as_planned_against, action::update, ""},
      {false, seen::as_planned, action::noop, ""},
      {false, seen::changed, action::conflict, "changed"},
      {false, seen::deleted, action::conflict, "deleted"},
  };
  for (const drift_row& r : rows) {
    json::plan_file_item item;
    item.type = "connector";
    item.action = r.create ? "create" : "update";
    item.method = "PATCH";
    item.source_name = "A";
    item.body_connector = body;
    if (!r.create) {
      item.target_id = 7;
      item.current_connector = without_secrets(was);
    }
    item.fingerprint = r.create ? std::string(absent_fingerprint) : fingerprint(was);
    inventory now;
    connector there = was;
    if (r.now == seen::as_planned) there = make("A", {{"alm_server", scalar::string("new")}}, 7);
    if (r.now == seen::changed) there = make("A", {{"alm_server", scalar::string("hand")}}, 7);
    if (r.now != seen::absent && r.now != seen::deleted) now.alm.push_back(there);
    connector_apply_input in;
    in.items = {&item};
    in.now = &now;
    in.use_patch = true;
    const plan p = plan_connector_writes(in);
    ASSERT_EQ(p.items.size(), 1u);
    const plan_item& got = p.items[0];
    EXPECT_EQ(got.what, r.expected) << "create " << r.create << " now " << static_cast<int>(r.now);
    EXPECT_EQ(got.detail, r.detail);
    if (r.expected == action::conflict) {
      EXPECT_EQ(got.why, reason::drifted);
    }
    if (!r.create && r.now == seen::changed) {
      ASSERT_EQ(got.changes.size(), 1u);
      EXPECT_EQ(got.changes[0].field, "params.alm_server");
      EXPECT_EQ(got.changes[0].from->text, "old");  // as the plan saw it
      EXPECT_EQ(got.changes[0].to->text, "hand");   // as it is now
    }
  }
}

TEST(saved_plan_drift, a_secret_changed_on_the_target_is_not_seen_as_drift) {
  // The plan holds no secret value, so neither does its fingerprint.
  connector was =
      make("A", {{"alm_server", scalar::string("s")}, {"alm_pass", scalar::string("one")}}, 7);
  was.params->at(1).secret = true;
  connector now_there = was;
  now_there.params->at(1).value = scalar::string("two");
  EXPECT_EQ(fingerprint(was), fingerprint(now_there));
  now_there.params->at(0).value = scalar::string("t");
  EXPECT_NE(fingerprint(was), fingerprint(now_there));
}

}  // namespace
}  // namespace sdemig::engine
