// Names people cannot tell apart are never planned as two items: a
// look-alike on the target is a conflict naming both forms, unless the job
// says how names match (issue 32, item 23).
#include "engine/planning/look_alike.hpp"

#include <gtest/gtest.h>

#include "engine/planning/plan.hpp"
#include "engine/planning/plan_output.hpp"
#include "fake_target.hpp"

namespace sdemig::engine {
namespace {

using namespace fake;

const std::string composed = "Caf\xC3\xA9 Jira";     // é as one code point (NFC)
const std::string decomposed = "Cafe\xCC\x81 Jira";  // e + a combining acute accent (NFD)

TEST(look_alike, normalization_and_case_give_one_key) {
  EXPECT_EQ(look_alike_key(composed), look_alike_key(decomposed));
  EXPECT_EQ(look_alike_key("Payments JIRA"), look_alike_key("payments jira"));
  EXPECT_EQ(look_alike_key(" Payments Jira "), look_alike_key("Payments Jira"));
  EXPECT_EQ(look_alike_key("STRASSE"), look_alike_key("stra\xC3\x9F"
                                                      "e"));  // full case folding
  EXPECT_NE(look_alike_key("Payments Jira"), look_alike_key("Payments Jira 2"));
  EXPECT_EQ(look_alike_key("\xFF\xFE broken"), "\xFF\xFE broken");  // not UTF-8: itself
}

plan plan_against(const std::string& source, const std::string& target, name_matching how) {
  job j = alm_only();
  j.names_match = how;
  return make_plan(j, of({make(source, {{"alm_server", scalar::string("a")}}, 1)}),
                   of({make(target, {{"alm_server", scalar::string("a")}}, 9)}), nullptr);
}

TEST(look_alike, a_look_alike_on_the_target_is_a_conflict_naming_both_forms) {
  for (const auto& [source, target] :
       {std::pair{composed, decomposed},
        std::pair{std::string("Payments JIRA"), std::string("Payments Jira")}}) {
    const plan p = plan_against(source, target, name_matching::flag);
    ASSERT_EQ(p.items[0].what, action::conflict) << source;
    EXPECT_EQ(p.items[0].why, reason::look_alike);
    EXPECT_TRUE(p.only_in_target.empty()) << "the look-alike is accounted for";
    const std::string text = plan_text(p, false);
    EXPECT_NE(text.find("\"" + target + "\", which looks the same as \"" + source + "\""),
              std::string::npos)
        << text;
  }
}

TEST(look_alike, the_job_says_whether_a_look_alike_is_another_item_or_the_same) {
  const plan exact = plan_against(composed, decomposed, name_matching::exact);
  EXPECT_EQ(exact.items[0].what, action::create);
  const plan same = plan_against(composed, decomposed, name_matching::look_alike);
  ASSERT_EQ(same.items[0].what, action::update);
  EXPECT_EQ(same.items[0].target_id, 9);
  ASSERT_EQ(same.items[0].changes.size(), 1u);
  EXPECT_EQ(same.items[0].changes[0].field, "name");
  EXPECT_TRUE(same.only_in_target.empty());
}

TEST(look_alike, the_job_file_takes_names_match) {
  EXPECT_EQ(parse_job_text(R"({"names_match": "exact"})", "j.json").names_match,
            name_matching::exact);
  EXPECT_EQ(parse_job_text(R"({"names_match": "look-alike"})", "j.json").names_match,
            name_matching::look_alike);
  EXPECT_EQ(parse_job_text("{}", "j.json").names_match, name_matching::flag);
  EXPECT_THROW(parse_job_text(R"({"names_match": "loose"})", "j.json"), job_error);
}

}  // namespace
}  // namespace sdemig::engine
