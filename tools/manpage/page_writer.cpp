#include "page_writer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <set>

#include "io/files/atomic_file.hpp"
#include "roff.hpp"

namespace sdemig::manpage {
namespace {

// An item goes on the program's page (command "") and on the pages it names.
bool on_page(const item& i, const std::string& command) {
  return command.empty() || i.commands.empty() ||
         std::find(i.commands.begin(), i.commands.end(), command) != i.commands.end();
}

// A description as a sentence: a capital first letter, a full stop.
std::string sentence(std::string s) {
  if (!s.empty() && std::islower(static_cast<unsigned char>(s[0])))
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  if (!s.empty() && std::string_view(".!?:").find(s.back()) == std::string_view::npos) s += '.';
  return s;
}

// NAME's summary: "sdemig: copy ..." -> "copy ...", "Copy connectors" -> "copy connectors".
std::string summary(std::string s, std::string_view program) {
  const std::string prefix = std::string(program) + ": ";
  if (s.rfind(prefix, 0) == 0) s.erase(0, prefix.size());
  if (s.size() > 1 && std::isupper(static_cast<unsigned char>(s[0])) &&
      std::islower(static_cast<unsigned char>(s[1])))
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

// CLI11's type name, as --help prints it: "UINT:INT in [1 - 4096]" is the
// value's placeholder, then what its validators accept.
std::pair<std::string, std::string> type_parts(const CLI::Option& o) {
  const std::string type = o.get_type_name();
  const std::size_t colon = type.find(':');
  std::string placeholder = type.substr(0, colon);
  if (placeholder.empty()) placeholder = "VALUE";
  return {placeholder, colon == std::string::npos ? std::string() : type.substr(colon + 1)};
}

// A flag expects no value (CLI11 sets its expected count to 0).
bool takes_value(const CLI::Option& o) {
  return o.get_type_size() != 0 && o.get_expected_max() != 0;
}

bool repeatable(const CLI::Option& o) {
  return takes_value(o) && o.get_expected_max() >= CLI::detail::expected_max_vector_size;
}

std::string names_of(const CLI::Option& o) {
  std::string out;
  auto add = [&](const std::string& name) { out += (out.empty() ? "" : ", ") + roff::bold(name); };
  for (const std::string& n : o.get_snames()) add("-" + n);
  for (const std::string& n : o.get_lnames()) add("--" + n);
  return out;
}

std::string option_term(const CLI::Option& o) {
  std::string term = names_of(o);
  if (takes_value(o)) term += ' ' + roff::italic(type_parts(o).first);
  if (repeatable(o)) term += " ...";
  return term;
}

std::string option_text(const CLI::Option& o) {
  std::string s = sentence(o.get_description());
  auto list = [](const std::set<CLI::Option*>& options) {
    std::string names;
    for (const CLI::Option* other : options)
      names += (names.empty() ? "" : ", ") + other->get_name();
    return names;
  };
  // CLI::ExistingFile describes itself as "FILE".
  if (const std::string accepts = type_parts(o).second; accepts == "FILE")
    s += " The file must exist.";
  else if (!accepts.empty())
    s += " Accepts: " + accepts + ".";
  if (!o.get_default_str().empty()) s += " Default: " + o.get_default_str() + ".";
  if (o.get_required()) s += " Required.";
  if (!o.get_needs().empty()) s += " Needs " + list(o.get_needs()) + ".";
  if (!o.get_excludes().empty()) s += " Not with " + list(o.get_excludes()) + ".";
  if (!o.get_envname().empty()) s += " Environment: " + o.get_envname() + ".";
  if (repeatable(o) && s.find("repeatable") == std::string::npos) s += " Repeatable.";
  return roff::lines(s);
}

// The options --help lists (CLI11 hides those of an empty group).
std::vector<const CLI::Option*> listed_options(const CLI::App& app) {
  return app.get_options(
      [](const CLI::Option* o) { return !o->get_group().empty() && !o->get_positional(); });
}

std::string section(const char* title) {
  return std::string(".SH ") + title + "\n";
}

std::string list_section(const char* title, const std::vector<item>& items,
                         const std::string& command) {
  std::string out;
  for (const item& i : items) {
    if (on_page(i, command)) out += ".TP\n" + roff::bold(i.term) + "\n" + roff::lines(i.text);
  }
  return out.empty() ? out : section(title) + out;
}

std::string examples_section(const std::vector<item>& examples, const std::string& command) {
  std::string out;
  for (const item& e : examples) {
    if (!on_page(e, command)) continue;
    out += ".PP\n" + roff::lines(e.text) + ".PP\n.RS 4\n.nf\n";
    out += roff::lines(e.term);  // one shell line per line, as typed
    out += ".fi\n.RE\n";
  }
  return out.empty() ? out : section("EXAMPLES") + out;
}

std::string page_ref(std::string_view ref) {  // "sde-sim(1)" -> \fBsde\-sim\fR(1)
  const std::size_t paren = ref.find('(');
  return roff::bold(ref.substr(0, paren)) +
         std::string(paren == std::string_view::npos ? "" : ref.substr(paren));
}

struct page_context {
  const manual& m;
  std::string program, version, date;
};

std::string header(const page_context& c, const std::string& name, const std::string& what) {
  std::string title = name;
  std::transform(title.begin(), title.end(), title.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return ".\\\" Generated by " + c.program +
         " --manpages from its command-line definitions: do not edit.\n"
         ".TH " +
         roff::arg(title) + " 1 " + roff::arg(c.date) + ' ' + roff::arg(c.version) +
         " \"User Commands\"\n"
         // No hyphenation and a ragged right: flags and paths stay whole.
         ".nh\n.ad l\n" +
         section("NAME") + roff::text(name) + " \\- " + roff::text(summary(what, c.program)) + "\n";
}

std::string options_section(const CLI::App& app) {
  std::string out = section("OPTIONS");
  for (const CLI::Option* o : listed_options(app))
    out += ".TP\n" + option_term(*o) + "\n" + option_text(*o);
  return out;
}

std::string see_also(const page_context& c, const std::vector<std::string>& pages) {
  std::vector<std::string> refs = pages;
  refs.insert(refs.end(), c.m.see_also.begin(), c.m.see_also.end());
  std::string out = section("SEE ALSO");
  for (std::size_t i = 0; i < refs.size(); ++i)
    out += page_ref(refs[i]) + (i + 1 < refs.size() ? ",\n" : "\n");
  return out;
}

std::string common_sections(const page_context& c, const std::string& command) {
  return list_section("EXIT STATUS", c.m.exit_status, command) +
         list_section("ENVIRONMENT", c.m.environment, command) +
         list_section("FILES", c.m.files, command) + examples_section(c.m.examples, command);
}

std::string program_page(const page_context& c, const CLI::App& app,
                         const std::vector<const CLI::App*>& commands) {
  std::string out = header(c, c.program, app.get_description()) + section("SYNOPSIS");
  out += roff::bold(c.program) + (commands.empty() ? "" : ' ' + roff::italic("COMMAND")) + " [" +
         roff::italic("OPTIONS") + "]\n";
  if (app.get_version_ptr() != nullptr)
    out += ".br\n" + roff::bold(c.program + " --version") + "\n";
  out += section("DESCRIPTION") + roff::lines(sentence(summary(app.get_description(), c.program)));
  if (!c.m.description.empty()) out += ".PP\n" + roff::lines(c.m.description);
  std::vector<std::string> pages;
  if (!commands.empty()) {
    out += section("COMMANDS");
    for (const CLI::App* cmd : commands) {
      const std::string page_name = c.program + "-" + cmd->get_name();
      out += ".TP\n" + roff::bold(cmd->get_name()) + "\n" +
             roff::lines(sentence(cmd->get_description())) + "See " + page_ref(page_name + "(1)") +
             ".\n";
      pages.push_back(page_name + "(1)");
    }
  }
  return out + options_section(app) + common_sections(c, "") + see_also(c, pages);
}

std::string command_page(const page_context& c, const CLI::App& cmd,
                         const std::vector<const CLI::App*>& commands) {
  const std::string name = c.program + "-" + cmd.get_name();
  std::string out = header(c, name, cmd.get_description()) + section("SYNOPSIS");
  out += roff::bold(c.program + " " + cmd.get_name());
  for (const CLI::Option* o : listed_options(cmd)) {
    if (o->get_required()) out += ' ' + option_term(*o);
  }
  out += " [" + roff::italic("OPTIONS") + "]\n";
  out += section("DESCRIPTION") + roff::lines(sentence(cmd.get_description()));
  if (auto more = c.m.command_descriptions.find(cmd.get_name());
      more != c.m.command_descriptions.end())
    out += ".PP\n" + roff::lines(more->second);
  std::vector<std::string> pages{c.program + "(1)"};
  for (const CLI::App* other : commands) {
    if (other != &cmd) pages.push_back(c.program + "-" + other->get_name() + "(1)");
  }
  return out + options_section(cmd) + common_sections(c, cmd.get_name()) + see_also(c, pages);
}

}  // namespace

std::vector<page> render_pages(const CLI::App& app, const manual& m, std::string_view program,
                               std::string_view version, std::string_view date) {
  // "sdemig 0.1.0 (git ...)\nbuilt with ..." -> "sdemig 0.1.0"
  std::string footer(version.substr(0, version.find_first_of("(\n")));
  while (!footer.empty() && footer.back() == ' ') footer.pop_back();
  const page_context c{m, std::string(program), footer, std::string(date)};
  const std::vector<const CLI::App*> commands = app.get_subcommands({});
  std::vector<page> pages{{c.program, program_page(c, app, commands)}};
  for (const CLI::App* cmd : commands)
    pages.push_back({c.program + "-" + cmd->get_name(), command_page(c, *cmd, commands)});
  return pages;
}

std::string build_date() {
  std::time_t when = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    const long long seconds = std::strtoll(epoch, &end, 10);
    if (*epoch != '\0' && *end == '\0' && seconds >= 0) when = static_cast<std::time_t>(seconds);
  }
  std::tm utc{};
  gmtime_r(&when, &utc);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &utc);
  return day;
}

int write_pages(const CLI::App& app, const manual& m, std::string_view program,
                std::string_view version, const std::string& dir) {
  try {
    for (const page& p : render_pages(app, m, program, version, build_date())) {
      files::atomic_file out(dir + "/" + p.name + ".1");
      out.write(p.roff);
      out.commit();
    }
  } catch (const std::exception& e) {
    std::cerr << program << ": --manpages " << dir << ": " << e.what() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace sdemig::manpage
