#include "options.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "io/files/read_file.hpp"
#include "io/net/core/url.hpp"

namespace sdemig::cli {
namespace {

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

CLI::Validator finite_range(double low, double high, const std::string& unit) {
  const std::string range =
      "a number of " + unit + " from " + number_text(low) + " to " + number_text(high);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || v < low ||
            v > high) {
          return "\"" + text + "\" is not " + range;
        }
        return {};
      },
      range);
}

void check_net_flags(const CLI::App& app, engine::net_settings& net) {
  net.max_concurrency_given = app.count("--max-concurrency") > 0;
  if (app.count("--max-concurrency") == 0 || net.auto_concurrency) return;
  // A cap is for a limit that moves: alone, it asks for --concurrency auto
  // (the default of clone and import, not of the other commands).
  if (app.count("--concurrency") == 0) {
    net.auto_concurrency = true;
    return;
  }
  throw engine::usage_error("--max-concurrency caps --concurrency auto; --concurrency " +
                            std::to_string(net.concurrency) + " fixes the limit: give one");
}

void add_net_flags(CLI::App& app, engine::net_settings& net, bool pooled, std::string* progress) {
  app.add_option("--ca-file", net.ca_file,
                 "Extra trust anchors (PEM) for HTTPS, for every instance")
      ->check(CLI::ExistingFile);
  app.add_flag("--insecure", net.insecure,
               "Do not verify any instance's TLS certificate (prints a warning)");
  app.add_option("--proxy", net.proxy,
                 "HTTP proxy for every instance, http://[USER:PASSWORD@]host[:port] "
                 "(instead of HTTPS_PROXY/HTTP_PROXY/ALL_PROXY; NO_PROXY still applies)");
  app.add_flag("--no-proxy", net.no_proxy,
               "Connect directly, ignoring --proxy and the *_PROXY variables (it wins over them)");
  app.add_option("--page-size", net.page_size, "Connectors per list page")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option(
         "--timeout",
         [&net](const CLI::results_t& r) {
           net.timeout =
               std::chrono::milliseconds(static_cast<long>(std::llround(std::stod(r[0]) * 1000)));
           return true;
         },
         "Deadline of one request, seconds (default 60)")
      ->check(finite_range(0.001, 86400, "seconds"));
  app.add_option(
         "--retry-budget",
         [&net](const CLI::results_t& r) {
           net.retry_budget =
               std::chrono::milliseconds(static_cast<long>(std::llround(std::stod(r[0]) * 1000)));
           return true;
         },
         "How long one request may spend retrying (429, 503, failed connections), seconds "
         "(default 120)")
      ->check(finite_range(0, 86400, "seconds"));
  if (progress) {
    app.add_option("--progress", *progress,
                   "Progress on stderr: auto (on a terminal), always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
  }
  if (pooled) {
    app.add_option(
           "--concurrency",
           [&net](const CLI::results_t& r) {
             net.auto_concurrency = r[0] == "auto";
             if (!net.auto_concurrency) net.concurrency = std::stoul(r[0]);
             return true;
           },
           "Requests in flight per instance: N (1 to 1024), or auto: found by watching the "
           "instance's latency, up to --max-concurrency")
        ->check([](const std::string& text) -> std::string {
          if (text == "auto") return {};
          if (text.empty() || text.size() > 4 ||
              text.find_first_not_of("0123456789") != std::string::npos || std::stoul(text) < 1 ||
              std::stoul(text) > 1024)
            return "\"" + text + "\" is not auto or a number from 1 to 1024";
          return {};
        })
        ->default_str(net.auto_concurrency ? "auto" : std::to_string(net.concurrency));
    app.add_option("--max-concurrency", net.max_concurrency,
                   "With --concurrency auto: the most requests in flight per instance (without "
                   "it: 64 at the server, plus what a distant one's round trip holds, at most "
                   "256)")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    app.add_option("--rate", net.rate, "Requests per second per instance (default: no cap)")
        ->check(finite_range(0.001, 1e6, "requests per second"));
  }
}

CLI::Option* add_instance(CLI::App& app, const std::string& flag, instance_flags& instance,
                          const std::string& what, const std::string& token_flag, bool per_side) {
  CLI::Option* url =
      app.add_option(flag, instance.url, what + "'s URL: http(s)://host[:port][/prefix]")
          ->required();
  app.add_option(
      token_flag.empty() ? flag + "-token-file" : token_flag, instance.token.file,
      "File holding the " + what + "'s API token (or $" + std::string(instance.token.env) + ")");
  const auto generations = CLI::IsMember({"legacy", "current", "auto"});
  const std::string api_help =
      "The " + what +
      "'s API: legacy (4.x, /connectors/alm/), current (/connectors/issue-tracker/) "
      "or auto (probe it)";
  if (!per_side) {
    app.add_option("--api", instance.api, api_help)->check(generations)->capture_default_str();
    return url;
  }
  app.add_option(flag + "-api", instance.api, api_help)->check(generations)->capture_default_str();
  app.add_option(flag + "-ca-file", instance.ca_file, "Extra trust anchors (PEM) for the " + what)
      ->check(CLI::ExistingFile);
  app.add_flag(flag + "-insecure", instance.insecure,
               "Do not verify the " + what + "'s TLS certificate (prints a warning)");
  return url;
}

std::string clean_token(std::string token, const std::string& where) {
  files::strip_bom(token);
  auto trim_blanks = [&] {
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\r'))
      token.pop_back();
  };
  trim_blanks();
  if (!token.empty() && token.back() == '\n') token.pop_back();
  trim_blanks();
  if (token.empty()) throw engine::usage_error(where + " is empty: it should hold the API token");
  auto is_control = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  };
  const auto bad = std::find_if(token.begin(), token.end(), is_control);
  if (bad == token.end()) return token;
  const std::string what = *bad == '\n'   ? "a second line"
                           : *bad == '\r' ? "a carriage return"
                           : *bad == '\0' ? "a NUL byte"
                                          : "a control character";
  // Where it stands: before more of the token, or after all of it.
  const bool inside = *bad != '\n' && std::any_of(bad, token.end(), [&](char c) {
    return !is_control(c) && c != ' ' && c != '\t';
  });
  throw engine::usage_error(where + " holds " + what + (inside ? " inside" : " after") +
                            " the token: a token file holds the token alone, on one line");
}

engine::instance_settings read_instance(const instance_flags& flags, const std::string& flag,
                                        const std::string& token_flag) {
  const std::string file_flag = token_flag.empty() ? flag + "-token-file" : token_flag;
  engine::instance_settings out{
      flags.url, {}, flags.ca_file, flags.insecure, parse_api_generation(flags.api)};
  const token_source& source = flags.token;
  if (!source.file.empty()) {
    std::string raw;
    try {
      raw = files::read_file(source.file);
    } catch (const std::system_error& e) {
      throw engine::usage_error(file_flag + ": " + e.what());
    }
    out.token = clean_token(std::move(raw), file_flag + " " + source.file);
    struct stat st {};
    if (::stat(source.file.c_str(), &st) == 0 && (st.st_mode & 0044) != 0) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
      std::cerr << "sdemig: warning: the token file " << source.file
                << " can be read by others (mode " << mode << "): chmod 600 " << source.file
                << '\n';
    }
  } else if (const char* env = std::getenv(source.env)) {
    out.token = clean_token(env, "$" + std::string(source.env));
  } else {
    throw engine::usage_error("no token for " + flag + ": give " + file_flag + " FILE or set " +
                              source.env);
  }
  return out;
}

void warn_insecure(
    const engine::net_settings& net,
    const std::vector<std::pair<std::string, const engine::instance_settings*>>& sides) {
  std::string names;
  for (const auto& [role, s] : sides) {
    if (!net.insecure && !s->insecure) continue;
    names += (names.empty() ? "" : " and ") + role + " " + net::shown_url(s->url);
  }
  if (!names.empty())
    std::cerr << "sdemig: warning: TLS certificates are not verified for the " << names << '\n';
}

void add_metrics_flag(CLI::App& cmd, std::string& path) {
  cmd.add_option("--metrics-file", path,
                 "Write the run's outcome in Prometheus's text format to FILE at the end (also "
                 "on failure and Ctrl-C), for node_exporter's textfile collector or a Pushgateway");
}

void write_usage_metrics(const CLI::App& app) {
  for (const CLI::App* cmd : app.get_subcommands()) {
    const CLI::Option* flag = cmd->get_option_no_throw("--metrics-file");
    if (flag && flag->count() > 0)
      engine::write_usage_metrics(flag->as<std::string>(), cmd->get_name());
  }
}

namespace {

constexpr std::string_view output_flags[] = {"--out",  "--report",  "--journal",
                                             "--html", "--hdr-out", "--metrics-file"};

// Two paths name the same file: the same inode when both exist (links and
// symlinks followed), else the same absolute path once resolved.
std::string file_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0)
    return "inode " + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  std::error_code ec;
  const auto resolved = std::filesystem::weakly_canonical(std::filesystem::absolute(path), ec);
  return "path " + (ec ? path : resolved.string());
}

}  // namespace

std::optional<std::string> path_problem(const CLI::App& cmd) {
  std::vector<std::pair<std::string, std::string>> given;  // flag, path
  for (const CLI::Option* option : cmd.get_options()) {
    if (option->get_type_name() != "FILE" || option->count() == 0) continue;
    const std::string flag = "--" + option->get_single_name();
    for (const std::string& path : option->results()) {
      if (path.empty()) return flag + ": an empty path";
      if (path != "-") given.emplace_back(flag, path);
    }
  }
  std::vector<std::string> identity;
  for (const auto& [flag, path] : given) identity.push_back(file_identity(path));
  for (std::size_t i = 0; i < given.size(); ++i) {
    const bool output = std::find(std::begin(output_flags), std::end(output_flags),
                                  given[i].first) != std::end(output_flags);
    for (std::size_t k = 0; output && k < given.size(); ++k) {
      if (i == k || identity[i] != identity[k]) continue;
      return given[i].first + " " + given[i].second + " is the same file as " + given[k].first +
             " " + given[k].second + ": writing it would destroy that (give each its own file)";
    }
  }
  return std::nullopt;
}

void name_value_types(CLI::App& app) {
  // Inputs; outputs are output_flags; "--X-file" flags are files too.
  static constexpr std::string_view input_files[] = {"--job", "--secrets", "--file", "--baseline"};
  static constexpr std::string_view urls[] = {"--from", "--to", "--url", "--proxy"};
  for (CLI::App* cmd : app.get_subcommands([](CLI::App*) { return true; })) {  // all, not parsed
    for (CLI::Option* option : cmd->get_options()) {
      const std::string name =
          option->get_single_name().empty() ? std::string{} : "--" + option->get_single_name();
      auto among = [&](const auto& list) {
        return std::find(std::begin(list), std::end(list), name) != std::end(list);
      };
      // (A --ca-file's check already says FILE: "TEXT:FILE".)
      if (among(input_files) || among(output_flags) ||
          (name.ends_with("-file") && !name.ends_with("ca-file")))
        option->type_name("FILE");
      if (among(urls)) option->type_name("URL");
    }
  }
}

bool progress_wanted(const std::string& mode) {
  return mode == "always" || (mode == "auto" && ::isatty(STDERR_FILENO) == 1);
}

std::optional<connector_kind> parse_kind(const std::string& text) {
  if (text == "all") return std::nullopt;
  return parse_kind_name(text);
}

std::vector<std::pair<engine::bench_op, unsigned>> parse_mix(const std::string& text) {
  std::vector<std::pair<engine::bench_op, unsigned>> out;
  unsigned total = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    const std::string part = text.substr(pos, comma - pos);
    pos = comma + 1;
    const auto eq = part.find('=');
    const auto op = engine::parse_bench_op(part.substr(0, eq));
    const std::string number = eq == std::string::npos ? std::string() : part.substr(eq + 1);
    bool ok = op && !number.empty() && number.size() <= 4 &&
              number.find_first_not_of("0123456789") == std::string::npos;
    const unsigned weight = ok ? static_cast<unsigned>(std::stoul(number)) : 0;
    ok = ok && weight <= 1000;
    if (!ok) {
      throw engine::usage_error("--mix: \"" + part +
                                "\" is not OP=WEIGHT with OP list, get, create or update and "
                                "WEIGHT a whole number from 0 to 1000");
    }
    for (const auto& [given, w] : out) {
      if (given == *op)
        throw engine::usage_error("--mix: " + part.substr(0, eq) +
                                  " is given twice: one weight each");
    }
    total += weight;
    out.emplace_back(*op, weight);
  }
  if (total == 0)
    throw engine::usage_error(
        "--mix: every weight is 0: give at least one operation a positive weight");
  return out;
}

}  // namespace sdemig::cli
