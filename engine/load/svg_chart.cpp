#include "engine/load/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/text/html.hpp"

namespace sdemig::engine::svg {
namespace {

constexpr const char* palette[] = {"#0969da", "#cf222e", "#1a7f37", "#9a6700",
                                   "#8250df", "#bc4c00", "#57606a", "#1b7c83"};
constexpr double left = 64, right = 32, top = 32, bottom = 48;

std::string coord(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A tick label: three significant digits, thousands separated.
std::string tick_label(double v) {
  if (std::abs(v) >= 1000) return html::number(v);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::string text_at(double x, double y, std::string_view anchor, const std::string& content,
                    std::string_view extra = {}) {
  return "<text x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" text-anchor=\"" +
         std::string(anchor) + "\"" + std::string(extra) + ">" + content + "</text>";
}

struct frame {
  double w, h;
  double plot_w() const { return w - left - right; }
  double plot_h() const { return h - top - bottom; }
};

std::string open_svg(const std::string& id, const std::string& title, int width, int height,
                     const std::string& y_label) {
  std::string out = "<svg class=\"chart\" data-chart=\"" + html::text(id) + "\" width=\"" +
                    std::to_string(width) + "\" height=\"" + std::to_string(height) +
                    "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">";
  out += "<title>" + html::text(title) + "</title>";
  out += text_at(left, 18, "start", html::text(title), " class=\"title\"");
  out += "<text transform=\"translate(14 " + coord(top + (height - top - bottom) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + html::text(y_label) + "</text>";
  return out;
}

// Horizontal grid lines and their labels, 0 to y_max in five steps.
std::string y_grid(const frame& f, double y_max) {
  std::string out;
  for (int i = 0; i <= 5; ++i) {
    const double v = y_max * i / 5;
    const double y = top + f.plot_h() * (1 - static_cast<double>(i) / 5);
    out += "<line x1=\"" + coord(left) + "\" x2=\"" + coord(f.w - right) + "\" y1=\"" + coord(y) +
           "\" y2=\"" + coord(y) + "\" stroke=\"#eaeef2\"/>";
    out += text_at(left - 6, y + 4, "end", tick_label(v));
  }
  return out;
}

double percentile_x(double p) {
  return std::log10(1.0 / std::max(1e-9, 1.0 - std::min(p, 0.999999999)));
}

// Decade 0: 0%, 1: 90%, 2: 99%, 3: 99.9%...
std::string percentile_label(int decade) {
  if (decade == 0) return "0%";
  if (decade == 1) return "90%";
  return "99" + (decade > 2 ? "." + std::string(static_cast<std::size_t>(decade - 2), '9') : "") +
         "%";
}

}  // namespace

double nice_ceiling(double value) {
  if (!(value > 0) || !std::isfinite(value)) return 1;
  const double power = std::pow(10.0, std::floor(std::log10(value)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (value <= m * power * (1 + 1e-12)) return m * power;
  }
  return 10 * power;
}

std::string draw(const line_chart& chart) {
  const frame f{static_cast<double>(chart.width), static_cast<double>(chart.height)};
  double x_max = 0, y_max = 0;
  for (const series& s : chart.lines) {
    for (auto [x, y] : s.points) {
      x_max = std::max(x_max, chart.x_percentile ? percentile_x(x) : x);
      y_max = std::max(y_max, y);
    }
  }
  y_max = nice_ceiling(y_max);
  if (chart.x_percentile) {
    x_max = std::max(1.0, std::ceil(x_max));
  } else {
    x_max = std::max(1.0, x_max);
  }
  auto px = [&](double x) {
    const double v = chart.x_percentile ? percentile_x(x) : x;
    return left + f.plot_w() * v / x_max;
  };
  auto py = [&](double y) { return top + f.plot_h() * (1 - y / y_max); };
  std::string out = open_svg(chart.id, chart.title, chart.width, chart.height, chart.y_label);
  out += y_grid(f, y_max);
  // The x axis and its ticks.
  const double base = top + f.plot_h();
  out += "<line x1=\"" + coord(left) + "\" x2=\"" + coord(f.w - right) + "\" y1=\"" + coord(base) +
         "\" y2=\"" + coord(base) + "\" stroke=\"#8c959f\"/>";
  if (chart.x_percentile) {
    for (int d = 0; d <= static_cast<int>(x_max); ++d) {
      const double x = left + f.plot_w() * d / x_max;
      out += text_at(x, base + 16, "middle", percentile_label(d));
    }
  } else {
    const double step = nice_ceiling(x_max / 6);
    for (double v = 0; v <= x_max + 1e-9; v += step)
      out += text_at(left + f.plot_w() * v / x_max, base + 16, "middle", tick_label(v));
  }
  out += text_at(left + f.plot_w() / 2, f.h - 8, "middle", html::text(chart.x_label));
  // The lines, then the legend.
  for (std::size_t i = 0; i < chart.lines.size(); ++i) {
    const series& s = chart.lines[i];
    const char* color = palette[i % std::size(palette)];
    std::string points;
    points.reserve(s.points.size() * 12);
    for (auto [x, y] : s.points) {
      if (!points.empty()) points += ' ';
      points += coord(px(x)) + "," + coord(py(y));
    }
    out += "<polyline class=\"series\" data-series=\"" + html::text(s.name) +
           "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.8\" points=\"" + points +
           "\"/>";
    const double lx = left + 8 + 110 * static_cast<double>(i);
    out += "<rect x=\"" + coord(lx) + "\" y=\"" + coord(top - 4) +
           "\" width=\"10\" height=\"3\" fill=\"" + color + "\"/>";
    out += text_at(lx + 14, top, "start", html::text(s.name));
  }
  out += "</svg>";
  return out;
}

std::string draw(const bar_chart& chart) {
  const frame f{static_cast<double>(chart.width), static_cast<double>(chart.height)};
  double y_max = 0;
  for (const bar& b : chart.bars) y_max = std::max(y_max, b.value);
  y_max = nice_ceiling(y_max);
  std::string out = open_svg(chart.id, chart.title, chart.width, chart.height, chart.y_label);
  out += y_grid(f, y_max);
  const double slot = f.plot_w() / static_cast<double>(std::max<std::size_t>(1, chart.bars.size()));
  const double base = top + f.plot_h();
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const bar& b = chart.bars[i];
    const double height = f.plot_h() * b.value / y_max;
    const double x = left + slot * static_cast<double>(i) + slot * 0.15;
    const std::string color = b.color.empty() ? palette[i % std::size(palette)] : b.color;
    out += "<rect class=\"bar\" data-label=\"" + html::text(b.label) + "\" data-value=\"" +
           tick_label(b.value) + "\" x=\"" + coord(x) + "\" y=\"" + coord(base - height) +
           "\" width=\"" + coord(slot * 0.7) + "\" height=\"" + coord(height) + "\" fill=\"" +
           html::text(color) + "\"/>";
    out += text_at(x + slot * 0.35, base - height - 4, "middle", html::number(b.value));
    out += text_at(x + slot * 0.35, base + 16, "middle", html::text(b.label));
  }
  out += "<line x1=\"" + coord(left) + "\" x2=\"" + coord(f.w - right) + "\" y1=\"" + coord(base) +
         "\" y2=\"" + coord(base) + "\" stroke=\"#8c959f\"/>";
  out += "</svg>";
  return out;
}

}  // namespace sdemig::engine::svg
