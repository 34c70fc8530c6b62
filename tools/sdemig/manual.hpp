#pragma once
// `sdemig --manpages DIR`, hidden from --help and run by the build: writes
// sdemig(1) and sdemig-COMMAND(1) for each command into DIR, from the
// CLI::App main() defined and what manual.cpp adds (exit status,
// environment, files, examples).

#include <CLI/CLI.hpp>
#include <string>

namespace sdemig::cli {

int write_manpages(const CLI::App& app, const std::string& dir);

}  // namespace sdemig::cli
