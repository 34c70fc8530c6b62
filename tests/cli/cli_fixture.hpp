#pragma once
// Runs the sdemig program against in-process sde-sim instances, with token
// files in a temporary directory, and reads instances back over the API.

#include <string>
#include <vector>

#include "model/connector.hpp"
#include "support/child_process.hpp"
#include "support/sim_instance.hpp"

namespace sdemig::test {

inline constexpr const char* source_token = "source-token-Zq81";
inline constexpr const char* target_token = "target-token-Pw44";

sim::server_config sim_config(const std::string& token, std::size_t page_size_default = 0);
// A current-release instance (/connectors/issue-tracker/).
sim::server_config current_sim_config(const std::string& token);

// The sdemig program the tests run.
std::string program_under_test();

class cli_env {
 public:
  cli_env();
  ~cli_env();
  cli_env(const cli_env&) = delete;
  cli_env& operator=(const cli_env&) = delete;

  std::string write_file(const std::string& name, const std::string& content);
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  run_result sdemig(std::vector<std::string> args) const;
  // Runs `script` with bash, $SDEMIG naming the program: for pipes,
  // redirections, umask and other things a shell does.
  run_result shell(const std::string& script) const;
  std::vector<std::string> from(const sim_instance& sim) const;
  std::vector<std::string> to(const sim_instance& sim) const;
  // from(source) then to(target): the flags of every two-instance command.
  std::vector<std::string> both(const sim_instance& source, const sim_instance& target) const;

 private:
  std::string dir_;
};

// `sdemig export --include-secrets` of the instance (with `connections`, its
// connections too) written to NAME in `env`'s folder, its time stamp left
// out: two exports of the same state are equal.
std::string export_text(const cli_env& env, const sim_instance& sim, const std::string& name,
                        bool connections = false);

// Every secret value the instance's issue-tracker connectors hold (as
// stored, whether or not it serves them masked): what no file may show.
std::vector<std::string> stored_secrets(const sim_instance& sim);

// Every connector of a kind, read over HTTP (page by page).
std::vector<connector> read_all(const sim_instance& sim, connector_kind kind,
                                const std::string& token);
// The same from any instance on loopback, at `port`.
std::vector<connector> read_all(unsigned short port, api_generation api, connector_kind kind,
                                const std::string& token);

// Gives every issue-tracker connection a project token, a secret only the
// plugin schema names (alm_project_token, as the API generation names it).
void add_project_tokens(sim_instance& sim);

// Source and target hold the same connectors, ids and system display names aside.
std::string difference_except_ids(std::vector<connector> a, std::vector<connector> b);

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b);

// `words`, each quoted for a shell, joined by spaces.
std::string shell_words(const std::vector<std::string>& words);

}  // namespace sdemig::test
