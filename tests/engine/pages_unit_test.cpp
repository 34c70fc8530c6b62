// The pieces of the --html pages, without a browser: escaping, numbers, the
// chart writer's scale and elements, and bench's per-second series.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/load/series.hpp"
#include "engine/load/svg_chart.hpp"
#include "engine/text/html.hpp"

namespace sdemig::engine {
namespace {

using namespace std::chrono_literals;
using testing::HasSubstr;
using testing::Not;

TEST(html_text, escapes_markup_quotes_and_shows_bidi_overrides_and_bad_bytes) {
  EXPECT_EQ(html::text("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  EXPECT_EQ(html::text("a\xE2\x80\xAE"
                       "b"),
            "a\\u202Eb");
  EXPECT_EQ(html::text("bad \xFF byte"), "bad \\xFF byte");
  EXPECT_EQ(html::text("Zürich"), "Zürich");
}

TEST(html_number, separates_thousands_and_keeps_decimals) {
  EXPECT_EQ(html::number(0), "0");
  EXPECT_EQ(html::number(999), "999");
  EXPECT_EQ(html::number(1234567), "1,234,567");
  EXPECT_EQ(html::number(-1234.5, 1), "-1,234.5");
  EXPECT_EQ(html::number(0.4242, 2), "0.42");
}

TEST(html_page, forbids_fetching_anything_and_escapes_the_title) {
  const std::string page = html::page("<b>", "<p>body</p>", "let x = 1;");
  EXPECT_THAT(page, HasSubstr("default-src 'none'"));
  EXPECT_THAT(page, HasSubstr("<title>&lt;b&gt;</title>"));
  EXPECT_THAT(page, HasSubstr("<script>\nlet x = 1;</script>"));
  EXPECT_THAT(page, Not(HasSubstr("http://")));
  EXPECT_THAT(page, Not(HasSubstr("https://")));
}

TEST(svg_chart, scales_to_a_nice_ceiling_and_draws_a_polyline_per_series) {
  EXPECT_EQ(svg::nice_ceiling(0), 1);
  EXPECT_EQ(svg::nice_ceiling(3.2), 5);
  EXPECT_EQ(svg::nice_ceiling(10), 10);
  EXPECT_EQ(svg::nice_ceiling(11), 20);
  EXPECT_EQ(svg::nice_ceiling(0.07), 0.1);
  svg::line_chart c{.id = "t", .title = "T<", .x_label = "x", .y_label = "y"};
  c.lines.push_back({"a\"b", {{0, 0}, {1, 5}, {2, 10}}});
  c.lines.push_back({"c", {{0, 1}}});
  const std::string out = svg::draw(c);
  EXPECT_THAT(out, HasSubstr("data-series=\"a&quot;b\""));
  EXPECT_THAT(out, HasSubstr("<title>T&lt;</title>"));
  std::size_t lines = 0;
  for (auto at = out.find("<polyline"); at != std::string::npos; at = out.find("<polyline", at + 1))
    ++lines;
  EXPECT_EQ(lines, 2u);
  // The top of the plot is y = 32 (the highest value, 10, on the ceiling 10).
  EXPECT_THAT(out, HasSubstr(",32.0\""));
}

TEST(svg_chart, percentile_axis_has_a_tick_per_decade) {
  svg::line_chart c{.id = "p", .x_percentile = true};
  c.lines.push_back({"get", {{0, 1}, {0.9, 2}, {0.99, 3}, {0.999, 9}}});
  const std::string out = svg::draw(c);
  for (const char* tick : {">0%<", ">90%<", ">99%<", ">99.9%<"}) EXPECT_THAT(out, HasSubstr(tick));
  EXPECT_THAT(out, Not(HasSubstr(">99.99%<")));
}

TEST(svg_chart, a_bar_per_value_with_its_label_and_value) {
  svg::bar_chart c{.id = "s"};
  c.bars = {{"200", 1500, ""}, {"429 throttled", 20, "#8250df"}};
  const std::string out = svg::draw(c);
  EXPECT_THAT(out, HasSubstr("data-label=\"429 throttled\" data-value=\"20\""));
  EXPECT_THAT(out, HasSubstr("data-label=\"200\" data-value=\"1,500\""));
}

TEST(per_second_series, folds_each_second_keeps_empty_seconds_and_clamps_to_the_window) {
  per_second_series s(3s);
  using o = answer_kind;
  s.record(bench_op::get, 100ms, 10ms, o::ok);
  s.record(bench_op::get, 900ms, 30ms, o::throttled);
  s.record(bench_op::list, 950ms, 20ms, o::ok);
  // Nothing completes in second 1.
  s.record(bench_op::get, 2500ms, 5ms, o::error_status);
  s.record(bench_op::get, 3200ms, 7ms, o::ok);  // after the window: its last second
  const std::vector<second_point> points = s.finish();
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].second, 0u);
  EXPECT_EQ(points[0].ops[size_t(bench_op::get)].requests, 2u);
  EXPECT_EQ(points[0].ops[size_t(bench_op::list)].requests, 1u);
  EXPECT_EQ(points[0].ops[size_t(bench_op::get)].ok, 1u);
  // Latency of the 2xx answers only: the 429's 30 ms is not in it.
  EXPECT_NEAR(points[0].ops[size_t(bench_op::get)].max_ms, 10, 0.5);
  EXPECT_EQ(points[0].ok, 2u);
  EXPECT_EQ(points[0].throttled, 1u);
  EXPECT_EQ(points[1].ops[size_t(bench_op::get)].requests, 0u);
  EXPECT_EQ(points[2].ops[size_t(bench_op::get)].requests, 2u);
  EXPECT_EQ(points[2].failed, 1u);
  EXPECT_NEAR(points[2].ops[size_t(bench_op::get)].p99_ms, 7, 0.1);
}

}  // namespace
}  // namespace sdemig::engine
