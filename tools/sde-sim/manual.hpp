#pragma once
// `sde-sim --manpages DIR`, hidden from --help and run by the build: writes
// sde-sim(1) into DIR from the CLI::App main() defined and what manual.cpp
// adds (exit status, files, examples).

#include <CLI/CLI.hpp>
#include <string>

namespace sdemig::sim {

int write_manpages(const CLI::App& app, const std::string& dir);

}  // namespace sdemig::sim
