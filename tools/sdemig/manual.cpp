// What sdemig's man pages say that its CLI11 definitions cannot: exit
// status, environment, files, examples and a longer description, as
// docs/cli.md and docs/guide.md say it (the options come from main.cpp).

#include "manual.hpp"

#include "tools/manpage/page_writer.hpp"
#include "tools/version/version.hpp"

namespace sdemig::cli {
namespace {

const std::vector<std::string> reads_source = {"export", "plan", "clone", "verify"};
const std::vector<std::string> writes_target = {"plan",   "clone",   "import",
                                                "verify", "restore", "apply"};
const std::vector<std::string> syncs = {"plan", "clone", "import", "verify"};
const std::vector<std::string> applies = {"clone", "import", "restore", "apply", "edit"};

manpage::manual sdemig_manual() {
  manpage::manual m;
  m.description =
      "sdemig moves SD Elements (SDE) connector configuration, issue-tracker (ALM) and analysis "
      "connectors and with --connections the projects' connections to them, between SDE "
      "instances: on-premises to SaaS, staging to production, a 4.x release "
      "(/connectors/alm/) to a current one (/connectors/issue-tracker/).\n\n"
      "Connectors are matched by name. plan shows what a clone would change; clone and import "
      "apply it with many concurrent requests and can be rerun safely: a second run writes "
      "nothing, and no connector is created twice, even when the network fails halfway through "
      "a request.\n\n"
      "Tokens come from files or the environment, never from the command line, and never appear "
      "in any output. Output files (--out, --report, --html, --hdr-out, --metrics-file) are "
      "written to a temporary file and renamed at the end: a failed or killed run leaves no "
      "half-written file. An output naming the same file as another flag's is exit 2.\n\n"
      "The full reference (the job and secrets files, the journal, the report, the export "
      "format, proxies, retries, --concurrency auto) is cli.md in the package's documentation "
      "(/usr/share/doc/sdemig/cli.md).";
  m.command_descriptions = {
      {"export",
       "Connectors are written as the server returned them. Secret params (the built-in names "
       "and every field the instance's plugin schema marks masked_string) are written as null "
       "unless --include-secrets, which gives the file mode 0600.\n\n"
       "JSON: {\"format\": \"sdemig-export/1\", \"source\": URL, \"exported_at\": ISO8601, "
       "\"api\": \"legacy\"|\"current\", \"alm\": [...], \"analysis\": [...]}; NDJSON: one "
       "connector a line with \"kind\" and \"api\" added. sdemig import reads both."},
      {"plan",
       "Reads both instances and prints, per connector, the action (create, update, noop, skip, "
       "conflict, invalid) and a field-level diff; nothing is written. The text starts with the "
       "API generations found (\"source: legacy API, target: current API\")."},
      {"clone",
       "Plans as sdemig-plan(1) does, then applies the plan to the target with as many requests "
       "in flight as it takes without queueing (--concurrency auto, the default). A rerun is "
       "safe: a second run writes nothing, and a connector is never created twice, even when an "
       "answer is lost. Secrets the source masks are filled from --secrets; a connector whose "
       "secret stays unknown is reported (needs secret NAME) and not sent.\n\n"
       "Ctrl-C stops new writes, lets those in flight finish (10 s grace), writes the report and "
       "exits 1; a second Ctrl-C stops at once (exit 130)."},
      {"import",
       "As sdemig-clone(1), from a file sdemig export wrote (JSON or NDJSON; - is standard "
       "input). The file is read strictly and whole before any request: a key given twice, a "
       "number no double holds or a member of the wrong type is exit 2 naming the file, the "
       "place and the problem."},
      {"verify",
       "Prints one line per connector: = NAME (equal), + NAME (only in the source), - NAME (only "
       "in the target), * NAME (differs) or ! NAME (cannot be compared), then the counts; exit 0 "
       "when all are = or -, else 1.\n\n"
       "With --test-connections it asks the target to test each connector in scope instead and "
       "prints ok NAME or fail NAME: detail and a count line; exit 1 if any fail."},
      {"edit",
       "Applies the job's select and transforms to the instance's own connectors (a tracker "
       "host that moved, a password rotated), reading the instance once: it is both sides of "
       "the plan. Everything else is as sdemig-clone(1): --dry-run, --backup (sdemig restore "
       "undoes an edit), --report, --journal, --html; --out saves the plan for sdemig-apply(1) "
       "instead. A secret --secrets gives is a new value: it replaces the one the instance "
       "holds, also where the instance masks it."},
      {"apply",
       "Applies a plan saved by sdemig plan --out to the target it was made for, exactly as "
       "saved: each write's body (secrets from the source with --from, from --secrets, or as the "
       "target shows them, as the plan file says). The target is read once and each item is "
       "checked against the target item the plan was made against: one changed, deleted or "
       "(for a create) made since is drifted; any drift stops the run before anything is sent "
       "(exit 5), each drifted item listed with what changed, unless --skip-drifted (the rest "
       "is applied, exit 1). An item already as planned is done: a second apply writes "
       "nothing. A plan whose writes were edited, or another --to, is exit 2."},
      {"restore",
       "Undoes a clone or import from the file its --backup wrote, with the same applier: an item "
       "the run updated and that still holds what the run wrote goes back to its before-image; "
       "an item the run created and that still holds what it wrote is deleted (connections "
       "before connectors); an item changed by someone since is left alone (changed since, "
       "with a diff; exit 1) unless --force; an item the run never reached is unchanged. A "
       "rerun writes nothing. A secret the backup holds masked is left as the target holds it "
       "unless --secrets gives it. The target must be the one the backup names (else exit 2)."},
      {"bench",
       "Sends requests to one instance and reports throughput (2xx answers per second), latency "
       "percentiles and the status mix. With --rate it is an open loop (wrk2 style): latency is "
       "measured from each request's intended start. --capacity sweeps 1, 2, 4 ... connections "
       "until throughput stops growing and reports the peak, the knee (the concurrency to use) "
       "and the Universal Scalability Law fit. --threshold makes a run a check (exit 4 when "
       "breached); --baseline compares it with an earlier --json run.\n\n"
       "--op create, update and mix write to the instance: bench says so before it starts and "
       "names the prefix of the connectors it creates."},
  };
  m.exit_status = {
      {"0", "Done."},
      {"1",
       "Some operations failed (the report and standard error name them), a read failed, or the "
       "run was stopped by Ctrl-C. verify: the instances differ, or a connection test failed. "
       "bench: no verdict (the token refused, no 2xx answer, errors and 429s over --max-errors, "
       "a --capacity sweep with no good step or cut short)."},
      {"2", "Bad usage or bad input (a flag, a file, a token, an output path): nothing was sent."},
      {"3", "plan --detailed-exitcode: changes are pending.", {"plan"}},
      {"5",
       "apply: items changed on the target since the plan was saved (drift); nothing was sent.",
       {"apply"}},
      {"4",
       "bench --threshold: a threshold was breached, or had no answers to be measured over.",
       {"bench"}},
      {"130", "A second Ctrl-C stopped the run at once."},
  };
  m.environment = {
      {"SDE_SOURCE_TOKEN", "The source instance's API token, when --from-token-file is not given.",
       reads_source},
      {"SDE_TARGET_TOKEN", "The target instance's API token, when --to-token-file is not given.",
       writes_target},
      {"SDE_TOKEN",
       "The API token of the instance bench loads, when --token-file is not given.",
       {"bench"}},
      {"HTTPS_PROXY, https_proxy",
       "The HTTP proxy for https:// instances, http://[USER:PASSWORD@]host[:port]: each pooled "
       "connection is a CONNECT tunnel with TLS to the instance inside it. A lower-case variable "
       "wins over its upper-case form; --proxy replaces the variables and --no-proxy ignores "
       "them."},
      {"HTTP_PROXY, http_proxy",
       "The proxy for http:// instances (sdemig honours upper-case HTTP_PROXY, which curl "
       "ignores)."},
      {"ALL_PROXY, all_proxy", "The proxy when the scheme's own variable is not set."},
      {"NO_PROXY, no_proxy",
       "Instances reached directly, even with --proxy: entries separated by commas or spaces, "
       "each * (every instance), a domain (example.com or .example.com: it and every name under "
       "it), an address (10.1.2.3, fd00::7) or a block (10.0.0.0/8), any of them with :PORT."},
  };
  m.files = {
      {"--from-token-file, --to-token-file, --token-file FILE",
       "A token file holds the token alone: a byte order mark, trailing white space and one "
       "newline are dropped; an empty file or any other control character is exit 2. A token "
       "file others can read draws a warning (chmod 600 it)."},
      {"--job FILE",
       "The job (JSON): kinds, select (systems, names, exclude_names), transforms (set_params, "
       "replace_in_params, rename_params, unset_params, set, name, each with an optional where), "
       "on_conflict (update, skip, fail, rename) and names_match (flag, exact, look-alike).",
       syncs},
      {"--secrets FILE",
       "Secrets the source masks or an export wrote as null, per connector name (\"*\" for every "
       "other): {\"Payments Jira\": {\"issue_tracker_pass\": \"...\"}}; a connection's under its "
       "project path and alias.",
       syncs},
      {"--journal FILE",
       "One NDJSON line appended per applied write, as it happens; lines are whole.", applies},
      {"--report FILE",
       "A JSON report (sdemig-report/1) of every item's outcome, the counts and how "
       "--concurrency auto moved.",
       applies},
      {"--backup FILE",
       "The run's before-image (sdemig-backup/1): every target item the run writes, as it was, "
       "and what the run writes, on disk before the first write; never overwritten (exit 2). It "
       "holds the secret values the target showed (then mode 0600), never the source's.",
       {"clone", "import", "restore", "apply", "edit"}},
      {"plan --out FILE, apply PLAN",
       "A saved plan (sdemig-plan/1): what plan --json prints, and each write with its body, "
       "where its secrets come from (never a value) and the target item it was made against.",
       {"plan", "apply"}},
      {"--out FILE, --file FILE",
       "An export file (sdemig-export/1, JSON or NDJSON); - is standard output or input.",
       {"export", "import"}},
      {"--metrics-file FILE",
       "The run's outcome in Prometheus's text format (exit code, items by outcome, writes, "
       "phase times), written at the end also on failure and Ctrl-C, for node_exporter's "
       "textfile collector or a Pushgateway (deploy.md).",
       {"export", "plan", "clone", "import", "verify", "bench", "edit", "apply", "restore"}},
      {"--html FILE",
       "A self-contained HTML page: the plan for a reviewer, the comparison, or bench's charts.",
       {"plan", "clone", "import", "verify", "bench"}},
      {"/usr/share/sdemig/schemas/",
       "JSON Schemas (draft 2020-12) of every file sdemig reads or writes, for editors and "
       "consumers of reports."},
      {"/usr/share/doc/sdemig/",
       "cli.md (every command, flag and file format), guide.md (proxies, safety, bench, the "
       "pages), deploy.md (schedulers, metrics, alerts), migration-4x-to-current.md, "
       "sde-sim.md."},
  };
  m.examples = {
      {"sdemig export --from https://old.example.com --from-token-file old.token \\\n"
       "    --out connectors.json",
       "Every connector of an instance, secrets written as null:",
       {"export"}},
      {"sdemig plan --from https://old.example.com --from-token-file old.token \\\n"
       "    --to https://new.example.com --to-token-file new.token --job job.json",
       "What a clone would change, per connector the action and a field-level diff:",
       {"plan"}},
      {"sdemig clone --from https://old.example.com --from-token-file old.token \\\n"
       "    --to https://new.example.com --to-token-file new.token \\\n"
       "    --job job.json --secrets secrets.json \\\n"
       "    --journal clone.ndjson --report clone-report.json",
       "Do it, secrets the source masks filled from your own store:",
       {"clone"}},
      {"sdemig clone --from https://old.example.com --from-token-file old.token \\\n"
       "    --to https://new.example.com --to-token-file new.token \\\n"
       "    --connections --html plan.html",
       "Projects' connections too, and the plan as a page for a reviewer:",
       {"clone"}},
      {"sdemig import --file connectors.json --to https://new.example.com \\\n"
       "    --to-token-file new.token --secrets secrets.json",
       "An export file into an instance, the secrets it holds as null from your own store:",
       {"import"}},
      {"sdemig export --from https://old.example.com --from-token-file old.token \\\n"
       "    --include-secrets --out - |\n"
       "  sdemig import --file - --to https://new.example.com --to-token-file new.token",
       "Through a pipe (- is standard output, then standard input):",
       {"export", "import"}},
      {"sdemig verify --from https://old.example.com --from-token-file old.token \\\n"
       "    --to https://new.example.com --to-token-file new.token --job job.json",
       "After a clone, is the target what the job makes of the source?",
       {"verify"}},
      {"sdemig verify --test-connections --to https://new.example.com --to-token-file new.token",
       "Can the target reach every tracker?",
       {"verify"}},
      {"sdemig clone --from https://old.example.com --from-token-file old.token \\\n"
       "    --to https://new.example.com --to-token-file new.token --backup before.json",
       "A clone with a way back, saved before its first write:",
       {"clone"}},
      {"sdemig plan --from https://old.example.com --from-token-file old.token \\\n"
       "    --to https://new.example.com --to-token-file new.token --out change.plan \\\n"
       "    --html change.html",
       "A change window: the plan a reviewer approves (its sha256 printed for the record):",
       {"plan"}},
      {"sdemig apply change.plan --from https://old.example.com --from-token-file old.token \\\n"
       "    --to https://new.example.com --to-token-file new.token --backup before.json",
       "Later, exactly that plan (exit 5 and nothing sent if the target changed since):",
       {"apply"}},
      {"sdemig edit --on https://sde.example.com --on-token-file sde.token \\\n"
       "    --job move-tracker.json --backup before-move.json",
       "The tracker moved: rewrite its host in every connector, with a way back:",
       {"edit"}},
      {"sdemig restore --backup before.json --to https://new.example.com \\\n"
       "    --to-token-file new.token --dry-run",
       "What undoing it would do; without --dry-run, undo it:",
       {"restore"}},
      {"sdemig bench --url https://new.example.com --token-file new.token --op mix -c 64 -d 30",
       "30 s of mixed reads and writes over 64 connections:",
       {"bench"}},
      {"sdemig bench --url https://sde.example.com --token-file t -d 30 \\\n"
       "    --threshold 'p99<50ms' --threshold 'errors<1%'",
       "Does it meet the SLO? Exit 4 when a threshold is breached:",
       {"bench"}},
      {"sdemig bench --url https://sde.example.com --token-file t --capacity \\\n"
       "    --slo 'p99<20ms' --html cap.html",
       "How much does it take, and where does it bend?",
       {"bench"}},
  };
  m.see_also = {"sde-sim(1)"};
  return m;
}

}  // namespace

int write_manpages(const CLI::App& app, const std::string& dir) {
  return manpage::write_pages(app, sdemig_manual(), "sdemig", version_text("sdemig"), dir);
}

}  // namespace sdemig::cli
