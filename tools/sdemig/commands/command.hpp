#pragma once
// One sdemig command on the command line: its flags, added to the app, and
// what runs once they are parsed (checks the flags, builds the engine's
// settings, runs the command, returns the exit code). Each command's flags
// live in its own file; main() only parses and picks the one given.

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace sdemig::cli {

struct command {
  CLI::App* app = nullptr;
  std::function<int()> run;  // throws engine::usage_error for bad flags (exit 2)
};

command add_export(CLI::App& app);
// plan, clone, import and verify: the commands that compare two sides.
std::vector<command> add_sync_commands(CLI::App& app);
command add_bench(CLI::App& app);

}  // namespace sdemig::cli
