// The applier and the planner against a fake target (fake_target.hpp) that
// misbehaves the ways real ones do (issue: safety, items 11-16): lost
// answers, trimmed names, 2xx without a body, refusals that are not "already
// exists", a token revoked halfway, an unreachable target, PATCH, and names
// the target holds twice.

#include "engine/connectors/apply.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_target.hpp"

namespace sdemig::engine {
namespace {

using namespace fake;
using testing::HasSubstr;

TEST(apply, lost_answers_never_make_a_duplicate) {
  fake_target target;
  target.lose_answers = 5;
  const plan p = make_plan(alm_only(), of(sources(5)), of({}), nullptr);
  const apply_result r = apply(target, p);
  EXPECT_EQ(target.held.size(), 5u);
  EXPECT_EQ(target.lists, 1u);  // one read settled them all
  for (const item_outcome& o : r.outcomes) EXPECT_EQ(o.status, outcome_status::reconciled);
  EXPECT_EQ(r.writes, 0u);  // "writes" counts answered requests: none of these was
}

TEST(apply, writes_count_answers_not_attempts) {
  fake_target target;
  target.lose_before_apply = 3;  // never arrived: sent again after the read
  const plan p = make_plan(alm_only(), of(sources(5)), of({}), nullptr);
  const apply_result r = apply(target, p);
  EXPECT_EQ(target.held.size(), 5u);
  EXPECT_EQ(target.writes, 8u);
  EXPECT_EQ(r.writes, 5u);
  for (const item_outcome& o : r.outcomes) EXPECT_EQ(o.status, outcome_status::done);
}

TEST(apply, a_name_the_server_trims_converges) {
  fake_target target;
  target.trims_names = true;
  const plan first = make_plan(alm_only(), of({make("Trail ", {}, 1), make("\xC2\xA0Lead", {}, 2)}),
                               of({}), nullptr);
  EXPECT_THAT(note_text(first.items[0], first.items[0].desired.name),
              HasSubstr("white space around it: the server may store it as \"Trail\""));
  const apply_result r = apply(target, first);
  EXPECT_EQ(r.outcomes[0].status, outcome_status::done);
  EXPECT_EQ(r.outcomes[0].stored_name, "Trail");
  EXPECT_EQ(r.outcomes[1].stored_name, "Lead");
  // The rerun matches by the server's form: nothing to write.
  const plan second =
      make_plan(alm_only(), of({make("Trail ", {}, 1), make("\xC2\xA0Lead", {}, 2)}),
                of(target.held), nullptr);
  EXPECT_EQ(second.totals.pending(), 0u);
  EXPECT_TRUE(second.only_in_target.empty());
  // A lost answer to a trimmed name is settled by the trimmed name too.
  fake_target again;
  again.trims_names = true;
  again.lose_answers = 1;
  const apply_result settled =
      apply(again, make_plan(alm_only(), of({make("Trail ", {}, 1)}), of({}), nullptr));
  EXPECT_EQ(settled.outcomes[0].status, outcome_status::reconciled);
  EXPECT_EQ(again.held.size(), 1u);
}

TEST(apply, only_already_exists_starts_a_reconcile_and_rounds_are_few) {
  // Someone created "c0" after the plan was made: "already exists" -> read -> update.
  fake_target target;
  target.held = {make("c0", {{"alm_server", scalar::string("other")}}, 50)};
  const apply_result r = apply(target, make_plan(alm_only(), of(sources(1)), of({}), nullptr));
  EXPECT_EQ(r.outcomes[0].status, outcome_status::done);
  EXPECT_EQ(target.lists, 1u);
  EXPECT_EQ(target.held.size(), 1u);
  EXPECT_EQ(target.held[0].find_param("alm_server")->text, "s");

  // Any other 400 fails that connector, without reading the target again.
  fake_target picky;
  plan p = make_plan(alm_only(), of(sources(2)), of({}), nullptr);
  p.items[0].desired.name = "   ";  // the server answers "may not be blank"
  const apply_result refused = apply(picky, p);
  EXPECT_EQ(refused.outcomes[0].status, outcome_status::failed);
  EXPECT_EQ(refused.outcomes[1].status, outcome_status::done);
  EXPECT_EQ(picky.lists, 0u);

  // A write that never lands is tried again after each of at most 3 reads.
  fake_target black_hole;
  black_hole.lose_before_apply = 1000;
  const apply_result lost =
      apply(black_hole, make_plan(alm_only(), of(sources(4)), of({}), nullptr));
  EXPECT_EQ(black_hole.lists, 3u);
  EXPECT_EQ(black_hole.writes, 16u);
  for (const item_outcome& o : lost.outcomes) {
    EXPECT_EQ(o.status, outcome_status::failed);
    EXPECT_TRUE(o.error.starts_with("the outcome stayed unknown after 3 re-reads of the target"))
        << o.error;
    EXPECT_TRUE(o.error.ends_with("; a rerun settles it")) << o.error;
  }
}

// Rounds go on while each settles something (a flaky target), and stop after
// three that settle nothing (the black hole above).
TEST(apply, rounds_that_settle_something_go_on) {
  fake_target target;
  target.one_lands_per_read = true;
  const apply_result r = apply(target, make_plan(alm_only(), of(sources(6)), of({}), nullptr));
  EXPECT_EQ(target.lists, 5u);
  EXPECT_EQ(target.held.size(), 6u);
  for (const item_outcome& o : r.outcomes) EXPECT_EQ(o.status, outcome_status::done);
}

TEST(apply, names_no_server_takes_are_invalid_at_plan_time) {
  const plan p = make_plan(
      alm_only(),
      of({make("", {}, 1), make(" \t", {}, 2), make(std::string(256, 'x'), {}, 3),
          make(std::string(255, 'x'), {}, 4), make(std::string(200, 'x') + "\xC3\xA9", {}, 5)}),
      of({}), nullptr);
  EXPECT_EQ(p.items[0].what, action::invalid);
  EXPECT_EQ(p.items[0].problems, std::vector<std::string>{"the name is empty"});
  EXPECT_EQ(p.items[1].what, action::invalid);
  EXPECT_EQ(p.items[2].what, action::invalid);
  EXPECT_EQ(
      p.items[2].problems,
      std::vector<std::string>{"the name is 256 characters long, over the 255 the API takes"});
  EXPECT_EQ(p.items[3].what, action::create);
  EXPECT_EQ(p.items[4].what, action::create);  // 201 characters, 202 bytes
  EXPECT_EQ(p.totals.count(action::invalid), 3u);
  fake_target target;
  const apply_result r = apply(target, p);
  EXPECT_EQ(target.writes, 2u);
  EXPECT_EQ(r.outcomes[0].status, outcome_status::invalid);
}

TEST(apply, patch_sends_what_only_the_target_shows_and_the_mask_never) {
  const connector source = make(
      "c", {{"alm_server", scalar::string("new")}, {"alm_pass", scalar::string("********")}}, 1);
  const connector held = make("c",
                              {{"alm_server", scalar::string("old")},
                               {"alm_pass", scalar::string("stored-pw")},
                               {"target_only", scalar::string("t")}},
                              7);
  plan_options patch;
  patch.patch = true;
  const plan p = make_plan(alm_only(), of({source}), of({held}), nullptr, patch);
  ASSERT_EQ(p.items[0].what, action::update);
  EXPECT_EQ(p.items[0].kept, std::vector<std::string>{"target_only"});
  // The source masks it, the target shows it: sent as the target shows it.
  EXPECT_EQ(p.items[0].target_values, std::vector<std::string>{"alm_pass"});
  EXPECT_TRUE(p.items[0].unsent_secrets.empty());
  EXPECT_TRUE(p.items[0].missing_secrets.empty());  // does not block the PATCH
  ASSERT_EQ(p.items[0].changes.size(), 1u);
  EXPECT_EQ(p.items[0].changes[0].field, "params.alm_server");

  fake_target target;
  target.held = {held};
  apply_options options;
  options.use_patch = true;
  const apply_result r = apply(target, p, options);
  EXPECT_EQ(r.outcomes[0].status, outcome_status::done);
  ASSERT_EQ(target.sent.size(), 1u);
  EXPECT_TRUE(target.sent[0].second);
  EXPECT_EQ(target.sent[0].first.find_param("alm_pass")->text, "stored-pw") << "the mask was sent";
  EXPECT_EQ(target.sent[0].first.find_param("target_only")->text, "t");
  EXPECT_EQ(target.held[0].find_param("alm_pass")->text, "stored-pw");
  EXPECT_EQ(target.held[0].find_param("target_only")->text, "t");
  // Converged: the same plan again has nothing pending.
  EXPECT_EQ(make_plan(alm_only(), of({source}), of(target.held), nullptr, patch).totals.pending(),
            0u);
  // A target that replaces params on PATCH (a DRF JSON field) ends the same.
  fake_target replacing;
  replacing.patch_replaces_params = true;
  replacing.held = {held};
  EXPECT_EQ(apply(replacing, p, options).outcomes[0].status, outcome_status::done);
  EXPECT_EQ(replacing.held, target.held);

  // Without PATCH the target-only param is a removal, and the secret is needed.
  const plan put = make_plan(alm_only(), of({source}), of({held}), nullptr);
  EXPECT_EQ(put.items[0].changes.size(), 2u);
  EXPECT_EQ(put.items[0].missing_secrets, std::vector<std::string>{"alm_pass"});

  // unset_params under PATCH: that connector goes with PUT.
  job unset = alm_only();
  transform t;
  t.what = transform::type::unset_params;
  t.names = {"target_only"};
  unset.transforms.push_back(t);
  const connector known =
      make("c", {{"alm_server", scalar::string("old")}, {"alm_pass", scalar::string("pw")}}, 1);
  const plan forced = make_plan(unset, of({known}), of({held}), nullptr, patch);
  ASSERT_EQ(forced.items[0].what, action::update);
  EXPECT_TRUE(forced.items[0].force_put);
  fake_target t2;
  t2.held = {held};
  apply(t2, forced, options);
  ASSERT_EQ(t2.sent.size(), 1u);
  EXPECT_FALSE(t2.sent[0].second);
  EXPECT_EQ(t2.held[0].find_param("target_only"), nullptr);
}

TEST(apply, a_2xx_without_a_usable_body_is_settled_by_reading) {
  fake_target target;
  target.empty_bodies = 4;
  const apply_result r = apply(target, make_plan(alm_only(), of(sources(4)), of({}), nullptr));
  EXPECT_EQ(target.held.size(), 4u);
  EXPECT_EQ(target.lists, 1u);
  for (const item_outcome& o : r.outcomes) {
    EXPECT_EQ(o.status, outcome_status::reconciled);
    EXPECT_TRUE(o.target_id.has_value());
  }
}

TEST(apply, a_revoked_token_stops_every_new_write) {
  fake_target target;
  target.revoke_after = 3;
  const apply_result r = apply_one_at_a_time(target, 10);
  EXPECT_EQ(r.halted, "the target rejected the token (HTTP 401): stopping");
  EXPECT_EQ(target.held.size(), 3u);
  EXPECT_EQ(target.requests, 4u);  // three writes and the one refused: nothing after
  EXPECT_EQ(count_of(r, outcome_status::done), 3u);
  EXPECT_EQ(count_of(r, outcome_status::failed), 1u);
  EXPECT_EQ(count_of(r, outcome_status::not_started), 6u);
}

TEST(apply, an_unreachable_target_stops_every_new_write) {
  fake_target target;
  target.gone_after = 4;
  const apply_result r = apply_one_at_a_time(target, 10);
  EXPECT_EQ(
      r.halted,
      "the target is unreachable (POST https://sde.example/api/v2/connectors/alm/: cannot connect: "
      "Connection refused): no new writes were sent; rerun when it is back");
  EXPECT_EQ(target.held.size(), 4u);
  // The one that found it gone failed; the five after it were never tried.
  EXPECT_EQ(count_of(r, outcome_status::failed), 1u);
  EXPECT_EQ(count_of(r, outcome_status::not_started), 5u);
}

TEST(apply, a_name_the_target_holds_twice_is_a_conflict_naming_both) {
  const plan p =
      make_plan(alm_only(), of({make("Dup", {}, 1), make("Solo", {}, 2)}),
                of({make("Dup", {}, 4), make("Dup", {}, 9), make("Solo", {}, 5)}), nullptr);
  EXPECT_EQ(p.items[0].what, action::conflict);
  EXPECT_EQ(note_text(p.items[0], p.items[0].desired.name),
            "ambiguous on target: 2 connectors are named \"Dup\" (ids 4, 9)");
  EXPECT_EQ(p.items[1].what, action::noop);
  EXPECT_TRUE(p.only_in_target.empty());
  fake_target target;
  const apply_result r = apply(target, p);
  EXPECT_EQ(r.outcomes[0].status, outcome_status::conflict);
  EXPECT_EQ(target.writes, 0u);
}

}  // namespace
}  // namespace sdemig::engine
