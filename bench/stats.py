#!/usr/bin/python3
"""bench/stats.py DB - the anchor of bench/report.sh: the same statistics
perfweek-report computes for a week (avg, min, p50, p90, p95, p99, max per
metric and device, nearest rank), with the sqlite3 module and sorted()."""
import sqlite3
import sys

START, END = 1794182400, 1794182400 + 7 * 86400
con = sqlite3.connect(sys.argv[1])


def stats(vals):
    v = sorted(x for x in vals if x is not None)
    n = len(v)
    if not n:
        return None
    rank = lambda q: v[max(1, -(-q * n // 100)) - 1]
    return (sum(v) / n, v[0], rank(50), rank(90), rank(95), rank(99), v[-1])


host = ["100 - cpu_idle_pct", "cpu_user_pct", "cpu_system_pct", "cpu_iowait_pct",
        "cpu_steal_pct", "load1", "load1 / cpu_count", "ctxt_per_s", "procs_blocked",
        "mem_used_pct", "swap_used_pct", "swapout_pages_per_s", "majfault_per_s",
        "psi_cpu_some_pct", "psi_memory_some_pct", "psi_io_some_pct",
        "psi_io_full_pct", "tcp_established",
        "tcp_retrans_segs_per_s / tcp_out_segs_per_s * 100"]
out = {}
rows = con.execute("SELECT %s FROM snapshot WHERE ts >= ? AND ts < ? ORDER BY ts"
                   % ", ".join(host), (START, END)).fetchall()
for i, expr in enumerate(host):
    out[expr] = stats(r[i] for r in rows)
for table, exprs in (("disk", ["util_pct", "await_ms", "reads_per_s", "writes_per_s",
                               "read_bytes_per_s", "write_bytes_per_s", "queue_size"]),
                     ("filesystem", ["used_pct", "inodes_used_pct"]),
                     ("netif", ["rx_bytes_per_s", "tx_bytes_per_s",
                                "rx_errors_per_s + tx_errors_per_s",
                                "rx_drops_per_s + tx_drops_per_s"])):
    q = ("SELECT d.name, %s FROM %s x JOIN snapshot s ON s.id = x.snapshot_id "
         "JOIN device d ON d.id = x.device_id WHERE s.ts >= ? AND s.ts < ? "
         "ORDER BY d.name, s.ts" % (", ".join("x." + e.replace(" + ", " + x.") for e in exprs), table))
    by = {}
    for r in con.execute(q, (START, END)):
        by.setdefault(r[0], []).append(r[1:])
    for name, rs in by.items():
        for i, e in enumerate(exprs):
            out[(table, name, e)] = stats(r[i] for r in rs)
print("%d statistics" % len(out))
