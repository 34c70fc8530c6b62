// Under PATCH, what a server does with the params it is not sent is not
// documented (SDE's own docs are silent; Django REST Framework replaces a
// JSON field whole). The plan sends every value it knows, and the applier
// relies on a merge only once a PATCH's answer showed one.
#include <gtest/gtest.h>

#include "engine/connectors/apply.hpp"
#include "fake_target.hpp"

namespace sdemig::engine {
namespace {

using namespace fake;

// A target of three connectors, each holding a secret it shows as the mask,
// and a source whose copies differ in alm_server and mask it too.
struct masked_on_both_sides {
  std::vector<connector> source, held;
  masked_on_both_sides() {
    for (int i = 0; i < 3; ++i) {
      const std::string name = "c" + std::to_string(i);
      source.push_back(make(
          name, {{"alm_server", scalar::string("new")}, {"alm_pass", scalar::string("********")}},
          i + 1));
      held.push_back(make(
          name, {{"alm_server", scalar::string("old")}, {"alm_pass", scalar::string("********")}},
          i + 10));
    }
  }
  plan planned() const {
    plan_options patch;
    patch.patch = true;
    return make_plan(alm_only(), of(source), of(held), nullptr, patch);
  }
};

apply_options patching() {
  apply_options o;
  o.use_patch = true;
  o.concurrency = 1;
  return o;
}

TEST(patch_semantics, a_secret_neither_side_shows_is_left_out_and_its_fate_observed) {
  const masked_on_both_sides w;
  const plan p = w.planned();
  for (const plan_item& item : p.items) {
    ASSERT_EQ(item.what, action::update);
    EXPECT_EQ(item.unsent_secrets, std::vector<std::string>{"alm_pass"});
    EXPECT_TRUE(item.missing_secrets.empty());
  }
  fake_target merging;
  merging.held = w.held;
  const apply_result r = apply(merging, p, patching());
  EXPECT_EQ(r.patch.seen, patch_params_seen::kept);
  EXPECT_EQ(r.patch.seen_on, "c0");
  for (const item_outcome& o : r.outcomes) EXPECT_EQ(o.status, outcome_status::done);
  for (const auto& [body, patch] : merging.sent) {
    EXPECT_TRUE(patch);
    EXPECT_EQ(body.find_param("alm_pass"), nullptr) << "the mask was sent";
  }
}

TEST(patch_semantics, a_target_seen_replacing_loses_one_secret_and_no_more) {
  const masked_on_both_sides w;
  fake_target replacing;
  replacing.patch_replaces_params = true;
  replacing.held = w.held;
  const apply_result r = apply(replacing, w.planned(), patching());
  EXPECT_EQ(r.patch.seen, patch_params_seen::replaced);
  EXPECT_EQ(replacing.writes, 1u);  // the one that showed it
  EXPECT_EQ(r.outcomes[0].status, outcome_status::secret_lost);
  EXPECT_NE(r.outcomes[0].error.find("alm_pass"), std::string::npos) << r.outcomes[0].error;
  EXPECT_EQ(r.outcomes[1].status, outcome_status::needs_secret);
  EXPECT_EQ(r.outcomes[2].status, outcome_status::needs_secret);
  EXPECT_NE(r.outcomes[1].error.find("replaces params on PATCH"), std::string::npos);
  EXPECT_NE(replacing.held[1].find_param("alm_pass"), nullptr);
  EXPECT_NE(replacing.held[2].find_param("alm_pass"), nullptr);
}

TEST(patch_semantics, evidence_is_shared_by_the_runs_that_write_one_target) {
  const masked_on_both_sides w;
  fake_target replacing;
  replacing.patch_replaces_params = true;
  replacing.held = w.held;
  patch_evidence seen{patch_params_seen::replaced, "elsewhere"};
  apply_options o = patching();
  o.evidence = &seen;
  const apply_result r = apply(replacing, w.planned(), o);
  EXPECT_EQ(replacing.writes, 0u);
  for (const item_outcome& out : r.outcomes) EXPECT_EQ(out.status, outcome_status::needs_secret);
}

TEST(patch_semantics, a_secret_the_target_lacks_is_needed_not_left_out) {
  masked_on_both_sides w;
  for (connector& c : w.held) c.params->pop_back();  // no alm_pass on the target
  const plan p = w.planned();
  for (const plan_item& item : p.items) {
    EXPECT_EQ(item.missing_secrets, std::vector<std::string>{"alm_pass"});
    EXPECT_TRUE(item.unsent_secrets.empty());
  }
}

TEST(patch_semantics, the_mask_is_a_secret_whatever_the_key) {
  // A schema-only secret the plan knows nothing of, shown as the mask.
  const connector source = make(
      "c", {{"alm_server", scalar::string("new")}, {"odd_key", scalar::string("********")}}, 1);
  const connector held =
      make("c", {{"alm_server", scalar::string("old")}, {"odd_key", scalar::string("real")}}, 7);
  const plan put = make_plan(alm_only(), of({source}), of({held}), nullptr);
  ASSERT_EQ(put.items[0].what, action::update);
  EXPECT_EQ(put.items[0].missing_secrets, std::vector<std::string>{"odd_key"});
  fake_target target;
  target.held = {held};
  apply(target, put);
  EXPECT_TRUE(target.sent.empty()) << "the mask was sent";
}

TEST(patch_semantics, a_patch_turned_put_by_an_unset_still_sends_what_it_keeps) {
  const connector source = make("c",
                                {{"alm_server", scalar::string("new")},
                                 {"alm_pass", scalar::string("pw")},
                                 {"gone", scalar::string("g")}},
                                1);
  const connector held = make("c",
                              {{"alm_server", scalar::string("old")},
                               {"alm_pass", scalar::string("pw")},
                               {"gone", scalar::string("g")},
                               {"target_only", scalar::string("t")}},
                              7);
  job unset = alm_only();
  transform t;
  t.what = transform::type::unset_params;
  t.names = {"gone"};
  unset.transforms.push_back(t);
  plan_options patch;
  patch.patch = true;
  const plan p = make_plan(unset, of({source}), of({held}), nullptr, patch);
  ASSERT_EQ(p.items[0].what, action::update);
  EXPECT_TRUE(p.items[0].force_put);
  EXPECT_EQ(p.items[0].kept, std::vector<std::string>{"target_only"});
  fake_target target;
  target.held = {held};
  apply(target, p, patching());
  ASSERT_EQ(target.sent.size(), 1u);
  EXPECT_FALSE(target.sent[0].second);  // PUT
  EXPECT_EQ(target.held[0].find_param("gone"), nullptr);
  ASSERT_NE(target.held[0].find_param("target_only"), nullptr) << "the PUT erased a kept param";
  EXPECT_EQ(target.held[0].find_param("target_only")->text, "t");
}

TEST(patch_semantics, a_put_can_leave_nothing_out_so_a_secret_no_side_shows_is_needed) {
  masked_on_both_sides w;
  job unset = alm_only();
  transform t;
  t.what = transform::type::unset_params;
  t.names = {"alm_server"};
  unset.transforms.push_back(t);
  plan_options patch;
  patch.patch = true;
  const plan p = make_plan(unset, of(w.source), of(w.held), nullptr, patch);
  for (const plan_item& item : p.items) {
    EXPECT_TRUE(item.force_put);
    EXPECT_EQ(item.missing_secrets, std::vector<std::string>{"alm_pass"});
    EXPECT_TRUE(item.unsent_secrets.empty());
  }
}

}  // namespace
}  // namespace sdemig::engine
