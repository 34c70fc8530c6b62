#include "drf_server.hpp"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "cli_fixture.hpp"
#include "io/json/connector_parser.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

namespace sdemig::test {
namespace {

// The Django project (manage.py, gunicorn.conf.py) and Debian's python3,
// which has Django, DRF and gunicorn (tests/drf/CMakeLists.txt).
const std::string server_dir = SDEMIG_DRF_SERVER_DIR;
const std::string python = SDEMIG_DRF_PYTHON;

// `command` run with the server's settings in its environment. Python's
// byte code goes to the build folder, not into the source tree.
std::vector<std::string> with_settings(const std::string& database, bool mask_secrets,
                                       const std::vector<std::string>& command) {
  std::vector<std::string> argv = {
      "/usr/bin/env", "SDE_DRF_DATABASE=" + database,
      std::string("SDE_DRF_MASK_SECRETS=") + (mask_secrets ? "1" : "0"),
      "PYTHONPYCACHEPREFIX=" SDEMIG_DRF_PYCACHE,
      "SDE_DRF_PARENT_PID=" + std::to_string(::getpid())};
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

std::string manage_py(const std::string& database, const std::vector<std::string>& args) {
  std::vector<std::string> command = {python, server_dir + "/manage.py"};
  command.insert(command.end(), args.begin(), args.end());
  run_result r = run(with_settings(database, false, command));
  if (r.code != 0)
    throw std::runtime_error("manage.py " + args.front() + " exited " + std::to_string(r.code) +
                             ": " + r.err);
  return r.out;
}

// The database every server starts from: migrated and holding the token.
// Made once per executable (migrating takes seconds), copied per server.
class template_database {
 public:
  template_database() : dir_(make_temp_dir("sdemig-drf-template")) {
    // One Python process for both (each start imports Django).
    manage_py(path(), {"shell", "--command",
                       "from django.core.management import call_command\n"
                       "call_command('migrate', verbosity=0)\n"
                       "call_command('api_token', '" +
                           std::string(target_token) + "')\n"});
  }
  ~template_database() { remove_tree(dir_); }
  std::string path() const { return dir_ + "/db.sqlite3"; }

 private:
  std::string dir_;
};

const template_database& the_template() {
  static const template_database db;
  return db;
}

}  // namespace

drf_server::drf_server(bool mask_secrets)
    : mask_secrets_(mask_secrets), dir_(make_temp_dir("sdemig-drf")) {
  std::filesystem::copy_file(the_template().path(), dir_ + "/db.sqlite3");
  gunicorn_ = std::make_unique<child_process>(
      with_settings(dir_ + "/db.sqlite3", mask_secrets,
                    {python, "-m", "gunicorn", "--config", server_dir + "/gunicorn.conf.py",
                     "--chdir", server_dir, "--bind", "127.0.0.1:0", "sde_server.wsgi"}));
  // gunicorn.conf.py's when_ready prints "listening on 127.0.0.1:PORT", as sde-sim does.
  const auto line = gunicorn_->read_line(std::chrono::seconds(60));
  const std::string prefix = "listening on 127.0.0.1:";
  if (!line || line->rfind(prefix, 0) != 0) {
    gunicorn_->wait();
    throw std::runtime_error("gunicorn did not start: " + gunicorn_->stderr_text());
  }
  port_ = static_cast<unsigned short>(std::stoi(line->substr(prefix.size())));
  // The socket listens before a worker is up: wait until one answers.
  http_client client("127.0.0.1", port_);
  if (!wait_until([&] { return client.get("/api/v2/", target_token).status == 200; },
                  std::chrono::seconds(60), std::chrono::milliseconds(20)))
    throw std::runtime_error("the DRF server on port " + std::to_string(port_) + " never answered");
}

drf_server::~drf_server() {
  // SIGINT: gunicorn's quick shutdown, which stops the workers and waits for them.
  gunicorn_->signal(SIGINT);
  gunicorn_->wait();
  remove_tree(dir_);
}

std::string drf_server::manage(const std::vector<std::string>& args) const {
  return manage_py(dir_ + "/db.sqlite3", args);
}

std::vector<connector> drf_server::stored(connector_kind kind) const {
  // Unmasked, the API serves what is stored (and answers at once).
  if (!mask_secrets_) return read_all(port_, api_generation::current, kind, target_token);
  const std::string body =
      manage({"stored_connectors", std::string(path_segment(kind, api_generation::current))});
  json::connector_parser parser;
  connector_page page;
  if (auto err = parser.parse(body, page))
    throw std::runtime_error("stored_connectors: " + err->text());
  return std::move(page.results);
}

void drf_server::clear() {
  http_client client("127.0.0.1", port_);
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    const std::string collection =
        "/api/v2/connectors/" + std::string(path_segment(kind, api_generation::current)) + "/";
    for (const connector& c : read_all(port_, api_generation::current, kind, target_token)) {
      const http_reply r =
          client.request("DELETE", collection + std::to_string(*c.id) + "/", {},
                         {{"Authorization", std::string("Token ") + target_token}});
      if (r.status != 204)
        throw std::runtime_error("DELETE " + c.name + ": HTTP " + std::to_string(r.status));
    }
  }
}

drf_server& shared_drf_server(bool mask_secrets) {
  static std::unique_ptr<drf_server> servers[2];
  std::unique_ptr<drf_server>& server = servers[mask_secrets ? 1 : 0];
  if (server) {
    server->clear();
  } else {
    server = std::make_unique<drf_server>(mask_secrets);
  }
  return *server;
}

}  // namespace sdemig::test
