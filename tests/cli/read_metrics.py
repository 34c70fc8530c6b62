"""Reads an sdemig --metrics-file with the Prometheus client's own parser
(Debian's python3-prometheus-client) and prints one sample a line,
`name{label=value,...}<TAB>value`, labels sorted. Exits 1, naming the
problem, when the parser refuses the file or a family lacks its HELP, is
neither a gauge nor a counter named `_total`, comes twice, or a sample lacks the command label.

usage: read_metrics.py FILE"""

import sys

from prometheus_client.parser import text_string_to_metric_families

text = open(sys.argv[1], encoding="utf-8").read()
problems = []
seen = set()
lines = []
try:
    families = list(text_string_to_metric_families(text))
except Exception as e:  # the parser's own refusal (ValueError and others)
    print(f"{sys.argv[1]}: the parser refused it: {e}", file=sys.stderr)
    sys.exit(1)
for family in families:
    if family.name in seen:
        problems.append(f"{family.name} comes twice")
    seen.add(family.name)
    if family.type not in ("gauge", "counter"):
        problems.append(f"{family.name} is a {family.type}, not a gauge or a counter")
    if family.type == "counter" and not all(s.name.endswith("_total") for s in family.samples):
        problems.append(f"{family.name} is a counter whose samples are not named _total")
    if family.type == "gauge" and family.name.endswith("_total"):
        problems.append(f"{family.name} is a gauge named as a counter")
    if not family.documentation:
        problems.append(f"{family.name} has no HELP")
    if not family.name.startswith("sdemig_"):
        problems.append(f"{family.name} lacks the sdemig_ prefix")
    for s in family.samples:
        if "command" not in s.labels:
            problems.append(f"{s.name} has no command label")
        labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
        lines.append(f"{s.name}{{{labels}}}\t{s.value!r}")
for p in problems:
    print(f"{sys.argv[1]}: {p}", file=sys.stderr)
print("\n".join(lines))
sys.exit(1 if problems else 0)
