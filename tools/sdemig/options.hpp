#pragma once
// Command-line flags shared by several sdemig commands, and the checks on
// what they are given: every number finite and in a range the message names,
// tokens one clean line.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "engine/commands/commands.hpp"

namespace sdemig::cli {

// Where an instance's token comes from: --X-token-file or an environment variable.
struct token_source {
  std::string file;
  const char* env = nullptr;
};

// An instance's flags: URL, token file, and its own TLS settings.
struct instance_flags {
  explicit instance_flags(const char* token_env) { token.env = token_env; }
  std::string url;
  token_source token;
  std::string ca_file;
  bool insecure = false;
  std::string api = "auto";  // legacy, current or auto (probe)
};

// A number of `unit`s in [low, high], finite; the message names the range.
CLI::Validator finite_range(double low, double high, const std::string& unit);

// `progress`: where --progress goes; nullptr: the command has none.
// `pooled`: --concurrency, --max-concurrency and --rate too (every command
// but bench, which has -c and its own --rate).
void add_net_flags(CLI::App& app, engine::net_settings& net, bool pooled, std::string* progress);
// After parsing: --max-concurrency without --concurrency means auto;
// flags that contradict each other are a usage error.
void check_net_flags(const CLI::App& app, engine::net_settings& net);
// Adds FLAG (the URL) and its token file flag (FLAG-token-file, or
// `token_flag`); with `per_side`, FLAG-insecure, FLAG-ca-file and FLAG-api
// (else --api) too.
CLI::Option* add_instance(CLI::App& app, const std::string& flag, instance_flags& instance,
                          const std::string& what, const std::string& token_flag = {},
                          bool per_side = true);

// The instance's settings with its token read (file first, then the
// environment); throws usage_error.
engine::instance_settings read_instance(const instance_flags& flags, const std::string& flag,
                                        const std::string& token_flag = {});

// A token as read from a file or the environment: a BOM, trailing white
// space and one trailing newline are dropped; empty or holding any other
// control character is a usage_error naming `where`.
std::string clean_token(std::string raw, const std::string& where);

// The --insecure warning, naming each instance whose certificate is not verified.
void warn_insecure(
    const engine::net_settings& net,
    const std::vector<std::pair<std::string, const engine::instance_settings*>>& sides);

// --metrics-file FILE: the run's outcome in Prometheus's text format
// (engine/commands/metrics_file.hpp).
void add_metrics_flag(CLI::App& cmd, std::string& path);
// After a usage error: the parsed command's --metrics-file, when given, gets
// a file saying exit code 2 (an unreadable token or job file is a failed run
// a monitoring stack must see).
void write_usage_metrics(const CLI::App& app);

// After every flag is defined: the value of a flag naming a file is shown as
// FILE and one naming an instance as URL (in --help and the man pages),
// instead of CLI11's TEXT.
void name_value_types(CLI::App& app);

// What is wrong with the paths the command `cmd` was given, if anything: an
// empty one, or an output (--out, --report, --journal, --html, --hdr-out,
// --metrics-file) naming the same file as another path flag (an input it
// would destroy, another output it would overwrite). Checked before
// anything is written: the message is all, no metrics file is written.
std::optional<std::string> path_problem(const CLI::App& cmd);

// "auto" (a terminal), "always" or "never".
bool progress_wanted(const std::string& mode);

std::optional<connector_kind> parse_kind(const std::string& text);  // "all" -> nullopt

// "get=8,list=1,update=1": integer weights 0..1000, at least one positive;
// throws usage_error naming the bad part.
std::vector<std::pair<engine::bench_op, unsigned>> parse_mix(const std::string& text);

}  // namespace sdemig::cli
