#include "options.hpp"

#include <cstdlib>

#include "io/files/atomic_file.hpp"

namespace sdemig::cli {

void add_net_flags(CLI::App& app, engine::net_settings& net, bool writes) {
  app.add_option("--ca-file", net.ca_file, "Extra trust anchors (PEM) for HTTPS")->check(CLI::ExistingFile);
  app.add_flag("--insecure", net.insecure, "Do not verify TLS certificates (prints a warning)");
  app.add_option("--page-size", net.page_size, "Connectors per list page")->check(CLI::Range(1, 100000))->capture_default_str();
  app.add_option("--timeout", [&net](const CLI::results_t& r) {
       net.timeout = std::chrono::milliseconds(static_cast<long>(std::stod(r[0]) * 1000));
       return true;
     }, "Deadline of one request, seconds (default 60)")->check(CLI::PositiveNumber);
  if (writes) {
    app.add_option("--concurrency", net.concurrency, "Connections per instance")->check(CLI::Range(1, 1024))->capture_default_str();
    app.add_option("--rate", net.rate, "Requests per second per instance (default: no cap)")->check(CLI::PositiveNumber);
  }
}

void add_instance(CLI::App& app, const std::string& flag, std::string& url, token_source& token,
                  const std::string& what, const std::string& token_flag) {
  app.add_option(flag, url, what + "'s URL: http(s)://host[:port][/prefix]")->required();
  app.add_option(token_flag.empty() ? flag + "-token-file" : token_flag, token.file, "File holding the " + what + "'s API token (or $" +
                                                         std::string(token.env) + ")");
}

std::string read_token(const token_source& source, const std::string& flag, const std::string& token_flag) {
  const std::string file_flag = token_flag.empty() ? flag + "-token-file" : token_flag;
  std::string token;
  if (!source.file.empty()) {
    try {
      token = files::read_file(source.file);
    } catch (const std::system_error& e) {
      throw engine::usage_error(file_flag + ": " + e.what());
    }
  } else if (const char* env = std::getenv(source.env)) {
    token = env;
  }
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) {
    throw engine::usage_error("no token for " + flag + ": give " + file_flag + " FILE or set " + source.env);
  }
  return token;
}

std::optional<connector_kind> parse_kind(const std::string& text) {
  if (text == "all") return std::nullopt;
  return parse_connector_kind(text);
}

std::vector<std::pair<engine::bench_op, unsigned>> parse_mix(const std::string& text) {
  std::vector<std::pair<engine::bench_op, unsigned>> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    const std::string part = text.substr(pos, comma - pos);
    pos = comma + 1;
    const auto eq = part.find('=');
    const auto op = engine::parse_bench_op(part.substr(0, eq));
    unsigned weight = 0;
    bool ok = op && eq != std::string::npos;
    if (ok) {
      try {
        std::size_t used = 0;
        weight = static_cast<unsigned>(std::stoul(part.substr(eq + 1), &used));
        ok = used == part.size() - eq - 1;
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (!ok) throw engine::usage_error("--mix: \"" + part + "\" is not OP=WEIGHT with OP list, get, create or update");
    out.emplace_back(*op, weight);
  }
  return out;
}

}  // namespace sdemig::cli
