// sdemig export: every connector of an instance to JSON or NDJSON.
#include <memory>

#include "engine/commands/commands.hpp"
#include "tools/sdemig/commands/command.hpp"
#include "tools/sdemig/options.hpp"

namespace sdemig::cli {

command add_export(CLI::App& app) {
  struct flags {
    engine::export_settings settings;
    std::string kind = "all", format = "json", progress = "auto";
    instance_flags from{"SDE_SOURCE_TOKEN"};
  };
  auto f = std::make_shared<flags>();
  engine::export_settings& exp = f->settings;
  CLI::App* cmd =
      app.add_subcommand("export", "Write every connector of an instance to JSON or NDJSON");
  add_instance(*cmd, "--from", f->from, "source instance");
  cmd->add_option("--api", f->from.api, "Same as --from-api")
      ->check(CLI::IsMember({"legacy", "current", "auto"}));
  cmd->add_option("--kind", f->kind, "alm (issue-tracker), analysis or all")
      ->check(CLI::IsMember({"alm", "issue-tracker", "analysis", "all"}))
      ->capture_default_str();
  cmd->add_option("--out", exp.out, "Output file, or - for stdout")->capture_default_str();
  cmd->add_option("--format", f->format, "json or ndjson")
      ->check(CLI::IsMember({"json", "ndjson"}))
      ->capture_default_str();
  cmd->add_flag("--connections", exp.connections,
                "Projects' connections too, with project paths and connector names");
  cmd->add_flag("--include-secrets", exp.options.include_secrets,
                "Write secret params (file mode 0600)");
  add_net_flags(*cmd, exp.net, true, &f->progress);
  add_metrics_flag(*cmd, exp.metrics_file);
  return {cmd, [cmd, f] {
            engine::export_settings& exp = f->settings;
            check_net_flags(*cmd, exp.net);
            exp.from = read_instance(f->from, "--from");
            exp.net.progress = progress_wanted(f->progress);
            warn_insecure(exp.net, {{"source", &exp.from}});
            exp.options.format =
                f->format == "ndjson" ? engine::export_format::ndjson : engine::export_format::json;
            if (auto k = parse_kind(f->kind)) exp.options.kinds = {*k};
            return engine::run_export(exp);
          }};
}

}  // namespace sdemig::cli
