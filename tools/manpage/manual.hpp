#pragma once
// What a program's man pages say beyond its CLI11 definitions: the parts
// CLI11 cannot know (exit status, environment, files, examples, more
// description). Each program keeps its own in one source file
// (tools/sdemig/manual.cpp, tools/sde-sim/manual.cpp); the options, the
// commands and their one-line descriptions come from the CLI::App.

#include <map>
#include <string>
#include <vector>

namespace sdemig::manpage {

// One entry of a list section (.TP): an exit code, a variable, a file, or
// an example (term: the command line). `commands`: the command pages it
// also goes on; empty: every page. The program's own page has them all.
struct item {
  std::string term;
  std::string text;
  std::vector<std::string> commands = {};
};

struct manual {
  // Paragraphs ("\n\n" between them) after the app's description on the
  // program's page, and per command on its page.
  std::string description;
  std::map<std::string, std::string> command_descriptions;
  std::vector<item> exit_status;
  std::vector<item> environment;
  std::vector<item> files;
  std::vector<item> examples;
  std::vector<std::string> see_also;  // other pages, "sde-sim(1)"
};

}  // namespace sdemig::manpage
