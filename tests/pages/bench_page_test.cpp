// bench --html after a 10 s mixed open-loop run against a server that
// throttles some requests, opened in a real headless browser: four charts,
// one line per operation, a point per second, the status bars with the 429s
// apart and matching bench's JSON; the series in the JSON too; no token in
// the page or the .hgrm.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "page_check.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

TEST(bench_page, a_ten_second_mixed_bench_draws_its_charts_in_a_real_browser) {
  const std::string chromium = chromium_or_fail();
  if (chromium.empty()) return;
  sim::server_config c = sim_config(source_token);
  c.faults.p429 = 0.05;
  c.faults.retry_after_s = 0;
  c.faults.scope = sim::fault_scope::all;
  sim_instance sim(c, 50, 0);
  cli_env env;
  const std::string page = env.path("bench.html"), hgrm = env.path("bench.hgrm");
  // Open loop at 300 req/s: light on a shared machine, and every second full.
  auto r = env.sdemig({"bench",
                       "--url",
                       sim.url(),
                       "--token-file",
                       env.path("source.token"),
                       "--op",
                       "mix",
                       "--mix",
                       "get=8,list=1,update=1",
                       "-c",
                       "8",
                       "--rate",
                       "300",
                       "-d",
                       "10",
                       "--warmup",
                       "0.5",
                       "--max-errors",  // 5% of 429s on purpose: over the default 5% by chance
                       "50",
                       "--json",
                       "--html",
                       page,
                       "--hdr-out",
                       hgrm});
  ASSERT_EQ(r.code, 0) << r.err;
  // The per-second series: ten points, each with every operation.
  std::smatch m;
  const std::string series = r.out.substr(r.out.find("\"series\":["));
  std::size_t seconds = 0;
  const std::regex second("\"second\":(\\d+)");
  for (auto it = std::sregex_iterator(series.begin(), series.end(), second);
       it != std::sregex_iterator(); ++it) {
    EXPECT_EQ(std::stoul((*it)[1]), seconds) << "seconds in order, none missing";
    ++seconds;
  }
  EXPECT_EQ(seconds, 10u);
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("\"throttled\":(\\d+),\"errors\"")));
  const std::string throttled = m[1];
  EXPECT_GT(std::stol(throttled), 0);

  for (const std::string& file : {page, hgrm}) {
    EXPECT_THAT(files::read_file(file), Not(HasSubstr(source_token))) << file;
  }
  browser::browser b(chromium);
  b.open(file_url(page));
  EXPECT_TRUE(b.errors().empty()) << b.errors().front();
  EXPECT_EQ(b.evaluate("document.querySelectorAll('svg.chart').length"), "4");
  for (const char* chart : {"percentiles", "p99", "rate"}) {
    SCOPED_TRACE(chart);
    const std::string lines = std::string("Array.from(document.querySelectorAll('svg[data-chart=") +
                              chart + "] polyline.series'))";
    // One line per operation; the rate chart has the 429s of each second too.
    const bool rate = std::string(chart) == "rate";
    EXPECT_EQ(b.evaluate(lines + ".map(l => l.dataset.series).sort().join(',')"),
              rate ? "\"429 throttled,get,list,update\"" : "\"get,list,update\"");
    if (std::string(chart) != "percentiles") {
      // A point per second.
      EXPECT_EQ(b.evaluate(lines + ".map(l => l.getAttribute('points').trim().split(' ').length)"
                                   ".join(',')"),
                rate ? "\"10,10,10,10\"" : "\"10,10,10\"");
    } else {
      EXPECT_EQ(b.evaluate(lines + ".every(l => l.getAttribute('points').split(' ').length > 20)"),
                "true");
    }
  }
  EXPECT_EQ(b.evaluate("document.querySelector('svg[data-chart=status] "
                       "rect.bar[data-label=\"429 throttled\"]').dataset.value.replace(/,/g, '')"),
            "\"" + throttled + "\"");
  const browser::ink ink = ink_of(b);
  EXPECT_GT(ink.share, 0.02);
  EXPECT_GT(ink.colours, 10u);
}

TEST(bench_page, a_capacity_sweep_draws_its_points_curve_peak_and_knee) {
  const std::string chromium = chromium_or_fail();
  if (chromium.empty()) return;
  // A server of 4 workers of 5 ms: 800 req/s at 4 connections and beyond.
  sim::server_config c = sim_config(source_token);
  c.capacity.workers = 4;
  c.capacity.service_ms = 5;
  sim_instance sim(c, 50, 0);
  cli_env env;
  const std::string page = env.path("capacity.html");
  auto r = env.sdemig({"bench", "--url", sim.url(), "--token-file", env.path("source.token"),
                       "--capacity", "--step-seconds", "0.5", "--max-connections", "32", "--slo",
                       "p99<100ms", "--json", "--html", page});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(R"("capacity":{"step_seconds":0.5,"max_connections":32,)"));
  EXPECT_THAT(r.out, HasSubstr(R"("usl":{"sigma":)"));
  EXPECT_THAT(r.out, HasSubstr(R"("knee":{"connections":)"));
  EXPECT_THAT(r.out, HasSubstr(R"("slo":{"expr":"p99<100ms","connections":)"));
  EXPECT_THAT(files::read_file(page), Not(HasSubstr(source_token)));
  browser::browser b(chromium);
  b.open(file_url(page));
  EXPECT_TRUE(b.errors().empty()) << b.errors().front();
  const std::string lines =
      "Array.from(document.querySelectorAll('svg[data-chart=capacity] "
      "polyline.series'))";
  EXPECT_EQ(b.evaluate(lines + ".map(l => l.dataset.series).join(',')"),
            "\"measured,USL fit,peak,knee\"");
  // A point per measured step (at least 1, 2, 4, 8), a smooth curve, two-point marks.
  EXPECT_EQ(b.evaluate(lines + ".map(l => l.getAttribute('points').trim().split(' ').length)"
                               ".map((n, i) => i == 0 ? n >= 4 : i == 1 ? n > 50 : n == 2)"
                               ".every(x => x)"),
            "true");
  EXPECT_EQ(b.evaluate("Array.from(document.querySelectorAll('svg[data-chart=capacity-latency] "
                       "polyline.series')).map(l => l.dataset.series).join(',')"),
            "\"p50,p99\"");
  EXPECT_GT(ink_of(b).share, 0.02);
  EXPECT_TRUE(b.errors().empty()) << b.errors().front();
}

}  // namespace
}  // namespace sdemig::test
