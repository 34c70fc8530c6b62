// The way back, socket-free: the restore decision as a table (before /
// written / now -> action), the connectors' restore plan from a backup, and
// deletes through the one applier against a fake target that loses
// answers, answers 404 or refuses DELETE.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/connectors/connector_backup.hpp"
#include "engine/planning/restore_decision.hpp"
#include "fake_target.hpp"

namespace sdemig::engine {
namespace {

using namespace fake;
using testing::HasSubstr;

struct decision_row {
  bool created, present, equals_before, equals_written, force;
  restore_step expected;
};

TEST(restore_decision, each_case_of_the_table) {
  using s = restore_step;
  const decision_row rows[] = {
      // created present =before =written force -> step
      {false, true, true, false, false, s::unchanged},  // never reached, or restored already
      {false, true, true, true, false, s::unchanged},   // before-image first
      {false, true, false, true, false, s::write_back},
      {false, true, false, false, false, s::changed_since},
      {false, true, false, false, true, s::write_back},
      {false, false, false, false, false, s::gone_since},
      {false, false, false, false, true, s::write_back},  // created again from the before-image
      {true, true, false, true, false, s::remove},
      {true, true, false, false, false, s::changed_since},
      {true, true, false, false, true, s::remove},
      {true, false, false, false, false, s::unchanged},  // never created, or deleted already
      {true, false, false, false, true, s::unchanged},
  };
  for (const decision_row& r : rows) {
    const restore_facts f{r.created, r.present, r.equals_before, r.equals_written};
    EXPECT_EQ(decide_restore(f, r.force), r.expected)
        << "created " << r.created << " present " << r.present << " =before " << r.equals_before
        << " =written " << r.equals_written << " force " << r.force;
  }
}

// The target as the backup saw it (A, B), what the run wrote (A updated
// with a param added, C created), and the target after the run.
struct restore_world {
  inventory before, written;
  fake_target target;

  restore_world() {
    before = of({make("A", {{"alm_server", scalar::string("old")}}, 1)});
    connector a = make(
        "A", {{"alm_server", scalar::string("new")}, {"alm_added", scalar::string("by the run")}},
        1);
    connector c = make("C", {{"alm_server", scalar::string("c")}});
    written = of({a, c});
    target.held = {a, make("B", {{"alm_server", scalar::string("b")}}, 2), c};
    target.held[2].id = 3;
  }

  plan restore(bool force = false, bool patch = true) const {
    connector_restore_input in;
    in.before = &before;
    in.written = &written;
    inventory now = of(target.held);
    in.now = &now;
    in.options.patch = patch;
    in.force = force;
    return plan_connector_restore(in, nullptr);
  }
};

TEST(connector_restore, writes_back_deletes_and_converges) {
  restore_world w;
  const plan p = w.restore();
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.totals.count(action::update), 1u);
  EXPECT_EQ(p.totals.count(action::remove), 1u);
  apply_options options;
  options.use_patch = true;
  const apply_result r = apply(w.target, p, options);
  for (const item_outcome& o : r.outcomes) EXPECT_EQ(o.status, outcome_status::done) << o.error;
  ASSERT_EQ(w.target.held.size(), 2u);
  const connector* a = w.target.find("A");
  ASSERT_NE(a, nullptr);
  // Sent with PUT: a PATCH would have kept the param the run added.
  EXPECT_EQ(a->params->size(), 1u);
  EXPECT_EQ(a->find_param("alm_server")->text, "old");
  EXPECT_EQ(w.target.find("C"), nullptr);
  ASSERT_EQ(w.target.sent.size(), 1u);
  EXPECT_FALSE(w.target.sent[0].second) << "A went as PATCH";
  // A second restore: nothing left to do.
  EXPECT_EQ(w.restore().totals.pending(), 0u);
}

TEST(connector_restore, an_item_changed_since_is_a_conflict_unless_forced) {
  restore_world w;
  w.target.held[0].set_param("alm_server", scalar::string("by hand"));
  const plan p = w.restore();
  EXPECT_EQ(p.totals.count(action::conflict), 1u);
  EXPECT_EQ(p.totals.count(action::remove), 1u);
  const plan_item* a = nullptr;
  for (const plan_item& item : p.items) a = item.desired.name == "A" ? &item : a;
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->why, reason::changed_since);
  EXPECT_THAT(note_text(*a, "A"), HasSubstr("changed on the target since the run wrote it"));
  ASSERT_FALSE(a->changes.empty());
  EXPECT_EQ(a->changes[0].field, "params.alm_server");
  EXPECT_EQ(w.restore(true).totals.count(action::update), 1u);
}

TEST(connector_restore, deletes_settle_lost_answers_and_404s_and_say_cannot_delete_to_405) {
  {
    restore_world w;
    w.target.lose_answers = 1;  // the update's answer lost: settled by a read
    const apply_result r = apply(w.target, w.restore(false, false));
    EXPECT_EQ(w.target.held.size(), 2u);
    for (const item_outcome& o : r.outcomes) EXPECT_FALSE(is_failure(o.status)) << o.error;
  }
  {
    restore_world w;
    const plan p = w.restore(false, false);
    w.target.held.pop_back();  // C gone after the plan: a 404 is a delete done
    const apply_result r = apply(w.target, p);
    for (std::size_t i = 0; i < p.items.size(); ++i) {
      EXPECT_EQ(r.outcomes[i].status, outcome_status::done);
      if (p.items[i].what == action::remove) {
        EXPECT_EQ(r.outcomes[i].http_status, 404u);
      }
    }
  }
  {
    restore_world w;
    w.target.refuses_delete = true;
    const plan p = w.restore(false, false);
    const apply_result r = apply(w.target, p);
    for (std::size_t i = 0; i < p.items.size(); ++i) {
      if (p.items[i].what != action::remove) continue;
      EXPECT_EQ(r.outcomes[i].status, outcome_status::refused);
      EXPECT_THAT(r.outcomes[i].error, HasSubstr("cannot delete: HTTP 405"));
    }
    EXPECT_EQ(w.target.find("A")->find_param("alm_server")->text, "old") << "the rest went on";
  }
}

TEST(connector_restore, a_lost_delete_answer_is_settled_by_a_read_not_sent_twice) {
  restore_world w;
  const plan p = w.restore(false, false);
  fake_target& t = w.target;
  t.lose_answers = 0;
  // Only the delete loses its answer: apply the update first.
  plan update = p, removal = p;
  std::erase_if(update.items, [](const plan_item& i) { return i.what == action::remove; });
  std::erase_if(removal.items, [](const plan_item& i) { return i.what != action::remove; });
  apply(t, update);
  t.lose_answers = 1;
  const std::size_t lists = t.lists;
  const apply_result r = apply(t, removal);
  EXPECT_EQ(r.outcomes[0].status, outcome_status::reconciled);
  EXPECT_EQ(t.deletes, 1u);
  EXPECT_EQ(t.lists, lists + 1);
  EXPECT_EQ(t.find("C"), nullptr);
}

}  // namespace
}  // namespace sdemig::engine
