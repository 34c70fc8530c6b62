// What sde-sim's man page says that its CLI11 definitions cannot: exit
// status, files, examples and a longer description, as docs/sde-sim.md says
// it (the options come from main.cpp).

#include "manual.hpp"

#include "tools/manpage/page_writer.hpp"
#include "tools/version/version.hpp"

namespace sdemig::sim {
namespace {

manpage::manual sim_manual() {
  manpage::manual m;
  m.description =
      "sde-sim serves the SD Elements API v2 endpoints sdemig uses, of either API generation "
      "(--api): connectors (/api/v2/connectors/alm/ or /connectors/issue-tracker/, "
      "/connectors/analysis/), plugin schemas, connection tests, the project hierarchy and "
      "projects' connections, in the seed's JSON shapes, for demos, tests and benchmarks. It "
      "prints \"listening on HOST:PORT\" as its first line on standard output (--port 0 picks a "
      "free port) and serves until SIGINT or SIGTERM.\n\n"
      "It misbehaves on purpose: faults per request (--fault-429, --fault-503, --fault-reset, "
      "--fault-delay), a server of limited capacity (--workers, --service-ms, "
      "--write-service-ms, --rate-limit), a distant one (--latency-ms, --handshake-ms), TLS "
      "(1.2 only with --tls12), trimmed names, revoked tokens, bad pages (--misbehave), deletes "
      "refused (--refuse-delete) or cascading (--delete-cascades).\n\n"
      "GET /_sim/stats (no authentication, never faulted) counts connections, requests, writes "
      "applied, faults injected, TLS handshakes and resumed ones, and the capacity model's "
      "queue. The full reference is "
      "sde-sim.md in the package's documentation (/usr/share/doc/sdemig/sde-sim.md).";
  m.exit_status = {
      {"0", "Stopped by SIGINT or SIGTERM (after saving --state)."},
      {"1",
       "It could not start: a certificate or key it could not load, an address it could not "
       "listen on, a --state file it could not read, --tls-cert without --tls-key."},
      {"2",
       "Bad usage: an unknown flag, a value out of range, a --token-file, --tls-cert or "
       "--tls-key that does not exist or is a folder."},
  };
  m.files = {
      {"--state FILE",
       "Connectors loaded at start (when the file exists) and saved on SIGINT or SIGTERM, mode "
       "0600."},
      {"--token-file FILE", "The API token it requires, alone on a line."},
      {"--tls-cert PEM, --tls-key PEM", "Serve HTTPS with this certificate chain and key."},
  };
  m.examples = {
      {"sde-sim --port 0 --seed-alm 1000 --seed-analysis 50",
       "An instance of 1,050 connectors on a free port:"},
      {"sde-sim --seed-alm 1000 --workers 4 --service-ms 20 --latency-ms 30",
       "Four workers of 20 ms, 30 ms away, as the SDE Helm chart's small API-token pool behaves:"},
      {"sde-sim --seed-alm 1000 --workers 16 --service-ms 2 --write-service-ms 50 \\\n"
       "    --latency-ms 30 --handshake-ms 30 --tls-cert cert.pem --tls-key key.pem",
       "A production-like instance whose writes cost 25 reads, behind TLS 30 ms away:"},
      {"sde-sim --api current --seed-alm 50 --seed-projects 200 --token-file token",
       "A current instance with projects connected to its connectors, requiring a token:"},
  };
  m.see_also = {"sdemig(1)"};
  return m;
}

}  // namespace

int write_manpages(const CLI::App& app, const std::string& dir) {
  return manpage::write_pages(app, sim_manual(), "sde-sim", version_text("sde-sim"), dir);
}

}  // namespace sdemig::sim
