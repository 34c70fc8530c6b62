"""The input schemas (job, secrets) say what sdemig's readers accept:

- every JSON example of a job or secrets file in the docs (README.md,
  docs/*.md, docs/schemas/README.md) validates, and sdemig plan takes it
  (exit 0) against two sde-sim instances;
- a table of bad job files: the schema refuses each and `sdemig plan --job`
  exits 2 with one line naming the file; a table of good ones both accept.

A ```json block is the file its "$schema" names, else a job file when it
has a job file's top-level key, else a secrets file; a `<!-- schema: NAME
-->` line right above the fence names the schema instead (any of
docs/schemas/).

usage: check_inputs.py SOURCE_DIR SDEMIG SDE_SIM"""

import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema_lib import both, checker, load_schemas, run_dir  # noqa: E402

root, sdemig, sde_sim = (os.path.abspath(a) for a in sys.argv[1:4])
c = checker()
validators = load_schemas(root)
job_keys = set(validators["job"].schema["properties"]) - {"$schema", "format"}


def kind_of(document):
    """The schema a docs example names in its "$schema", else job when it
    has a job file's key, else secrets."""
    named = document.get("$schema") if isinstance(document, dict) else None
    if isinstance(named, str) and named.endswith(".schema.json"):
        return os.path.basename(named)[: -len(".schema.json")]
    return "job" if isinstance(document, dict) and job_keys & set(document) else "secrets"


BAD_JOBS = [  # (what is wrong, the file)
    ("not an object", "[]"),
    ("unknown top-level key", '{"kind": ["alm"]}'),
    ("kinds not an array", '{"kinds": "alm"}'),
    ("unknown kind", '{"kinds": ["alm", "scm"]}'),
    ("no kind", '{"kinds": []}'),
    ("alm twice, as issue-tracker", '{"kinds": ["alm", "issue-tracker"]}'),
    ("unknown select key", '{"select": {"system": ["jira"]}}'),
    ("select.names not an array", '{"select": {"names": "*prod*"}}'),
    ("a system not a string", '{"select": {"systems": ["jira", 7]}}'),
    ("bad on_conflict", '{"on_conflict": "merge"}'),
    ("bad names_match", '{"names_match": "fuzzy"}'),
    ("empty rename_suffix", '{"on_conflict": "rename", "rename_suffix": ""}'),
    ("connections not a boolean", '{"connections": "yes"}'),
    ("transforms not an array", '{"transforms": {"set": {"inaccessible": true}}}'),
    ("two actions in a transform", '{"transforms": [{"set": {"inaccessible": true}, "unset_params": []}]}'),
    ("no action in a transform", '{"transforms": [{"where": {"system": "jira"}}]}'),
    ("unknown transform", '{"transforms": [{"rename": {"a": "b"}}]}'),
    ("a param value that is an object", '{"transforms": [{"set_params": {"alm_server": {"x": 1}}}]}'),
    ("replace_in_params without to", '{"transforms": [{"replace_in_params": {"param": "a", "from": "b"}}]}'),
    ("replace_in_params from empty", '{"transforms": [{"replace_in_params": {"param": "a", "from": "", "to": "c"}}]}'),
    ("rename_params to a number", '{"transforms": [{"rename_params": {"a": 1}}]}'),
    ("unset_params holding a number", '{"transforms": [{"unset_params": ["a", 1]}]}'),
    ("set.inaccessible a string", '{"transforms": [{"set": {"inaccessible": "no"}}]}'),
    ("unknown key in set", '{"transforms": [{"set": {"name": "x"}}]}'),
    ("unknown key in name", '{"transforms": [{"name": {"prefix": "a", "middle": "b"}}]}'),
    ("unknown key in where", '{"transforms": [{"where": {"systems": "jira"}, "set": {}}]}'),
    ("bad where.kind", '{"transforms": [{"where": {"kind": "scm"}, "set": {}}]}'),
    ("$schema not a string", '{"$schema": 1}'),
    ("another format", '{"format": "sdemig-job/2"}'),
    ("$schema below the top", '{"select": {"$schema": "job.schema.json"}}'),
]
GOOD_JOBS = [
    ("empty", "{}"),
    ("$schema only", '{"$schema": "https://sdemig.invalid/schemas/job.schema.json"}'),
    ("$schema and marker", '{"$schema": "../docs/schemas/job.schema.json", "format": "sdemig-job/1", "kinds": ["issue-tracker"]}'),
    ("every policy field", '{"kinds": ["analysis", "alm"], "on_conflict": "rename", "rename_suffix": " (copy)", "names_match": "look-alike"}'),
    ("select", '{"select": {"systems": ["jira"], "names": ["*"], "exclude_names": ["*legacy*"], "projects": ["*/*/*"]}, "connections": true}'),
    ("every transform", json.dumps({"transforms": [
        {"where": {"system": "jira", "name": "*", "kind": "issue-tracker"}, "set_params": {"a": "x", "n": 1, "f": 1.5, "b": False, "z": None}},
        {"replace_in_params": {"param": "alm_server", "from": "old", "to": "new"}},
        {"rename_params": {"sde_min_priority": "sde_tags_filter"}},
        {"unset_params": ["sde_tags_filter"]},
        {"set": {"inaccessible": False}},
        {"name": {"prefix": "p ", "suffix": " s"}},
        {"where": {"kind": "connection"}, "set_params": {"alm_parent_issue": "X-1"}}]})),
    ("names_match exact, on_conflict skip", '{"names_match": "exact", "on_conflict": "skip"}'),
]

docs = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md"))) + \
    sorted(glob.glob(os.path.join(root, "docs", "schemas", "*.md")))
examples = []  # (schema name, text, where)
for path in docs:
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r"(?:<!-- schema: ([a-z-]+) -->\n)?```json\n(.*?)```", text, flags=re.S):
        where = f"{os.path.relpath(path, root)}:{text.count(chr(10), 0, m.start(2)) + 1}"
        try:
            document = json.loads(m.group(2))
        except json.JSONDecodeError as e:
            c.expect(False, f"{where}: a ```json block that is not JSON: {e}")
            continue
        name = m.group(1) or kind_of(document)
        if c.expect(name in validators, f"{where}: no schema {name}"):
            c.valid(validators, name, document, where)
            examples.append((name, m.group(2), where))
kinds = {n for n, _, _ in examples}
c.expect({"job", "secrets"} <= kinds, f"the docs' examples hold only {sorted(kinds)}: the recognition broke")

work = run_dir(sdemig, sde_sim)
try:
    source = work.start("source", "source-token-Schemas1", "--seed-alm", "6", "--seed-analysis", "2",
                        "--seed-projects", "6")
    target = work.start("target", "target-token-Schemas2", "--seed-projects-only", "6")

    def plan(flag, text):
        path = work.write("input.json", text)
        return work.run("plan", *both(source, target), flag, path, "--progress", "never")

    for name, text, where in examples:
        if name in ("job", "secrets"):
            r = plan("--" + name, text)
            c.expect(r.returncode == 0, f"{where}: sdemig plan --{name} exits {r.returncode}: {r.stderr.strip()[:300]}")
    for what, text in BAD_JOBS:
        c.checked += 1
        document = json.loads(text)
        c.expect(not validators["job"].is_valid(document), f"bad job ({what}): the schema accepts {text}")
        r = plan("--job", text)
        lines = r.stderr.strip().splitlines()
        c.expect(r.returncode == 2 and len(lines) == 1 and work.path("input.json") in lines[0],
                 f"bad job ({what}): sdemig plan exits {r.returncode}, stderr {r.stderr.strip()[:300]!r}")
    for what, text in GOOD_JOBS:
        c.valid(validators, "job", json.loads(text), f"good job ({what})")
        r = plan("--job", text)
        c.expect(r.returncode == 0, f"good job ({what}): sdemig plan exits {r.returncode}: {r.stderr.strip()[:300]}")
finally:
    work.close()
print(f"{len(examples)} examples in the docs, {len(BAD_JOBS)} bad and {len(GOOD_JOBS)} good job files")
c.finish("input schemas")
