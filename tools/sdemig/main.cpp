// sdemig: moves SD Elements connector configuration between instances.
// Argument parsing and wiring only; the work is in engine/.

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstring>
#include <iostream>

#include "commands/command.hpp"
#include "engine/commands/commands.hpp"
#include "manual.hpp"
#include "options.hpp"
#include "tools/allocator/heap.hpp"
#include "tools/version/parse_exit.hpp"
#include "tools/version/version.hpp"

namespace {

using namespace sdemig;

constexpr const char* commands[] = {"export", "plan",    "clone", "import", "verify",
                                    "bench",  "restore", "apply", "edit"};

bool known_command(const char* word) {
  for (const char* c : commands) {
    if (std::strcmp(c, word) == 0) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  // A closed pipe or a file-size limit is a write error to report, not a death.
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
  allocator::use_huge_pages();
  if (argc > 1 && argv[1][0] != '-' && !known_command(argv[1])) {
    std::cerr
        << "sdemig: unknown command \"" << argv[1]
        << "\" (commands: export, plan, clone, import, verify, bench, edit, apply, restore)\n";
    return 2;
  }
  CLI::App app{"sdemig: copy SD Elements connectors between instances, fast and safely"};
  app.require_subcommand(1);
  app.set_version_flag("--version", version_text("sdemig"),
                       "Print the version, the git revision and the libraries built with");

  std::vector<cli::command> defined;
  defined.push_back(cli::add_export(app));
  for (cli::command& c : cli::add_sync_commands(app)) defined.push_back(std::move(c));
  defined.push_back(cli::add_bench(app));
  cli::name_value_types(app);
  if (argc == 3 && std::strcmp(argv[1], "--manpages") == 0)
    return cli::write_manpages(app, argv[2]);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return exit_on_parse_error(app, e, "sdemig");
  }

  for (const cli::command& c : defined) {
    if (!*c.app) continue;
    if (auto problem = cli::path_problem(*c.app)) {
      std::cerr << "sdemig: " << *problem << '\n';
      return 2;
    }
  }
  try {
    for (const cli::command& c : defined) {
      if (*c.app) return c.run();
    }
  } catch (const engine::usage_error& e) {
    std::cerr << "sdemig: " << e.what() << '\n';
    cli::write_usage_metrics(app);
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sdemig: " << e.what() << '\n';
    return 1;
  }
  return 2;
}
