// sdemig plan, clone, import and verify: the commands that compare a source
// (an instance or an export file) with a target, and share their flags.
#include <memory>

#include "engine/commands/commands.hpp"
#include "tools/sdemig/commands/command.hpp"
#include "tools/sdemig/options.hpp"

namespace sdemig::cli {
namespace {

struct sync_flags {
  engine::sync_settings settings;
  std::string import_file;        // import --file, restore --backup
  bool force = false;             // restore --force
  bool skip_drifted = false;      // apply --skip-drifted
  bool test_connections = false;  // verify --test-connections
  bool patch = false, put = false;
  instance_flags from{"SDE_SOURCE_TOKEN"};
  instance_flags to{"SDE_TARGET_TOKEN"};
  std::string kind = "all", progress = "auto";
};

CLI::Option* add_sync(CLI::App& cmd, sync_flags& f, bool from_instance, bool writes) {
  CLI::Option* from =
      from_instance ? add_instance(cmd, "--from", f.from, "source instance") : nullptr;
  add_instance(cmd, "--to", f.to, "target instance");
  cmd.add_option("--job", f.settings.job_file,
                 "Job file (JSON): kinds, select, transforms, on_conflict");
  cmd.add_option("--kind", f.kind,
                 "Only this kind of connector: alm (issue-tracker), analysis or all")
      ->check(CLI::IsMember({"alm", "issue-tracker", "analysis", "all"}));
  cmd.add_option("--secrets", f.settings.secrets_file,
                 "Secrets file (JSON) filling masked or redacted secrets");
  cmd.add_flag("--connections", f.settings.connections,
               "Projects' connections too, after their connectors (projects matched by path, "
               "connections by alias)");
  if (from_instance) {
    cmd.add_flag("--allow-same-instance", f.settings.allow_same_instance,
                 "Allow --from and --to to name the same instance");
  }
  add_net_flags(cmd, f.settings.net, writes, &f.progress);
  add_metrics_flag(cmd, f.settings.metrics_file);
  return from;
}

void add_update_verb_flags(CLI::App& cmd, sync_flags& f) {
  auto* patch = cmd.add_flag(
      "--patch", f.patch,
      "Update with PATCH (the default on current instances): params only on the target are kept, "
      "unknown secrets are not sent; a connector whose job unsets a param is sent with PUT");
  cmd.add_flag("--put", f.put,
               "Update with PUT (the default on legacy instances): the target gets exactly the "
               "source's fields")
      ->excludes(patch);
}

// The settings every sync command shares; `from` (read when given) joins
// the --insecure warning.
engine::sync_settings finish(sync_flags& f, const engine::instance_settings* from = nullptr) {
  engine::sync_settings s = f.settings;
  if (f.patch || f.put) s.use_patch = f.patch;
  s.to = read_instance(f.to, "--to");
  s.kind = parse_kind(f.kind);
  s.net.progress = progress_wanted(f.progress);
  std::vector<std::pair<std::string, const engine::instance_settings*>> sides;
  if (from) sides.emplace_back("source", from);
  sides.emplace_back("target", &s.to);
  warn_insecure(s.net, sides);
  return s;
}

engine::clone_settings finish_clone(sync_flags& f) {
  engine::clone_settings c;
  c.from = read_instance(f.from, "--from");
  c.sync = finish(f, &c.from);
  return c;
}

}  // namespace

std::vector<command> add_sync_commands(CLI::App& app) {
  auto plan_f = std::make_shared<sync_flags>(), clone_f = std::make_shared<sync_flags>(),
       import_f = std::make_shared<sync_flags>(), verify_f = std::make_shared<sync_flags>(),
       restore_f = std::make_shared<sync_flags>(), apply_f = std::make_shared<sync_flags>(),
       edit_f = std::make_shared<sync_flags>();
  CLI::App* plan_cmd =
      app.add_subcommand("plan", "Show what a clone would change, per connector and field");
  add_sync(*plan_cmd, *plan_f, true, true);
  plan_cmd->add_flag("--json", plan_f->settings.json, "Print the plan as JSON");
  plan_cmd->add_flag("--detailed-exitcode", plan_f->settings.detailed_exitcode,
                     "Exit 3 when changes are pending");
  plan_cmd->add_flag("--show-noop", plan_f->settings.show_noop, "List unchanged connectors too");
  plan_cmd->add_option("--html", plan_f->settings.html_file,
                       "Also write the plan as a self-contained HTML page for reviewers");
  plan_cmd->add_option("--out", plan_f->settings.plan_out,
                       "Save the plan to this file for `sdemig apply` (no secret value in it)");
  add_update_verb_flags(*plan_cmd, *plan_f);

  auto add_apply_flags = [](CLI::App& cmd, sync_flags& f, bool update_verbs = true) {
    cmd.add_flag("--dry-run", f.settings.dry_run, "Plan only: print the plan, write nothing");
    cmd.add_option("--journal", f.settings.journal_file,
                   "Append one NDJSON line per applied write");
    cmd.add_option("--report", f.settings.report_file,
                   "Write a JSON report of every connector's outcome");
    if (update_verbs) add_update_verb_flags(cmd, f);
    cmd.add_flag("--show-noop", f.settings.show_noop,
                 "With --dry-run: list unchanged connectors too");
    cmd.add_option("--html", f.settings.html_file,
                   "Write the plan (as made before anything is sent) as an HTML page");
    cmd.add_option("--backup", f.settings.backup_file,
                   "Before the first write, save what the target holds of every item the run "
                   "writes to this new file (never overwritten); `sdemig restore` undoes the run");
  };
  CLI::App* clone_cmd = app.add_subcommand("clone", "Copy connectors from one instance to another");
  clone_f->settings.net.auto_concurrency = true;  // the default for clone and import
  add_sync(*clone_cmd, *clone_f, true, true);
  add_apply_flags(*clone_cmd, *clone_f);

  CLI::App* import_cmd =
      app.add_subcommand("import", "Copy connectors from an export file to an instance");
  import_cmd
      ->add_option("--file", import_f->import_file, "Export file (json or ndjson), or - for stdin")
      ->required();
  import_f->settings.net.auto_concurrency = true;
  add_sync(*import_cmd, *import_f, false, true);
  add_apply_flags(*import_cmd, *import_f);

  CLI::App* verify_cmd =
      app.add_subcommand("verify", "Compare source (after transforms) with target");
  CLI::Option* verify_from = add_sync(*verify_cmd, *verify_f, true, true);
  verify_from->required(false);
  verify_cmd->add_flag("--json", verify_f->settings.json, "Print the comparison as JSON");
  verify_cmd->add_option("--html", verify_f->settings.html_file,
                         "Also write the comparison as a self-contained HTML page");
  verify_cmd->add_flag(
      "--test-connections", verify_f->test_connections,
      "Ask the target to test each connector in scope (POST /connectors/testalm/): ok NAME or fail "
      "NAME: detail; exit 1 if any fail (--from is not needed)");

  CLI::App* restore_cmd = app.add_subcommand(
      "restore",
      "Undo a clone or import from its --backup file: written items back, created ones deleted");
  restore_f->settings.net.auto_concurrency = true;
  restore_cmd->add_option("--backup", restore_f->import_file, "The run's backup file")->required();
  add_instance(*restore_cmd, "--to", restore_f->to, "target instance (the backup's)");
  restore_cmd->add_option("--secrets", restore_f->settings.secrets_file,
                          "Secrets file (JSON) giving secrets the backup holds masked");
  restore_cmd->add_flag("--force", restore_f->force,
                        "Also restore items changed on the target since the run wrote them");
  add_net_flags(*restore_cmd, restore_f->settings.net, true, &restore_f->progress);
  add_metrics_flag(*restore_cmd, restore_f->settings.metrics_file);
  restore_cmd->add_flag("--dry-run", restore_f->settings.dry_run,
                        "Plan only: print what the restore would do, write nothing");
  restore_cmd->add_option("--journal", restore_f->settings.journal_file,
                          "Append one NDJSON line per applied write");
  restore_cmd->add_option("--report", restore_f->settings.report_file,
                          "Write a JSON report of every item's outcome");
  restore_cmd->add_option("--html", restore_f->settings.html_file,
                          "Write the restore's plan as an HTML page");
  restore_cmd->add_flag("--show-noop", restore_f->settings.show_noop,
                        "With --dry-run: list unchanged items too");
  add_update_verb_flags(*restore_cmd, *restore_f);

  CLI::App* edit_cmd = app.add_subcommand(
      "edit", "Change an instance's own connectors with a job (a host moved, a password rotated)");
  edit_f->settings.net.auto_concurrency = true;
  add_instance(*edit_cmd, "--on", edit_f->to, "instance");
  edit_cmd
      ->add_option("--job", edit_f->settings.job_file,
                   "Job file (JSON): which connectors (select) and what changes (transforms)")
      ->required();
  edit_cmd
      ->add_option("--kind", edit_f->kind,
                   "Only this kind of connector: alm (issue-tracker), analysis or all")
      ->check(CLI::IsMember({"alm", "issue-tracker", "analysis", "all"}));
  edit_cmd->add_option("--secrets", edit_f->settings.secrets_file,
                       "Secrets file (JSON): new secret values (a rotated password)");
  edit_cmd->add_flag("--connections", edit_f->settings.connections,
                     "Projects' connections too (transforms with \"where\": {\"kind\": "
                     "\"connection\"})");
  add_net_flags(*edit_cmd, edit_f->settings.net, true, &edit_f->progress);
  add_metrics_flag(*edit_cmd, edit_f->settings.metrics_file);
  add_apply_flags(*edit_cmd, *edit_f);
  edit_cmd->add_option("--out", edit_f->settings.plan_out,
                       "Save the plan for `sdemig apply` instead of applying it");

  CLI::App* apply_cmd = app.add_subcommand(
      "apply", "Apply a plan saved by `plan --out` to its target, exactly as saved");
  apply_f->settings.net.auto_concurrency = true;
  apply_cmd->add_option("plan", apply_f->import_file, "The saved plan (plan --out)")
      ->required()
      ->type_name("PLAN");
  add_instance(*apply_cmd, "--from", apply_f->from,
               "source instance (where the plan takes secret values from it)")
      ->required(false);
  add_instance(*apply_cmd, "--to", apply_f->to, "target instance (the plan's)");
  apply_cmd->add_option("--secrets", apply_f->settings.secrets_file,
                        "Secrets file (JSON) giving the secrets the plan takes from it");
  apply_cmd->add_flag("--skip-drifted", apply_f->skip_drifted,
                      "Apply what did not change since the plan; report the drifted (exit 1)");
  add_net_flags(*apply_cmd, apply_f->settings.net, true, &apply_f->progress);
  add_metrics_flag(*apply_cmd, apply_f->settings.metrics_file);
  add_apply_flags(*apply_cmd, *apply_f, false);  // each update goes as the plan says

  // Every one checks its net flags first (a contradiction is exit 2).
  auto checked = [](CLI::App* cmd, std::shared_ptr<sync_flags> f, auto run) {
    return command{cmd, [cmd, f, run] {
                     check_net_flags(*cmd, f->settings.net);
                     return run(*f);
                   }};
  };
  return {
      checked(plan_cmd, plan_f, [](sync_flags& f) { return engine::run_plan(finish_clone(f)); }),
      checked(clone_cmd, clone_f, [](sync_flags& f) { return engine::run_clone(finish_clone(f)); }),
      checked(import_cmd, import_f,
              [](sync_flags& f) {
                return engine::run_import({f.import_file, finish(f)});
              }),
      checked(verify_cmd, verify_f,
              [](sync_flags& f) {
                engine::verify_settings v;
                v.test_connections = f.test_connections;
                if (!v.test_connections && f.from.url.empty()) {
                  throw engine::usage_error("verify needs --from (or --test-connections)");
                }
                if (!f.from.url.empty() && !v.test_connections)
                  v.from = read_instance(f.from, "--from");
                v.sync = finish(f, v.from ? &*v.from : nullptr);
                return engine::run_verify(v);
              }),
      checked(restore_cmd, restore_f,
              [](sync_flags& f) {
                return engine::run_restore({finish(f), f.import_file, f.force});
              }),
      checked(edit_cmd, edit_f,
              [](sync_flags& f) {
                engine::sync_settings s = f.settings;
                if (f.patch || f.put) s.use_patch = f.patch;
                s.to = read_instance(f.to, "--on");
                s.kind = parse_kind(f.kind);
                s.net.progress = progress_wanted(f.progress);
                warn_insecure(s.net, {{"instance", &s.to}});
                return engine::run_edit(s);
              }),
      checked(apply_cmd, apply_f, [](sync_flags& f) {
        engine::apply_settings a;
        if (!f.from.url.empty()) a.from = read_instance(f.from, "--from");
        a.sync = finish(f, a.from ? &*a.from : nullptr);
        a.plan_file = f.import_file;
        a.skip_drifted = f.skip_drifted;
        return engine::run_apply_plan(a);
      })};
}

}  // namespace sdemig::cli
