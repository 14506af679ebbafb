#!/usr/bin/python3
"""fleet.py - a simulated fleet: one tests/simweek.py run per host.

Usage:
  fleet.py --bin DIR --out DIR [--hosts N] [--step-s S] [--jobs J]
           [--fs-dir DIR] [--node-exporter PATH]

Makes, for hosts fleet-01 .. fleet-NN (N default 50) over the week from
Monday 2026-11-09 00:00 UTC (168 h at S s a step, default 3600):
  OUT/db/fleet-NN.db   each host's own perfweek-collect database (its own
                       simweek run, --host fleet-NN)
  OUT/data.om          all of them in one OpenMetrics file (node_exporter
                       scraped at every step: job="node",
                       instance="fleet-NN:9100"), ending in "# EOF"
  OUT/hosts.txt        one line a host: NAME KIND STOPPED-AT FS, KIND one of
                       busy, underused, steady; STOPPED-AT the Unix time of
                       the first step it did not report or "-"; FS "fs" for
                       the host with the filling disk, else "-"
The kinds, by the host's number i:
  i % 5 == 1      busy:      scenario demo, seed i (a 4-CPU web server with
                             a daily pattern, swapping, a saturation)
  i % 5 in (2, 3) underused: scenario quiet, seed i (CPU under 10 %, memory
                             under 42 % all week)
  otherwise       steady:    scenario known (9 % CPU, memory 50 %)
Hosts 4, 9 and 14 stop reporting on Wednesday 18:00, Friday 09:00 and
Saturday 21:00 (up = 0 from then on, nothing else); host 5 has the filling
disk when --fs-dir is given (a tmpfs mounted there: needs root).  J runs at
once (default 2); a host whose run fails is run once more.  Exit 0, or 1
naming the host whose run failed twice, with the end of its log.
"""

import argparse
import calendar
import os
import subprocess
import sys
import time

START = "2026-11-09 00:00"
START_TS = 1794182400
STOPS = {4: "2026-11-11 18:00", 9: "2026-11-13 09:00",
         14: "2026-11-14 21:00"}
FS_HOST = 5


def plan(i):
    """(kind, scenario, seed) of host i."""
    if i % 5 == 1:
        return "busy", "demo", i
    if i % 5 in (2, 3):
        return "underused", "quiet", i
    return "steady", "known", 0


def stamp_ts(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%d %H:%M"))


def argv_of(a, i, name):
    kind, scenario, seed = plan(i)
    v = [sys.executable, os.path.join(a.src, "tests", "simweek.py"),
         "--bin", a.bin, "--db", os.path.join(a.out, "db", name + ".db"),
         "--start", START, "--hours", "168", "--step-s", str(a.step_s),
         "--scenario", scenario, "--seed", str(seed), "--host", name,
         "--frozen-clock", "--scrape-openmetrics",
         os.path.join(a.out, "om", name + ".om"),
         "--node-exporter", a.node_exporter]
    if i in STOPS:
        v += ["--stop-at", STOPS[i]]
    if i == FS_HOST and a.fs_dir:
        v += ["--fs-dir", a.fs_dir]
    return v


def main():
    ap = argparse.ArgumentParser(prog="fleet.py")
    ap.add_argument("--bin", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--step-s", type=int, default=3600)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--fs-dir")
    ap.add_argument("--node-exporter",
                    default="/usr/bin/prometheus-node-exporter")
    a = ap.parse_args()
    a.src = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    for sub in ("db", "om", "log"):
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    names = ["fleet-%02d" % i for i in range(1, a.hosts + 1)]
    todo = list(enumerate(names, 1))
    running = []
    retried = set()
    failed = None
    while (todo or running) and failed is None:
        while todo and len(running) < a.jobs:
            i, name = todo.pop(0)
            log = open(os.path.join(a.out, "log", name + ".log"), "w")
            running.append((name, subprocess.Popen(
                argv_of(a, i, name), stdin=subprocess.DEVNULL,
                stdout=log, stderr=log)))
            log.close()
        name, p = running.pop(0)
        if p.wait() != 0 and name not in retried:
            # once more: a run can fail on a loaded machine (node_exporter
            # slow to start or to answer); its first log's end is kept
            with open(os.path.join(a.out, "log", name + ".log")) as f:
                sys.stderr.write("fleet: %s failed once, run again:\n%s\n" % (
                    name, "\n".join(f.read().splitlines()[-5:])))
            retried.add(name)
            todo.insert(0, (names.index(name) + 1, name))
        elif p.returncode != 0:
            failed = name
    for _, p in running:
        p.wait()
    if failed:
        # the log is in the cache's scratch directory, removed after a
        # failure: its end goes with the message
        with open(os.path.join(a.out, "log", failed + ".log")) as f:
            tail = f.read().splitlines()[-5:]
        sys.exit("fleet: the simweek run of host %s failed:\n%s" % (
            failed, "\n".join("  " + line for line in tail)))
    with open(os.path.join(a.out, "data.om"), "w") as out:
        for name in names:
            with open(os.path.join(a.out, "om", name + ".om")) as f:
                for line in f:
                    if line != "# EOF\n":
                        out.write(line)
        out.write("# EOF\n")
    with open(os.path.join(a.out, "hosts.txt"), "w") as f:
        for i, name in enumerate(names, 1):
            f.write("%s %s %s %s\n" % (
                name, plan(i)[0],
                stamp_ts(STOPS[i]) if i in STOPS else "-",
                "fs" if i == FS_HOST and a.fs_dir else "-"))
    for name in names:
        os.unlink(os.path.join(a.out, "om", name + ".om"))


if __name__ == "__main__":
    main()
