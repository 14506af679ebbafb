#!/usr/bin/python3
"""prom_agree.py A.json B.json [--tol REL] [--skip ID,...]: do two
reports (perfweek-report's JSON) agree metric by metric?

Compares the coverage (samples stored, percent, gaps, reboots), the
status, the findings (rule and severity, in order) and, for every
resource, host-wide metric and device metric, the statistics samples,
avg, min, p50, p90, p95, p99 and max, each within REL of the larger
value (absolute below 1).  Prints one line per difference and exits 1
if there is one; a metric in one report only is a difference too.
"""
import argparse
import json
import sys

STATS = ("samples", "avg", "min", "p50", "p90", "p95", "p99", "max")

ap = argparse.ArgumentParser()
ap.add_argument("a")
ap.add_argument("b")
ap.add_argument("--tol", type=float, default=1e-9)
ap.add_argument("--skip", default="")
o = ap.parse_args()
skip = set(x for x in o.skip.split(",") if x)
A, B = (json.load(open(f)) for f in (o.a, o.b))
diffs = []


def close(x, y):
    if x is None or y is None:
        return x is y
    return abs(x - y) <= o.tol * max(1.0, abs(x), abs(y))


def metrics(d):
    out = {}
    for r in d["resources"]:
        for m in r.get("metrics", []):
            out[(r["id"], "", m["id"])] = m
        for dv in r.get("devices", []):
            for m in dv["metrics"]:
                out[(r["id"], dv["name"], m["id"])] = m
    return out


c1, c2 = A["coverage"], B["coverage"]
for k in ("stored", "pct"):
    if not close(c1[k], c2[k]):
        diffs.append("coverage %s: %s != %s" % (k, c1[k], c2[k]))
for k in ("gaps", "reboots"):
    if len(c1[k]) != len(c2[k]):
        diffs.append("coverage %s: %d != %d" % (k, len(c1[k]), len(c2[k])))
if A["summary"]["status"] != B["summary"]["status"]:
    diffs.append("status: %s != %s" % (A["summary"]["status"],
                                       B["summary"]["status"]))
f1 = [(f["rule"], f["severity"], f.get("device")) for f in A["findings"]]
f2 = [(f["rule"], f["severity"], f.get("device")) for f in B["findings"]]
if f1 != f2:
    diffs.append("findings: %s != %s" % (f1, f2))
m1, m2 = metrics(A), metrics(B)
for key in sorted(set(m1) | set(m2)):
    if key[2] in skip:
        continue
    if key not in m1 or key not in m2:
        diffs.append("%s: in one report only" % "/".join(key))
        continue
    for s in STATS:
        if not close(m1[key].get(s), m2[key].get(s)):
            diffs.append("%s %s: %s != %s" % ("/".join(key), s,
                                               m1[key].get(s), m2[key].get(s)))
print("\n".join(diffs) if diffs else "agree: %d metrics" % len(m1))
sys.exit(1 if diffs else 0)
