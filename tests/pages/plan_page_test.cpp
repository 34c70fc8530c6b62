// plan --html and verify --html, opened in a real headless browser: the page
// loads without a console error, its rows and counts are the plan's, the
// filter and the per-action toggles hide rows, a hostile connector name is
// text (not markup), the screenshot shows something, and neither tokens nor
// secret values are in the file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "page_check.hpp"
#include "sim/seed.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

const std::string hostile =
    "<script>window.pwned=1</script>\"'<img src=x onerror=\"window.pwned=2\">\xE2\x80\xAEgnp.exe";

connector jira(std::string name) {
  connector c;
  c.name = std::move(name);
  c.system = {"jira", "", std::nullopt};
  c.inaccessible = false;
  c.params = std::vector<param>{{"alm_server", scalar::string("h.example.com")},
                                {"alm_user", scalar::string("u")},
                                {"alm_pass", scalar::string("pw-Hostile-77")}};
  return c;
}

// The number after "key": in `json` (its first occurrence).
long json_count(const std::string& json, const std::string& key) {
  std::smatch m;
  if (!std::regex_search(json, m, std::regex("\"" + key + "\":([0-9]+)"))) return -1;
  return std::stol(m[1]);
}

// Every secret value the source holds: none may be in a page.
std::vector<std::string> secret_values(const sim_instance& sim) {
  std::vector<std::string> out;
  for (const connector& c : read_all(sim, connector_kind::alm, source_token)) {
    if (!c.params) continue;
    for (const param& p : *c.params) {
      if (is_secret_param(p.key) && p.value.text.size() > 3) out.push_back(p.value.text);
    }
  }
  return out;
}

// The rows that pass the cards and the filter, shown or still to come as
// the reader scrolls: "2,001 of 2,001 shown".
const char* visible_rows =
    "document.getElementById('shown').textContent.split(' of ')[0].replace(/,/g, '')";
const char* rows_in_page = "document.querySelectorAll('#items tbody tr').length";

TEST(plan_page, two_thousand_connectors_render_filter_and_toggle_in_a_real_browser) {
  const std::string chromium = chromium_or_fail();
  if (chromium.empty()) return;
  sim_instance source(sim_config(source_token), 2000, 0);
  source.store.insert(connector_kind::alm, jira(hostile));
  sim_instance target(sim_config(target_token), 300, 0);
  // Twelve updates among 300 unchanged, as a reviewer would have to find them.
  for (std::int64_t id = 1; id <= 12; ++id) {
    std::string ignored;
    target.store.modify(
        connector_kind::alm, id * 20,
        [](connector& c) { c.set_param("alm_user", scalar::string("old")); }, ignored);
  }
  cli_env env;
  const std::string page = env.path("plan.html");
  auto r = env.sdemig(
      concat({"plan", "--kind", "alm", "--json", "--html", page}, env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = files::read_file(page);
  EXPECT_THAT(html, Not(HasSubstr(source_token)));
  EXPECT_THAT(html, Not(HasSubstr(target_token)));
  for (const std::string& secret : secret_values(source)) {
    ASSERT_THAT(html, Not(HasSubstr(secret))) << "a secret value is in the page";
  }
  EXPECT_THAT(html, Not(HasSubstr("<script>window.pwned")));
  EXPECT_THAT(html, Not(HasSubstr("\xE2\x80\xAE")));  // the bidi override, shown as \u202E

  const long creates = json_count(r.out, "create"), updates = json_count(r.out, "update"),
             noops = json_count(r.out, "noop");
  EXPECT_EQ(creates, 2001 - 300);
  EXPECT_EQ(updates, 12);
  EXPECT_EQ(noops, 300 - 12);

  browser::browser b(chromium);
  b.open(file_url(page));
  EXPECT_TRUE(b.errors().empty()) << b.errors().front();
  // Only the first 500 rows are made at first; the rest as the end comes into view.
  EXPECT_EQ(b.evaluate(rows_in_page), "500");
  EXPECT_EQ(b.evaluate(visible_rows), "\"2001\"");
  EXPECT_EQ(b.evaluate("document.getElementById('more').textContent"), "\"1,501 more below\"");
  b.evaluate("document.getElementById('more').scrollIntoView()");
  EXPECT_EQ(b.evaluate("new Promise(done => setTimeout(() => done(document.querySelectorAll("
                       "'#items tbody tr').length), 300))"),
            "1000");
  // The cards say the plan's counts.
  auto card = [&](const std::string& action) {
    return b.evaluate("document.querySelector('.card[data-group=\"" + action +
                      "\"] b').textContent.replace(/,/g, '')");
  };
  EXPECT_EQ(card("create"), "\"" + std::to_string(creates) + "\"");
  EXPECT_EQ(card("update"), "\"12\"");
  EXPECT_EQ(card("noop"), "\"" + std::to_string(noops) + "\"");
  EXPECT_EQ(
      b.evaluate("document.querySelectorAll('#items tr[data-group=update] ul.diff li').length"),
      "12");
  // Toggles: hiding creates and unchanged leaves the twelve updates.
  b.evaluate("document.querySelector('.card[data-group=create]').click()");
  b.evaluate("document.querySelector('.card[data-group=noop]').click()");
  EXPECT_EQ(b.evaluate(visible_rows), "\"12\"");
  EXPECT_EQ(b.evaluate(rows_in_page), "12");
  b.evaluate("document.querySelector('.card[data-group=create]').click()");
  b.evaluate("document.querySelector('.card[data-group=noop]').click()");
  // The filter keeps the rows whose text holds what is typed.
  const std::string filter =
      "(() => { const box = document.getElementById('filter'); box.value = %; "
      "box.dispatchEvent(new Event('input')); return document.getElementById('shown')"
      ".textContent.split(' of ')[0].replace(/,/g, ''); })()";
  auto filtered = [&](const std::string& text) {
    std::string js = filter;
    js.replace(js.find('%'), 1, browser::json_string(text));
    return b.evaluate(js);
  };
  EXPECT_EQ(filtered("connector 00007"), "\"1\"");
  EXPECT_EQ(filtered("gnp.exe"), "\"1\"");
  EXPECT_EQ(filtered("no connector is called this"), "\"0\"");
  // The filter reads rows not made yet as text: markup in them is no match.
  EXPECT_EQ(filtered("<td"), "\"0\"");
  // The hostile name (the last row, made from data) is text on the page,
  // not markup that ran.
  EXPECT_EQ(filtered("pwned"), "\"1\"");
  EXPECT_EQ(b.evaluate("typeof window.pwned"), "\"undefined\"");
  EXPECT_EQ(b.evaluate("document.querySelectorAll('#items img').length"), "0");
  EXPECT_EQ(b.evaluate("Array.from(document.querySelectorAll('td.name')).some(td => "
                       "td.textContent.startsWith('<script>window.pwned=1</script>'))"),
            "true");
  const browser::ink ink = ink_of(b);
  EXPECT_GT(ink.share, 0.02);
  EXPECT_GT(ink.colours, 10u);
  EXPECT_EQ(filtered(""), "\"2001\"");
  EXPECT_TRUE(b.errors().empty()) << b.errors().front();
}

TEST(plan_page, verify_html_shows_each_mark_and_its_count) {
  const std::string chromium = chromium_or_fail();
  if (chromium.empty()) return;
  sim_instance source(sim_config(source_token), 40, 0);
  sim_instance target(sim_config(target_token), 30, 0);
  std::string ignored;
  target.store.modify(
      connector_kind::alm, 3, [](connector& c) { c.set_param("alm_user", scalar::string("x")); },
      ignored);
  connector extra = jira("Only On Target");
  target.store.create(connector_kind::alm, extra, ignored);
  cli_env env;
  const std::string page = env.path("verify.html");
  auto r =
      env.sdemig(concat({"verify", "--kind", "alm", "--html", page}, env.both(source, target)));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("verify: 29 equal, 10 only in source, 1 only in target, 1 differ"));
  browser::browser b(chromium);
  b.open(file_url(page));
  EXPECT_TRUE(b.errors().empty()) << b.errors().front();
  auto marks = [&](const std::string& mark) {
    return b.evaluate(
        "Array.from(document.querySelectorAll('#items tbody td.act')).filter(td => "
        "td.textContent === '" +
        mark + "').length");
  };
  EXPECT_EQ(marks("="), "29");
  EXPECT_EQ(marks("+"), "10");
  EXPECT_EQ(marks("-"), "1");
  EXPECT_EQ(marks("*"), "1");
  EXPECT_EQ(
      b.evaluate("document.querySelectorAll('#items tr[data-group=update] ul.diff li').length"),
      "1");
  EXPECT_GT(ink_of(b).share, 0.02);
  // --html is a comparison's page: it does not go with --test-connections.
  auto bad = env.sdemig(concat({"verify", "--test-connections", "--html", page}, env.to(target)));
  EXPECT_EQ(bad.code, 2) << bad.err;
}

TEST(plan_page, connections_come_in_the_reviewer_s_order_with_their_connectors) {
  const std::string chromium = chromium_or_fail();
  if (chromium.empty()) return;
  sim_instance source(sim_config(source_token), 300, 0);
  sim::seed_projects(source.store, 900, true, 300, 0, source.api);
  sim_instance target(sim_config(target_token), 0, 0);
  sim::seed_projects(target.store, 890, false, 0, 0, target.api);  // ten projects missing
  cli_env env;
  const std::string page = env.path("plan.html");
  auto r = env.sdemig(concat({"plan", "--connections", "--html", page}, env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err;
  browser::browser b(chromium);
  b.open(file_url(page));
  EXPECT_TRUE(b.errors().empty()) << b.errors().front();
  // Every "missing" row comes before the first create, though 900 creates
  // (connectors and connections) precede them in the plan.
  EXPECT_EQ(b.evaluate("(() => { const g = Array.from(document.querySelectorAll("
                       "'#items tbody tr')).map(tr => tr.dataset.group); "
                       "return g.lastIndexOf('missing') < g.indexOf('create') && "
                       "g.indexOf('missing') === 0; })()"),
            "true");
  EXPECT_EQ(b.evaluate("document.querySelector('.card[data-group=missing] b').textContent"),
            "\"6\"");  // two projects in three have a connection: 6 of the last 10
}

}  // namespace
}  // namespace sdemig::test
