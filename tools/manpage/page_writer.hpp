#pragma once
// Man pages (section 1, man(7) macros) made from a program's CLI::App, the
// same definitions that print --help, so the two cannot drift: the
// program's page (PROGRAM.1) and one per subcommand (PROGRAM-COMMAND.1).
// Reached through a hidden `--manpages DIR` that CMake runs at build time.

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "manual.hpp"

namespace sdemig::manpage {

struct page {
  std::string name;  // "sdemig-clone"
  std::string roff;  // the page's source
};

// `program`: "sdemig"; `version`: the first line of --version's text
// ("sdemig 0.1.0 (git ...)"); `date`: YYYY-MM-DD for the header.
std::vector<page> render_pages(const CLI::App& app, const manual& m, std::string_view program,
                               std::string_view version, std::string_view date);

// SOURCE_DATE_EPOCH's day when set (reproducible builds), else today's (UTC).
std::string build_date();

// Writes every page to DIR/NAME.1 (each all-or-nothing); on failure prints
// one line "PROGRAM: --manpages DIR: reason" and returns 1, else 0.
int write_pages(const CLI::App& app, const manual& m, std::string_view program,
                std::string_view version, const std::string& dir);

}  // namespace sdemig::manpage
