"""The man pages, as `cmake --install` puts them: one per program and per
sdemig command, each rendering without a single groff warning (groff -ww)
and through man -l, with a NAME line whatis can read (lexgrog); every flag
a --help lists is on its page and the page lists no other; every exit code
of docs/cli.md's table and every token variable it names is in sdemig(1);
every flag an example passes exists.

usage: check_man_pages.py CMAKE BUILD_DIR SDEMIG SDE_SIM CLI_MD"""

import gzip
import os
import re
import subprocess
import sys
import tempfile

cmake, build_dir, sdemig, sde_sim, cli_md = sys.argv[1:6]
problems = []


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def help_flags(program, *words):
    """The flags `PROGRAM WORDS --help` lists: "-c,--connections UINT" gives -c and --connections."""
    out = run([program, *words, "--help"], check=True).stdout
    flags = set()
    for line in out.splitlines():
        m = re.match(r"\s+((?:-[a-zA-Z],)?--[a-z][a-z0-9-]*)", line)
        if m:
            flags.update(m.group(1).split(","))
    return flags


def help_commands(program):
    out = run([program, "--help"], check=True).stdout
    return re.findall(r"^  ([a-z]+) ", out.split("Subcommands:")[1], flags=re.M)


def rendered(page):
    env = dict(os.environ, MANWIDTH="200", LC_ALL="C.UTF-8")
    env.pop("MAN_KEEP_FORMATTING", None)
    r = run(["man", "--warnings=all", "-l", page], env=env)
    if r.returncode != 0 or r.stderr.strip():
        problems.append(f"{page}: man -l: exit {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def section(text, title):
    m = re.search(rf"^{title}\n(.*?)(?=^[A-Z][A-Z ]+\n|\Z)", text, flags=re.M | re.S)
    return m.group(1) if m else ""


def page_flags(text):
    """The flags of OPTIONS' term lines ("       -c, --connections UINT")."""
    flags = set()
    for line in section(text, "OPTIONS").splitlines():
        m = re.match(r" {7}(-\S.*)$", line)
        if m:
            flags.update(re.findall(r"(?:^|, )(--?[a-zA-Z][a-z0-9-]*)", m.group(1)))
    return flags


def example_commands(text):
    """Each `sdemig CMD ...` or `sde-sim ...` of EXAMPLES, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", section(text, "EXAMPLES"))
    return [seg.strip() for line in joined.splitlines() for seg in line.split("|")
            if re.match(r"\s*(sdemig|sde-sim)\b", seg)]


with tempfile.TemporaryDirectory() as prefix:
    r = run([cmake, "--install", build_dir, "--prefix", prefix])
    if r.returncode != 0:
        sys.exit(f"cmake --install failed: {r.stderr}")
    man1 = os.path.join(prefix, "share", "man", "man1")
    commands = help_commands(sdemig)
    expected = {"sdemig", "sde-sim"} | {f"sdemig-{c}" for c in commands}
    installed = {f[: -len(".1.gz")] for f in os.listdir(man1) if f.endswith(".1.gz")}
    for name in sorted(expected - installed):
        problems.append(f"{man1}: no {name}.1.gz")
    for name in sorted(installed - expected):
        problems.append(f"{man1}: {name}.1.gz is no program or command")

    texts = {}
    for name in sorted(expected & installed):
        page = os.path.join(man1, f"{name}.1.gz")
        with gzip.open(page, "rt", encoding="utf-8") as f:
            source = f.read()
        g = run(["groff", "-man", "-Tutf8", "-ww", "-z"], input=source)
        if g.returncode != 0 or g.stderr.strip():
            problems.append(f"{name}.1: groff -ww: {g.stderr.strip()}")
        w = run(["lexgrog", page])
        if w.returncode != 0 or f'"{name} - ' not in w.stdout:
            problems.append(f"{name}.1: whatis cannot read its NAME: {w.stdout.strip()}")
        texts[name] = rendered(page)
        for title in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "SEE ALSO"]:
            if not section(texts[name], title).strip():
                problems.append(f"{name}.1: no {title} section")

    def compare(name, program, *words):
        if name not in texts:
            return
        want, have = help_flags(program, *words), page_flags(texts[name])
        for flag in sorted(want - have):
            problems.append(f"{name}.1: no {flag}, which `{' '.join([os.path.basename(program), *words])} --help` lists")
        for flag in sorted(have - want):
            problems.append(f"{name}.1: lists {flag}, which --help does not")

    compare("sdemig", sdemig)
    compare("sde-sim", sde_sim)
    for c in commands:
        compare(f"sdemig-{c}", sdemig, c)

    main = texts.get("sdemig", "")
    doc = open(cli_md, encoding="utf-8").read()
    table = doc.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    codes = re.findall(r"^\| (\d+) \|", table, flags=re.M)
    if not codes:
        problems.append(f"{cli_md}: no exit codes found")
    for code in codes:
        if not re.search(rf"^ {{7}}{code}\b", section(main, "EXIT STATUS"), flags=re.M):
            problems.append(f"sdemig.1: EXIT STATUS lacks {code} (docs/cli.md has it)")
    for var in sorted(set(re.findall(r"\$(SDE_[A-Z_]+)", doc))) + ["HTTPS_PROXY", "NO_PROXY"]:
        if var not in section(main, "ENVIRONMENT"):
            problems.append(f"sdemig.1: ENVIRONMENT lacks {var}")

    examples = 0
    for name, text in texts.items():
        for cmd in example_commands(text):
            words = cmd.split()
            program = sde_sim if words[0] == "sde-sim" else sdemig
            sub = [] if words[0] == "sde-sim" else [words[1]]
            flags = help_flags(program, *sub)
            examples += 1
            for w in words:
                if w.startswith("-") and w != "-" and w.split("=")[0] not in flags:
                    problems.append(f"{name}.1: example `{cmd}` passes {w}, which {words[0]} {' '.join(sub)} lacks")
    if examples == 0:
        problems.append("no examples found")

for p in problems:
    print(p, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"man pages: {len(texts)} render without warnings; their flags match --help; "
      f"{len(codes)} exit codes; {examples} example command lines check")
