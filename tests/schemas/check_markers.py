"""Every format marker the C++ sources write or read ("sdemig-NAME/N") has a
schema in docs/schemas/ whose "format" const names it, and every marker a
schema names is in the sources: a new or bumped format without its schema
(or a schema left behind) fails. Also: every schema is a valid draft 2020-12
schema with its $id, and every member it describes has a description (what
an editor shows).

usage: check_markers.py SOURCE_DIR"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import json  # noqa: E402

from schema_lib import checker, load_schemas, markers_of  # noqa: E402

root = sys.argv[1]
c = checker()
validators = load_schemas(root)

in_sources = {}
for folder in ("engine", "io", "model", "tools"):
    for dirpath, _, files in os.walk(os.path.join(root, folder)):
        for f in files:
            if f.endswith((".cpp", ".hpp")):
                path = os.path.join(dirpath, f)
                text = open(path, encoding="utf-8").read()
                for m in re.findall(r'"(sdemig-[a-z0-9-]+/[0-9]+)"', text):
                    in_sources.setdefault(m, os.path.relpath(path, root))
c.expect(len(in_sources) >= 9, f"only {len(in_sources)} format markers found in the sources")

in_schemas = {}
for name, v in validators.items():
    for m in markers_of(v.schema):
        in_schemas[m] = name
for marker, where in sorted(in_sources.items()):
    c.checked += 1
    c.expect(marker in in_schemas, f"{where} writes or reads {marker}, which no docs/schemas/*.schema.json names")
for marker, name in sorted(in_schemas.items()):
    c.expect(marker in in_sources, f"docs/schemas/{name}.schema.json names {marker}, which no source writes or reads")


def described(node, defs, where):
    if not isinstance(node, dict):
        return
    for key, sub in (node.get("properties") or {}).items():
        if sub is False:  # a member that must not be there (in if/then/else)
            continue
        target = sub
        if isinstance(sub, dict) and "$ref" in sub and "description" not in sub:
            target = defs.get(sub["$ref"].split("/")[-1], {})
        c.expect(isinstance(target, dict) and target is not False and "description" in target,
                 f"{where}: member {key} has no description")
    for key, value in node.items():
        if key in ("if", "not"):  # conditions, not members
            continue
        if isinstance(value, dict):
            described(value, defs, where)
        elif isinstance(value, list):
            for item in value:
                described(item, defs, where)


for name, v in validators.items():
    c.expect("title" in v.schema and "description" in v.schema, f"{name}.schema.json has no title or description")
    described(v.schema, v.schema.get("$defs", {}), f"{name}.schema.json")
print("markers:", json.dumps(sorted(in_sources)))
c.finish("format markers")
