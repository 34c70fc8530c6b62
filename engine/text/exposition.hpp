#pragma once
// Prometheus's text exposition format (version 0.0.4), as node_exporter's
// textfile collector and a Pushgateway read it: each family a "# HELP" and
// a "# TYPE" line, then its samples, one a line. Label values are escaped
// (backslash, double quote, newline), HELP text too (backslash, newline);
// values are written as Go's ParseFloat reads them ("NaN", "+Inf", "-Inf").

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sdemig::engine {

using metric_labels = std::vector<std::pair<std::string, std::string>>;

class exposition {
 public:
  // `common` goes first on every sample (sdemig's `command`).
  explicit exposition(metric_labels common = {}) : common_(std::move(common)) {}

  // Starts a gauge family named `name` (a valid metric name: asserted).
  void gauge(std::string_view name, std::string_view help) { start(name, help, "gauge"); }
  // Starts a counter family: a count of things done, its name ending in
  // `_total` (asserted). The file is one run's: each run starts from zero,
  // as a process's counters do when it starts.
  void counter(std::string_view name, std::string_view help);
  // A sample of the family last started; `labels` after the common ones.
  void sample(const metric_labels& labels, double value);
  void sample(double value) { sample({}, value); }

  const std::string& text() const noexcept { return text_; }

 private:
  void start(std::string_view name, std::string_view help, std::string_view type);

  metric_labels common_;
  std::string family_;
  std::string text_;
};

// `[a-zA-Z_:][a-zA-Z0-9_:]*` (a metric name) and `[a-zA-Z_][a-zA-Z0-9_]*`
// (a label name).
bool valid_metric_name(std::string_view name) noexcept;
bool valid_label_name(std::string_view name) noexcept;

// `\` -> `\\`, `"` -> `\"`, a newline -> `\n`.
std::string escape_label_value(std::string_view raw);
// `\` -> `\\`, a newline -> `\n`.
std::string escape_help(std::string_view raw);
// The shortest text that reads back as `value`; "NaN", "+Inf", "-Inf".
std::string metric_value(double value);

}  // namespace sdemig::engine
