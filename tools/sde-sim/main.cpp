// sde-sim: an SD Elements API emulator (connectors), for demos, tests and
// benchmarks. Argument parsing and wiring only; the logic is in sim/.

#include <pthread.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "io/files/read_file.hpp"
#include "manual.hpp"
#include "sim/deletes.hpp"
#include "sim/seed.hpp"
#include "sim/server.hpp"
#include "sim/state_file.hpp"
#include "sim/store.hpp"
#include "tools/version/parse_exit.hpp"
#include "tools/version/version.hpp"

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sdemig::sim;
  CLI::App app{"sde-sim: an SD Elements connectors API emulator"};
  app.set_version_flag("--version", sdemig::version_text("sde-sim"),
                       "Print the version, the git revision and the libraries built with");
  server_config config;
  std::size_t seed_alm = 0, seed_analysis = 0;
  bool mask_secrets = false;
  std::string token_file, state_file, tls_cert, tls_key, fault_scope_text = "all";
  unsigned delay_ms = 0;

  app.add_option("--bind", config.bind, "Address to listen on")->capture_default_str();
  app.add_option("--port", config.port, "Port (0 picks a free one)")->capture_default_str();
  app.add_option("--token", config.routing.token, "Required API token (default: no auth)");
  app.add_option("--token-file", token_file, "Read the required token from a file")
      ->check(CLI::ExistingFile)
      ->excludes("--token");
  app.add_option("--seed-alm", seed_alm, "Seed N ALM connectors");
  app.add_option("--seed-analysis", seed_analysis, "Seed N analysis connectors");
  std::size_t project_count = 0, bare_project_count = 0;
  app.add_option("--seed-projects", project_count,
                 "Seed N projects (business units, applications) with connections to the seeded "
                 "connectors");
  app.add_option("--seed-projects-only", bare_project_count,
                 "Seed N projects with the same names and other ids, and no connections");
  app.add_flag("--connections-need-project", config.routing.connections_need_project,
               "A connection list without ?project= is a 400 (clients then read per project)");
  app.add_flag("--hide-connection-params", config.routing.hide_connection_params,
               "Serve connections without params, as to a token lacking the \"Edit ... "
               "connections\" permission");
  app.add_flag("--patch-replaces-params", config.routing.patch_replaces_params,
               "A PATCH that sends a connector's params replaces them whole (a DRF JSON field)");
  std::string refused_deletes = "none";
  app.add_option("--refuse-delete", refused_deletes,
                 "DELETE of these answers 405: none, connectors, connections or all")
      ->check(CLI::IsMember({"none", "connectors", "connections", "all"}))
      ->capture_default_str();
  bool delete_cascades = false;
  app.add_flag("--delete-cascades", delete_cascades,
               "Deleting a connector deletes the connections that use it (else: 400)");
  app.add_option("--page-size-default", config.routing.page_size_default,
                 "Paginate lists by N even without page_size (0: whole list)");
  app.add_option("--max-page-size", config.routing.max_page_size, "Largest page size served")
      ->capture_default_str();
  app.add_option("--path-prefix", config.routing.path_prefix,
                 "Serve the API under a prefix (\"/sde\")");
  std::string misbehave = "none";
  app.add_option("--misbehave", misbehave,
                 "Bad answers to list requests: malformed, truncated, results-object, nameless, "
                 "html, huge, next-loop, error-html, lone-surrogate; or a plugin schema answered "
                 "with an HTML page (schema-html) or a body that is not JSON (schema-garbage)")
      ->capture_default_str();
  app.add_flag("--mask-secrets", mask_secrets, "Serve secret params as ********");
  auto probability = CLI::Range(0.0, 1.0);
  app.add_option("--fault-429", config.faults.p429, "Probability of a 429 per request")
      ->check(probability);
  app.add_option("--retry-after", config.faults.retry_after_s, "Retry-After seconds sent with 429")
      ->capture_default_str();
  app.add_option("--fault-503", config.faults.p503, "Probability of a 503")->check(probability);
  app.add_option("--fault-reset", config.faults.reset, "Probability of a connection reset")
      ->check(probability);
  app.add_option("--reset-after-apply", config.faults.reset_after_apply,
                 "Share of write resets sent after the write was applied")
      ->check(probability)
      ->capture_default_str();
  app.add_option("--fault-delay", config.faults.delay, "Probability of a delayed answer")
      ->check(probability);
  app.add_option("--delay-ms", delay_ms, "Delay of a delayed answer (ms)");
  app.add_option("--fault-empty-body", config.faults.empty_body,
                 "Probability that a write is applied but answered 2xx with an empty body")
      ->check(probability);
  app.add_flag("--trim-names", config.routing.trim_names,
               "Store names with surrounding white space trimmed (as DRF's CharField does)");
  app.add_flag("--echo-auth", config.routing.echo_auth,
               "Error bodies echo the Authorization header (as a Django debug page does)");
  std::string echo_as;
  app.add_option("--echo-as", echo_as,
                 "Echo (implies --echo-auth) written raw, ascii (\\uXXXX), slashes (\\/), "
                 "percent (a query string) or html (a 500 debug page)")
      ->check(CLI::IsMember({"raw", "ascii", "slashes", "percent", "html"}));
  app.add_option("--token-expires-after", config.routing.token_expires_after,
                 "The token stops working after N authenticated requests (0: never)");
  std::string api = "legacy";
  app.add_option(
         "--api", api,
         "API generation: legacy (4.x, /connectors/alm/) or current (/connectors/issue-tracker/)")
      ->check(CLI::IsMember({"legacy", "current"}))
      ->capture_default_str();
  app.add_flag("--enforce-schema", config.routing.enforce_schema,
               "Refuse writes that do not fit the plugin schema");
  app.add_option("--unreachable", config.routing.unreachable,
                 "Connection tests fail for trackers whose server contains SUBSTR (repeatable)");
  app.add_flag("--superuser", config.routing.superuser,
               "The token may read /api/v2/server-info/ (else 403)");
  bool no_schema = false;
  app.add_flag("--no-schema", no_schema,
               "Serve no plugin schema (404), as an instance that does not offer it");
  bool duplicate_names = false;
  app.add_flag("--allow-duplicate-names", duplicate_names,
               "Let two connectors of a kind share a name");
  std::uint64_t hang_after = 0;
  auto* hang = app.add_option("--hang-after", hang_after,
                              "After N requests, hold every request unanswered until the "
                              "connection's idle timeout (a hung server; 0: from the first)");
  app.add_option("--fail-list-read", config.routing.fail_list_read,
                 "The Nth GET of a connector list answers 500 (once)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 62));
  app.add_option("--fault-on", fault_scope_text, "Requests that faults hit: all, reads or writes")
      ->check(CLI::IsMember({"all", "reads", "writes"}))
      ->capture_default_str();
  app.add_option("--fault-seed", config.faults.seed, "Seed of the fault draws")
      ->capture_default_str();
  app.add_option("--latency-ms", config.faults.latency_ms,
                 "Latency added to every answer, and to a new connection's first (TCP's "
                 "handshake) (ms)");
  app.add_option("--handshake-ms", config.faults.handshake_ms,
                 "More held on a new connection before its first answer (TLS's handshake) (ms)");
  capacity_config& capacity = config.capacity;
  app.add_option("--workers", capacity.workers,
                 "Serve K requests at a time; the others wait in a queue (0: no limit)")
      ->check(CLI::Range(0u, 100000u));
  app.add_option("--service-ms", capacity.service_ms,
                 "Each request holds its worker this long (ms) before it is answered");
  app.add_option("--write-service-ms", capacity.write_service_ms,
                 "Service of POST, PUT, PATCH and DELETE (ms; default: --service-ms)");
  app.add_option("--test-service-ms", capacity.test_service_ms,
                 "Service of a connection test (POST .../testalm/ or .../test/) (ms; default: "
                 "--service-ms)");
  app.add_option("--service-growth-ms", capacity.service_growth_ms,
                 "Each request in the server adds this (ms) to a newly served one's time: a "
                 "server whose throughput falls past a peak")
      ->check(CLI::Range(0.0, 1000.0));
  app.add_option("--rate-limit", capacity.rate_limit,
                 "Answer 429 with Retry-After above R requests per second")
      ->check(CLI::Range(0.001, 1e6));
  auto* slow_after =
      app.add_option("--slow-after", capacity.slow_after,
                     "After N requests the server has --slow-workers workers (other load)");
  app.add_option("--slow-workers", capacity.slow_workers, "Workers after --slow-after")
      ->check(CLI::Range(1u, 100000u))
      ->needs(slow_after);
  slow_after->needs("--slow-workers");
  app.add_option("--state", state_file,
                 "Load connectors from FILE at start, save on SIGINT/SIGTERM");
  app.add_option("--tls-cert", tls_cert, "Serve HTTPS with this certificate chain (PEM)")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", tls_key, "Private key of --tls-cert (PEM)")->check(CLI::ExistingFile);
  app.add_flag("--tls12", config.tls12_only,
               "Serve TLS 1.2 only (with --tls-cert), as many on-premises instances do")
      ->needs("--tls-cert");
  app.add_option("--threads", config.threads, "I/O threads")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
  if (argc == 3 && std::strcmp(argv[1], "--manpages") == 0) return write_manpages(app, argv[2]);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return sdemig::exit_on_parse_error(app, e, "sde-sim");
  }

  try {
    if (tls_cert.empty() != tls_key.empty())
      throw std::runtime_error("--tls-cert and --tls-key go together");
    if (!tls_cert.empty()) config.tls = tls_files{tls_cert, tls_key};
    if (!token_file.empty()) config.routing.token = trimmed(sdemig::files::read_file(token_file));
    config.faults.delay_ms = delay_ms;
    if (hang->count() > 0) config.faults.hang_after = hang_after;
    config.faults.scope = parse_fault_scope(fault_scope_text);
    config.routing.misbehave = parse_list_misbehaviour(misbehave);
    config.routing.refused_deletes = parse_refuse_delete(refused_deletes);
    if (delete_cascades) config.routing.connector_delete = delete_rule::cascade;
    if (!echo_as.empty()) {
      config.routing.echo_auth = true;
      config.routing.echo_as = parse_echo_form(echo_as);
    }
    config.routing.api = *sdemig::parse_api_generation(api);
    config.routing.serve_schema = !no_schema;

    connector_store store(mask_secrets);
    store.allow_duplicate_names(duplicate_names);
    if (!state_file.empty() && ::access(state_file.c_str(), F_OK) == 0)
      load_state(store, state_file);
    seed_store(store, seed_alm, seed_analysis, config.routing.api);
    if (project_count > 0 || bare_project_count > 0) {
      seed_projects(store, project_count > 0 ? project_count : bare_project_count,
                    project_count > 0, seed_alm, seed_analysis, config.routing.api);
    }

    // Signals are taken by sigwait below, never by the I/O threads.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    server srv(store, config);
    srv.start();
    std::printf("listening on %s:%u\n", srv.host().c_str(), static_cast<unsigned>(srv.port()));
    std::fflush(stdout);

    int received = 0;
    sigwait(&signals, &received);
    srv.stop();
    if (!state_file.empty()) save_state(store, state_file);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "sde-sim: " << e.what() << '\n';
    return 1;
  }
}
