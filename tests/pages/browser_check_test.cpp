// The checks the page tests make can fail: the harness sees a console
// error, an uncaught exception, a fetch the page's policy blocks, and a
// blank screenshot.
#include <gtest/gtest.h>

#include "cli_fixture.hpp"
#include "page_check.hpp"

namespace sdemig::test {
namespace {

TEST(browser_check, sees_console_errors_exceptions_blocked_fetches_and_blank_pages) {
  const std::string chromium = chromium_or_fail();
  if (chromium.empty()) return;
  cli_env env;
  const std::string blank =
      env.write_file("blank.html", "<!DOCTYPE html><html><body></body></html>");
  const std::string noisy = env.write_file(
      "noisy.html",
      "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
      "content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body><p>text</p>"
      "<img src=\"http://127.0.0.1:9/x.png\"><script>console.error('broken');"
      "undefined_function();</script></body></html>");
  browser::browser b(chromium);
  b.open(file_url(blank));
  EXPECT_TRUE(b.errors().empty());
  const browser::ink empty = ink_of(b);
  EXPECT_LT(empty.share, 0.001);
  EXPECT_LE(empty.colours, 2u);
  b.open(file_url(noisy));
  std::string all;
  for (const std::string& e : b.errors()) all += e + "\n";
  EXPECT_NE(all.find("broken"), std::string::npos) << all;
  EXPECT_NE(all.find("undefined_function"), std::string::npos) << all;
  EXPECT_NE(all.find("Content Security Policy"), std::string::npos) << all;
  EXPECT_EQ(b.evaluate("document.querySelectorAll('p').length"), "1");
  EXPECT_THROW(b.evaluate("no_such_thing.x"), std::runtime_error);
}

}  // namespace
}  // namespace sdemig::test
