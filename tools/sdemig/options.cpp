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
                  const std::string& what) {
  app.add_option(flag, url, what + " URL: http(s)://host[:port][/prefix]")->required();
  app.add_option(flag + "-token-file", token.file, "File holding the " + what + "'s API token (or $" +
                                                         std::string(token.env) + ")");
}

std::string read_token(const token_source& source, const std::string& flag) {
  std::string token;
  if (!source.file.empty()) {
    try {
      token = files::read_file(source.file);
    } catch (const std::system_error& e) {
      throw engine::usage_error(flag + "-token-file: " + e.what());
    }
  } else if (const char* env = std::getenv(source.env)) {
    token = env;
  }
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) {
    throw engine::usage_error("no token for " + flag + ": give " + flag + "-token-file FILE or set " + source.env);
  }
  return token;
}

std::optional<connector_kind> parse_kind(const std::string& text) {
  if (text == "all") return std::nullopt;
  return parse_connector_kind(text);
}

}  // namespace sdemig::cli
