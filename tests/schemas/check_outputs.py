"""Every file sdemig writes, made by the real program against real sde-sim
instances over loopback, validates against its schema in docs/schemas/, as
do the job and secrets files the runs read: export (json and ndjson, with
--connections), plan --json, a clone that creates, updates and fails some
items (its --report, its --backup and every --journal line), a restore's
report, an import's report, verify
--json and --test-connections --json, and bench --json (a run with
--threshold, one with --baseline, a --capacity sweep).

usage: check_outputs.py SOURCE_DIR SDEMIG SDE_SIM"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema_lib import both, checker, load_schemas, run_dir  # noqa: E402

root, sdemig, sde_sim = (os.path.abspath(a) for a in sys.argv[1:4])
c = checker()
validators = load_schemas(root)
work = run_dir(sdemig, sde_sim)


def run(what, *args, codes=(0,)):
    r = work.run(*args, "--progress", "never") if args[0] != "bench" else work.run(*args)
    c.expect(r.returncode in codes, f"{what}: exit {r.returncode}, not {codes}: {r.stderr.strip()[:400]}")
    return r


def output(file_name):
    """A file a run wrote; a missing one is a problem, not a crash."""
    try:
        return work.read(file_name)
    except OSError as e:
        c.expect(False, f"{file_name}: {e}")
        return ""


def document(name, text, where):
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        c.expect(False, f"{where}: not JSON: {e}")
        return {}
    c.valid(validators, name, doc, where)
    return doc


def lines(name, text, where):
    docs = [document(name, line, f"{where} line {i + 1}") for i, line in enumerate(text.splitlines())]
    c.expect(len(docs) > 0, f"{where}: no lines")
    return docs


def values(docs, key):
    return {d.get(key) for d in docs}


try:
    source = work.start("source", "source-token-Outputs1", "--seed-alm", "12", "--seed-analysis", "4",
                        "--seed-projects", "30", "--mask-secrets")
    # A current target holding 20 of the 30 projects: some connections are missing-project.
    target = work.start("target", "target-token-Outputs2", "--api", "current", "--seed-projects-only", "20",
                        "--unreachable", "atlassian")
    fresh = work.start("fresh", "target-token-Outputs3", "--seed-projects-only", "30")
    pair = both(source, target)

    # Inputs: the job and secrets files of the runs, with $schema and the markers.
    job_first = work.write("first.json", json.dumps({
        "$schema": "https://sdemig.invalid/schemas/job.schema.json", "format": "sdemig-job/1",
        "kinds": ["analysis"]}))
    job = work.write("job.json", json.dumps({
        "$schema": "https://sdemig.invalid/schemas/job.schema.json", "format": "sdemig-job/1",
        "on_conflict": "update", "connections": True,
        "transforms": [{"where": {"kind": "analysis"}, "set_params": {"sdemig_schema_check": "updated"}}]}))
    # Secrets for the analysis connectors and some trackers: the rest need secrets.
    secrets = work.write("secrets.json", json.dumps({
        "$schema": "https://sdemig.invalid/schemas/secrets.schema.json", "format": "sdemig-secrets/1",
        "*": {"analysis_pass": "Schema-check-analysis-1", "alm_pass": "Schema-check-alm-2"}}))
    for name, path in (("job", job_first), ("job", job), ("secrets", secrets)):
        document(name, open(path).read(), os.path.basename(path))

    # export: json and ndjson, with the projects' connections.
    r = run("export json", "export", "--from", source.url, "--from-token-file", source.token_file,
            "--connections", "--out", work.path("export.json"))
    exported = document("export", output("export.json"), "export.json")
    c.expect(len(exported.get("alm", [])) == 12 and len(exported.get("connections", [])) > 0,
             "export.json lacks its connectors or connections")
    run("export ndjson", "export", "--from", source.url, "--from-token-file", source.token_file,
        "--connections", "--format", "ndjson", "--out", work.path("export.ndjson"))
    ndjson = lines("export-line", output("export.ndjson"), "export.ndjson")
    c.expect({"alm", "analysis", "connection-alm"} <= values(ndjson, "kind"), "export.ndjson lacks a kind of line")

    # A first clone creates the analysis connectors; the plan then updates them.
    run("first clone", "clone", *pair, "--job", job_first, "--secrets", secrets)
    r = run("plan --json", "plan", *pair, "--job", job, "--secrets", secrets, "--json", "--show-noop")
    plan = document("plan", r.stdout, "plan --json")
    c.expect({"create", "update"} <= values(plan.get("actions", []), "action"),
             f"the plan lacks a create or an update: {values(plan.get('actions', []), 'action')}")
    c.expect("missing-project" in values(plan.get("connections", []), "action"), "the plan has no missing-project")

    # A saved plan (plan --out) of the clone below: the same schema, with its writes.
    run("plan --out", "plan", *pair, "--job", job, "--secrets", secrets, "--out", work.path("saved.json"))
    saved = document("plan", output("saved.json"), "plan --out")
    c.expect(len(saved.get("writes", [])) > 0 and saved.get("digest", "").startswith("sha256:"),
             "the saved plan has no writes or no digest")

    # The clone: creates, updates and fails (secrets nobody gave, projects the target lacks).
    run("clone", "clone", *pair, "--job", job, "--secrets", secrets, "--journal", work.path("clone.ndjson"),
        "--report", work.path("report.json"), "--backup", work.path("backup.json"), codes=(1,))
    backup = document("backup", output("backup.json"), "clone --backup")
    c.expect(len(backup.get("before", {}).get("analysis", [])) > 0, "the backup holds no before-image")
    c.expect(len(backup.get("written", {}).get("connections", [])) > 0, "the backup holds no connection")
    report = document("report", output("report.json"), "clone --report")
    outcomes = values(report.get("connectors", []), "outcome")
    c.expect({"done", "needs_secret"} <= outcomes, f"the clone's outcomes are only {outcomes}")
    c.expect(report.get("totals", {}).get("updated", 0) > 0, "the clone updated nothing")
    c.expect("missing" in values(report.get("connections", []), "outcome"), "no connection was missing")
    journal = lines("journal", output("clone.ndjson"), "clone --journal")
    c.expect({"create", "update"} <= values(journal, "action"), "the journal lacks a create or an update")
    c.expect("connection-alm" in values(journal, "kind"), "the journal has no connection")

    # verify after the clone: some equal, some not; the target tests its trackers.
    r = run("verify --json", "verify", *pair, "--job", job, "--secrets", secrets, "--json", codes=(1,))
    verify = document("verify", r.stdout, "verify --json")
    c.expect(len(values(verify.get("connectors", []), "status")) >= 2, "verify marks every connector alike")
    run("verify --test-connections seeds", "clone", *pair, "--kind", "alm", "--secrets", secrets, codes=(1,))
    r = run("verify --test-connections --json", "verify", "--test-connections", "--to", target.url,
            "--to-token-file", target.token_file, "--json", codes=(1,))
    tests = document("connection-tests", r.stdout, "verify --test-connections --json")
    c.expect({True, False} <= values(tests.get("connections", []), "ok"), "every connection test ended alike")

    # import of the export file into a fresh instance, with its own report and journal.
    run("import", "import", "--file", work.path("export.json"), "--connections", "--to", fresh.url,
        "--to-token-file", fresh.token_file, "--secrets", secrets, "--report", work.path("import.json"),
        "--journal", work.path("import.ndjson"), "--concurrency", "4", codes=(0, 1))
    imported = document("report", output("import.json"), "import --report")
    c.expect(imported.get("command") == "import" and imported.get("concurrency", {}).get("mode") == "fixed",
             "the import's report is not a fixed-concurrency import's")
    lines("journal", output("import.ndjson"), "import --journal")

    # bench: a run with thresholds, one against it as a baseline, a capacity sweep.
    bench = ["bench", "--url", target.url, "--token-file", target.token_file, "--json"]
    r = run("bench", *bench, "--op", "mix", "-c", "2", "-d", "0.3", "--warmup", "0",
            "--threshold", "p99<10s", "--threshold", "errors<50%", codes=(0,))
    first = document("bench", r.stdout, "bench --json")
    c.expect(len(first.get("thresholds", [])) == 2, "bench --json lacks its thresholds")
    work.write("baseline.json", r.stdout)
    r = run("bench --baseline", *bench, "--op", "mix", "-c", "2", "-d", "0.3", "--warmup", "0",
            "--baseline", work.path("baseline.json"))
    c.expect("comparison" in document("bench", r.stdout, "bench --baseline --json"), "no comparison")
    r = run("bench --capacity", *bench, "--capacity", "--step-seconds", "0.2", "--warmup", "0",
            "--max-connections", "4", "--slo", "p99<5s")
    sweep = document("bench", r.stdout, "bench --capacity --json")
    c.expect(len(sweep.get("capacity", {}).get("steps", [])) >= 2, "the sweep has under two steps")
    # Last (it takes the target back): restore from the clone's backup, with
    # its report and journal.
    run("restore", "restore", "--backup", work.path("backup.json"), "--to", target.url, "--to-token-file",
        target.token_file, "--report", work.path("restore.json"), "--journal", work.path("restore.ndjson"))
    restored = document("report", output("restore.json"), "restore --report")
    c.expect(restored.get("totals", {}).get("deleted", 0) > 0, "the restore deleted nothing")
    c.expect("delete" in values(lines("journal", output("restore.ndjson"), "restore --journal"), "action"),
             "the restore's journal has no delete")
finally:
    work.close()
c.finish("outputs")
