#pragma once
// How both programs end on what CLI11 stops parsing for: --help and
// --version print their text to standard output through the checked
// writer (a full disk or a closed pipe is exit 1, as every other output's),
// a usage error is exit 2. Header-only: each program links CLI11 itself.

#include <CLI/CLI.hpp>
#include <iostream>
#include <sstream>
#include <string_view>
#include <system_error>

#include "io/files/output_file.hpp"

namespace sdemig {

inline int exit_on_parse_error(const CLI::App& app, const CLI::ParseError& e,
                               std::string_view program) {
  std::ostringstream text;
  if (app.exit(e, text, std::cerr) != 0) return 2;
  try {
    files::write_stdout(text.str());
  } catch (const std::system_error& failed) {
    std::cerr << program << ": " << failed.what() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace sdemig
