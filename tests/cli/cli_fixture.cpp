#include "cli_fixture.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <stdexcept>

#include "engine/planning/compare.hpp"
#include "io/files/read_file.hpp"
#include "io/json/connector_parser.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

namespace sdemig::test {

sim::server_config sim_config(const std::string& token, std::size_t page_size_default) {
  sim::server_config c;
  c.routing.token = token;
  c.routing.page_size_default = page_size_default;
  return c;
}

sim::server_config current_sim_config(const std::string& token) {
  sim::server_config c = sim_config(token);
  c.routing.api = api_generation::current;
  return c;
}

std::string export_text(const cli_env& env, const sim_instance& sim, const std::string& name,
                        bool connections) {
  const std::string file = env.path(name);
  std::vector<std::string> args = {"export",
                                   "--include-secrets",
                                   "--out",
                                   file,
                                   "--from",
                                   sim.url(),
                                   "--from-token-file",
                                   env.path("target.token")};
  if (connections) args.push_back("--connections");
  const run_result r = env.sdemig(args);
  if (r.code != 0) throw std::runtime_error("export of " + sim.url() + " failed: " + r.err);
  return std::regex_replace(files::read_file(file), std::regex("\"exported_at\": *\"[^\"]*\""), "");
}

std::vector<std::string> stored_secrets(const sim_instance& sim) {
  std::vector<std::string> out;
  for (const connector& c : sim.store.snapshot(connector_kind::alm)) {
    for (const param& p : c.params.value_or(std::vector<param>{}))
      if (is_secret(p) && !p.value.text.empty()) out.push_back(p.value.text);
  }
  return out;
}

cli_env::cli_env() : dir_(make_temp_dir("sdemig-cli")) {
  // The tests' instances are on loopback: a proxy set where the tests run
  // must not route them (the proxy tests set their own, per run).
  for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                           "ALL_PROXY", "no_proxy", "NO_PROXY"}) {
    ::unsetenv(name);
  }
  write_file("source.token", std::string(source_token) + "\n");
  write_file("target.token", std::string(target_token) + "\n");
  ::chmod(path("source.token").c_str(),
          0600);  // as a user keeps a token file (anything wider draws a warning)
  ::chmod(path("target.token").c_str(), 0600);
}

cli_env::~cli_env() {
  remove_tree(dir_);
}

std::string cli_env::write_file(const std::string& name, const std::string& content) {
  std::ofstream(path(name)) << content;
  return path(name);
}

// SDEMIG_UNDER_TEST names another build of the program (to show a test
// fails on an older one); by default the one built beside these tests.
std::string program_under_test() {
  const char* other = std::getenv("SDEMIG_UNDER_TEST");
  return other && *other ? other : SDEMIG_PATH;
}

run_result cli_env::sdemig(std::vector<std::string> args) const {
  args.insert(args.begin(), program_under_test());
  return run(std::move(args));
}

run_result cli_env::shell(const std::string& script) const {
  return run({"/bin/bash", "-c", "SDEMIG=" + shell_words({program_under_test()}) + "\n" + script});
}

std::string shell_words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += ' ';
    out += '\'';
    for (char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
}

std::vector<std::string> cli_env::from(const sim_instance& sim) const {
  return {"--from", sim.url(), "--from-token-file", path("source.token")};
}

std::vector<std::string> cli_env::to(const sim_instance& sim) const {
  return {"--to", sim.url(), "--to-token-file", path("target.token")};
}

std::vector<std::string> cli_env::both(const sim_instance& source,
                                       const sim_instance& target) const {
  return concat(from(source), to(target));
}

std::vector<connector> read_all(const sim_instance& sim, connector_kind kind,
                                const std::string& token) {
  return read_all(sim.port(), sim.api, kind, token);
}

std::vector<connector> read_all(unsigned short port, api_generation api, connector_kind kind,
                                const std::string& token) {
  http_client client("127.0.0.1", port);
  json::connector_parser parser;
  std::vector<connector> out;
  const std::string origin = "http://127.0.0.1:" + std::to_string(port);
  std::string target =
      "/api/v2/connectors/" + std::string(path_segment(kind, api)) + "/?page_size=1000";
  for (;;) {
    http_reply r = client.get(target, token);
    if (r.status != 200)
      throw std::runtime_error("read_all: HTTP " + std::to_string(r.status) + " " + r.body);
    connector_page page;
    if (auto err = parser.parse(r.body, page)) throw std::runtime_error("read_all: " + err->text());
    for (connector& c : page.results) out.push_back(std::move(c));
    if (!page.next) return out;
    target = page.next->substr(origin.size());
  }
}

std::string difference_except_ids(std::vector<connector> a, std::vector<connector> b) {
  auto by_name = [](const connector& x, const connector& y) { return x.name < y.name; };
  std::sort(a.begin(), a.end(), by_name);
  std::sort(b.begin(), b.end(), by_name);
  if (a.size() != b.size())
    return "sizes differ: " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name) return "names differ: " + a[i].name + " vs " + b[i].name;
    const auto changes = engine::diff(a[i], &b[i]);
    if (!changes.empty()) return a[i].name + ": " + changes.front().field + " differs";
    // diff() lets unknown secrets pass; the test wants the real values equal.
    if (a[i].params != b[i].params) return a[i].name + ": params differ";
  }
  return {};
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

void add_project_tokens(sim_instance& sim) {
  sim::project_store& p = sim.store.projects();
  for (const connection& c : p.connections(connector_kind::alm, std::nullopt)) {
    connection stored;
    p.modify(
        connector_kind::alm, *c.id,
        [&](connection& edit) {
          edit.params->push_back({key_in("alm_project_token", sim.api),
                                  scalar::string("ptok-" + std::to_string(*c.id) + "-Kx7")});
        },
        stored);
  }
}

}  // namespace sdemig::test
