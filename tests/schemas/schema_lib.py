"""What the schema checks share: the schemas of docs/schemas/, checked and
validated with Debian's python3-jsonschema (Draft 2020-12), sde-sim
instances on loopback, and the sdemig program."""

import ctypes
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import jsonschema

DRAFT = jsonschema.Draft202012Validator


def load_schemas(root):
    """name ("job", "report", ...) -> a validator; every schema is checked
    against the draft's meta-schema first."""
    validators = {}
    for path in sorted(glob.glob(os.path.join(root, "docs", "schemas", "*.schema.json"))):
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        DRAFT.check_schema(schema)
        name = os.path.basename(path)[: -len(".schema.json")]
        if schema.get("$id") != f"https://sdemig.invalid/schemas/{name}.schema.json":
            raise SystemExit(f"{path}: $id is {schema.get('$id')!r}")
        if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            raise SystemExit(f"{path}: not a draft 2020-12 schema")
        validators[name] = DRAFT(schema, format_checker=DRAFT.FORMAT_CHECKER)
    return validators


def markers_of(schema):
    """Every format marker a schema names: the const of a "format" property,
    wherever the schema describes one (a bench run and a capacity sweep)."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            fmt = node.get("properties", {}).get("format") if isinstance(node.get("properties"), dict) else None
            if isinstance(fmt, dict):
                for alt in [fmt] + fmt.get("anyOf", []):
                    if isinstance(alt.get("const"), str):
                        found.add(alt["const"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(schema)
    return found


class checker:
    """Collects problems; each is one line naming the file and the place."""

    def __init__(self):
        self.problems = []
        self.checked = 0

    def valid(self, validators, name, document, where):
        self.checked += 1
        errors = sorted(validators[name].iter_errors(document), key=lambda e: list(e.absolute_path))
        for e in errors[:5]:
            path = "/".join(str(p) for p in e.absolute_path)
            self.problems.append(f"{where}: not a valid {name} file at /{path}: {e.message[:300]}")
        return not errors

    def expect(self, condition, what):
        if not condition:
            self.problems.append(what)
        return condition

    def finish(self, what):
        for p in self.problems:
            print("FAIL", p)
        print(f"{what}: {self.checked} documents checked, {len(self.problems)} problems")
        sys.exit(1 if self.problems else 0)


def _die_with_parent():
    """In the child: SIGTERM when the test dies, even by SIGKILL (a ctest
    timeout), so no sde-sim outlives it (PR_SET_PDEATHSIG)."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


class sim:
    """An sde-sim process on a free loopback port, stopped on exit."""

    def __init__(self, program, workdir, name, token, *flags):
        self.out = open(os.path.join(workdir, name + ".out"), "w+")
        self.proc = subprocess.Popen([program, "--port", "0", "--token", token, *flags],
                                     stdout=self.out, stderr=subprocess.STDOUT, text=True,
                                     preexec_fn=_die_with_parent)
        self.token_file = os.path.join(workdir, name + ".token")
        with open(self.token_file, "w") as f:
            f.write(token + "\n")
        os.chmod(self.token_file, 0o600)
        self.url = None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # until it says where it listens
            self.out.seek(0)
            for line in self.out.read().splitlines():
                if line.startswith("listening on "):
                    self.url = "http://" + line.split()[-1]
            if self.url or self.proc.poll() is not None:
                break
            time.sleep(0.02)
        if not self.url:
            self.stop()
            raise SystemExit(f"sde-sim {name} did not start")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.out.close()


class run_dir:
    """A temporary folder and the programs, with helpers to run sdemig."""

    def __init__(self, sdemig, sde_sim):
        self.sdemig, self.sde_sim = sdemig, sde_sim
        self.tmp = tempfile.TemporaryDirectory(prefix="sdemig-schemas-")
        self.dir = self.tmp.name
        self.sims = []

    def start(self, name, token, *flags):
        s = sim(self.sde_sim, self.dir, name, token, *flags)
        self.sims.append(s)
        return s

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write(text)
        return self.path(name)

    def read(self, name):
        with open(self.path(name), encoding="utf-8") as f:
            return f.read()

    def run(self, *args):
        return subprocess.run([self.sdemig, *args], capture_output=True, text=True, timeout=120,
                              cwd=self.dir)

    def close(self):
        for s in self.sims:
            s.stop()
        self.tmp.cleanup()


def both(source, target):
    return ["--from", source.url, "--from-token-file", source.token_file,
            "--to", target.url, "--to-token-file", target.token_file]
