"""The examples in docs/deploy.md are copied by users: check that each YAML
block parses into Kubernetes objects of the kinds it shows, that each systemd
unit has the sections and keys it needs, that every sdemig flag they pass
exists in that command's --help, and that every metric an alert rule names
is one sdemig writes (a clone against sde-sim writes the file, read with the
Prometheus client's parser).

usage: check_deploy_examples.py DOCS_FILE SDEMIG SDE_SIM"""

import os
import re
import subprocess
import sys
import tempfile

import yaml
from prometheus_client.parser import text_string_to_metric_families

doc_path, sdemig, sde_sim = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(doc_path, encoding="utf-8").read()
blocks = re.findall(r"```(\w+)\n(.*?)```", text, flags=re.S)
problems = []
help_cache = {}


def flags_of(command):
    if command not in help_cache:
        out = subprocess.run([sdemig, command, "--help"], capture_output=True, text=True, check=True).stdout
        help_cache[command] = set(re.findall(r"--[a-z][a-z0-9-]*", out))
    return help_cache[command]


def check_command_line(words, where):
    words = [str(w) for w in words]
    if "sdemig" not in [w.split("/")[-1] for w in words]:
        return 0
    at = [w.split("/")[-1] for w in words].index("sdemig")
    command = words[at + 1]
    for w in words[at + 2:]:
        if w in (";", "&&", "||", "|"):  # a shell line: what follows is another program's
            break
        if w.startswith("--") and w.split("=")[0] not in flags_of(command):
            problems.append(f"{where}: sdemig {command} has no flag {w}")
    return 1


def families_sdemig_writes():
    """The families of a clone's --metrics-file (every command's, and the items, errors,
    writes and phases a clone adds)."""
    with tempfile.TemporaryDirectory() as d:
        token = os.path.join(d, "token")
        with open(os.open(token, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write("docs-check-token-4412\n")
        sim = subprocess.Popen([sde_sim, "--port", "0", "--token-file", token, "--seed-alm", "3"],
                               stdout=subprocess.PIPE, text=True)
        try:
            url = "http://" + sim.stdout.readline().split()[-1]
            metrics = os.path.join(d, "sdemig.prom")
            subprocess.run([sdemig, "clone", "--from", url, "--from-token-file", token, "--to", url,
                            "--to-token-file", token, "--allow-same-instance", "--metrics-file",
                            metrics], capture_output=True, check=True)
            with open(metrics, encoding="utf-8") as f:
                # The names a query uses: the samples' (a counter's end in _total).
                return {s.name for family in text_string_to_metric_families(f.read())
                        for s in family.samples}
        finally:
            sim.terminate()
            sim.wait()


written = None
alert_rules = 0


def check_rule_metrics(obj):
    global written, alert_rules
    if written is None:
        written = families_sdemig_writes()
    for group in obj["spec"]["groups"]:
        for rule in group["rules"]:
            alert_rules += 1
            if "alert" not in rule or "expr" not in rule:
                problems.append(f"a rule of group {group['name']} lacks alert or expr")
                continue
            text = str(rule["expr"]) + " " + " ".join(str(v) for v in rule.get("annotations", {}).values())
            for name in set(re.findall(r"\bsdemig_[a-z0-9_]+", text)):
                if name not in written:
                    problems.append(f"alert {rule['alert']} names {name}, which sdemig does not write "
                                    f"(it writes {', '.join(sorted(written))})")


commands = 0
yaml_objects = 0
units = 0
for lang, body in blocks:
    if lang == "yaml":
        for obj in yaml.safe_load_all(body):
            yaml_objects += 1
            for key in ("apiVersion", "kind", "metadata"):
                if key not in obj:
                    problems.append(f"a {obj.get('kind', '?')} lacks {key}")
            if obj["kind"] in ("CronJob", "Job"):
                spec = obj["spec"]["jobTemplate"]["spec"] if obj["kind"] == "CronJob" else obj["spec"]
                pod = spec["template"]["spec"]
                if pod.get("restartPolicy") not in ("Never", "OnFailure"):
                    problems.append(f"{obj['metadata']['name']}: a Job's pod needs restartPolicy Never or OnFailure")
                volumes = {v["name"] for v in pod.get("volumes", [])}
                for c in pod["containers"]:
                    for m in c.get("volumeMounts", []):
                        if m["name"] not in volumes:
                            problems.append(f"{c['name']} mounts {m['name']}, which is not a volume")
                    line = list(c.get("command", [])) + list(c.get("args", []))
                    if len(line) > 2 and line[0].endswith("sh") and line[1] == "-c":
                        line = line[2].split()
                    commands += check_command_line(line, f"{obj['kind']} {obj['metadata']['name']}")
            if obj["kind"] == "PrometheusRule":
                check_rule_metrics(obj)
            if obj["kind"] == "CronJob" and len(obj["spec"]["schedule"].split()) != 5:
                problems.append("the CronJob's schedule is not five fields")
    elif lang == "ini":
        units += 1
        sections = {}
        current = None
        for raw in body.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            m = re.fullmatch(r"\[(\w+)\]", line)
            if m:
                current = sections.setdefault(m.group(1), {})
                continue
            if current is None or "=" not in line:
                problems.append(f"a unit line outside a section or without '=': {line}")
                continue
            key, value = line.split("=", 1)
            current[key] = value
        if "Service" in sections:
            service = sections["Service"]
            if "ExecStart" not in service:
                problems.append("the service has no ExecStart")
            else:
                commands += check_command_line(service["ExecStart"].split(), "the service")
        elif "Timer" in sections:
            if "OnCalendar" not in sections["Timer"]:
                problems.append("the timer has no OnCalendar")
            if "Install" not in sections:
                problems.append("the timer has no [Install] section")
        else:
            problems.append(f"a unit that is neither a service nor a timer: {sorted(sections)}")

if yaml_objects < 3 or units < 2 or commands < 3 or alert_rules < 2:
    problems.append(f"expected at least 3 Kubernetes objects, 2 units, 3 sdemig commands and 2 alert "
                    f"rules; found {yaml_objects}, {units}, {commands}, {alert_rules}")
for p in problems:
    print("deploy.md:", p, file=sys.stderr)
print(f"deploy.md: {yaml_objects} Kubernetes objects, {units} systemd units, {commands} sdemig commands, "
      f"{alert_rules} alert rules checked")
sys.exit(1 if problems else 0)
