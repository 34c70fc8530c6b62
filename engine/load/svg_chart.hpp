#pragma once
// Charts as inline SVG, written by us: line charts (a linear time axis, or
// HdrHistogram's log-scaled "percentile (1/(1-p))" axis) and bar charts.
// Nothing is needed to view them; every label is escaped. Each series is one
// <polyline class="series" data-series="NAME">, each bar a <rect
// class="bar">, so a test can count what a person would see.

#include <string>
#include <utility>
#include <vector>

namespace sdemig::engine::svg {

struct series {
  std::string name;
  std::vector<std::pair<double, double>> points;  // x, y
};

struct line_chart {
  std::string id;  // data-chart
  std::string title, x_label, y_label;
  // x values are percentiles in [0, 1], drawn at log10(1 / (1 - p)) with
  // ticks at 0%, 90%, 99%, 99.9%...
  bool x_percentile = false;
  std::vector<series> lines;
  int width = 560, height = 300;
};

struct bar {
  std::string label;
  double value = 0;
  std::string color;  // a CSS color; empty: the palette's next
};

struct bar_chart {
  std::string id;
  std::string title, y_label;
  std::vector<bar> bars;
  int width = 560, height = 300;
};

std::string draw(const line_chart& chart);
std::string draw(const bar_chart& chart);

// 1, 2, 5 times a power of ten, at or above `value` (1 for nothing).
double nice_ceiling(double value);

}  // namespace sdemig::engine::svg
