"""schema_doc.py DB DOC: check docs/schema.md against a real database.

Every table of DB has a "### NAME" heading in DOC (a heading may name
several tables: "### app_metric_name, app_metric").  Where the section
holds column tables, their first cells, in order ("a, b" is two columns),
must be exactly the table's columns in pragma_table_info order; a section
without one must name every column in its text.  Every view is named in
DOC.  Prints one line per problem, "ok" when there is none.
"""
import re
import sqlite3
import sys

db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
doc = open(sys.argv[2], encoding="utf-8").read()

sections = {}
for m in re.finditer(r"^### ([^\n]+)\n(.*?)(?=^##|\Z)", doc, re.S | re.M):
    for name in m.group(1).split(","):
        sections[name.strip()] = m.group(2)

problems = []
for (name,) in db.execute("SELECT name FROM sqlite_schema WHERE type = "
                          "'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"):
    want = [r[1] for r in db.execute("SELECT * FROM pragma_table_info(?)",
                                     (name,))]
    body = sections.get(name)
    if body is None:
        problems.append("table %s: no '### %s' heading" % (name, name))
        continue
    got = []
    for line in body.splitlines():
        cell = line.split("|")[1].strip() if line.startswith("|") else ""
        if not cell or cell == "column" or set(cell) <= set("-: "):
            continue
        got += [c.strip() for c in cell.split(",")]
    if got and got != want:
        problems.append("table %s: documented %s, database has %s"
                        % (name, " ".join(got), " ".join(want)))
    if not got:
        missing = [c for c in want if not re.search(r"\b%s\b" % c, body)]
        if missing:
            problems.append("table %s: its section does not name %s"
                            % (name, " ".join(missing)))
for (name,) in db.execute("SELECT name FROM sqlite_schema WHERE type = 'view'"):
    if not re.search(r"\b%s\b" % name, doc):
        problems.append("view %s: not in the document" % name)
print("\n".join(problems) if problems else "ok")
