// The Prometheus text format writer: escaping, numbers, families.
#include "engine/text/exposition.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace sdemig::engine {
namespace {

TEST(exposition, label_values_escape_backslash_quote_and_newline) {
  EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(escape_label_value("p99<50ms Zürich"), "p99<50ms Zürich");
  EXPECT_EQ(escape_help("a \"b\"\\\n"), "a \"b\"\\\\\\n");  // quotes stay in HELP
}

TEST(exposition, numbers_read_back_as_written_and_nan_and_inf_as_go_reads_them) {
  EXPECT_EQ(metric_value(0), "0");
  EXPECT_EQ(metric_value(2000), "2000");
  EXPECT_EQ(metric_value(0.1), "0.1");
  EXPECT_EQ(metric_value(-1.5), "-1.5");
  EXPECT_EQ(metric_value(1796693145.279419), "1796693145.279419");
  EXPECT_EQ(metric_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(metric_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(metric_value(-std::numeric_limits<double>::infinity()), "-Inf");
}

TEST(exposition, each_family_has_help_and_type_and_common_labels_come_first) {
  exposition e(metric_labels{{"command", "clone"}});
  e.counter("sdemig_items_total", "Items by\noutcome");
  e.sample({{"kind", "connector"}, {"outcome", "a\"b"}}, 3);
  e.gauge("sdemig_run_exit_code", "Exit code");
  e.sample(7);
  EXPECT_EQ(e.text(),
            "# HELP sdemig_items_total Items by\\noutcome\n"
            "# TYPE sdemig_items_total counter\n"
            "sdemig_items_total{command=\"clone\",kind=\"connector\",outcome=\"a\\\"b\"} 3\n"
            "# HELP sdemig_run_exit_code Exit code\n"
            "# TYPE sdemig_run_exit_code gauge\n"
            "sdemig_run_exit_code{command=\"clone\"} 7\n");
  exposition bare;
  bare.gauge("x", "y");
  bare.sample(1);
  EXPECT_EQ(bare.text(), "# HELP x y\n# TYPE x gauge\nx 1\n");
}

TEST(exposition, names_follow_the_format) {
  EXPECT_TRUE(valid_metric_name("sdemig_run_exit_code"));
  EXPECT_TRUE(valid_metric_name("a:b"));
  EXPECT_FALSE(valid_metric_name("1abc"));
  EXPECT_FALSE(valid_metric_name("a-b"));
  EXPECT_FALSE(valid_metric_name(""));
  EXPECT_TRUE(valid_label_name("quantile"));
  EXPECT_FALSE(valid_label_name("a:b"));
}

}  // namespace
}  // namespace sdemig::engine
