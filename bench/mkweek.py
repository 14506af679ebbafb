#!/usr/bin/python3
"""bench/mkweek.py DB STEP_S [WEEKS] - weeks of synthetic snapshots for benchmarks.

Fills an existing perfweek database (create it first with one
perfweek-collect run) with 7 days of snapshots STEP_S seconds apart for host
"bench", with 4 disks, 6 filesystems and 3 interfaces, straight through
SQL: a benchmark of the reporter needs the rows, not the collector's pace.
Values follow a daily pattern with noise, seeded, so every run is the same.
Week: 2026-W46 (Monday 2026-11-09 00:00 UTC).  WEEKS (default 0) adds that
many weeks before it, as the reporter reads the four weeks before a period
for its comparisons; 2026-W46's rows are the same either way.
"""
import math
import random
import sqlite3
import sys

db, step = sys.argv[1], int(sys.argv[2])
weeks = int(sys.argv[3]) if len(sys.argv) > 3 else 0
W46 = 1794182400  # 2026-11-09 00:00:00 UTC
con = sqlite3.connect(db)
cur = con.cursor()
cur.execute("INSERT OR IGNORE INTO host(name) VALUES ('bench')")
host = cur.execute("SELECT id FROM host WHERE name = 'bench'").fetchone()[0]

def dev(kind, name, label=None, fstype=None):
    cur.execute("INSERT OR IGNORE INTO device(host_id, kind, name, label, fstype) "
                "VALUES (?, ?, ?, ?, ?)", (host, kind, name, label, fstype))
    return cur.execute("SELECT id FROM device WHERE host_id = ? AND kind = ? AND name = ?",
                       (host, kind, name)).fetchone()[0]

disks = [dev("disk", n) for n in ("nvme0n1", "nvme1n1", "sda", "sdb")]
fss = [dev("filesystem", m, "/dev/x%d" % i, "ext4")
       for i, m in enumerate(("/", "/var", "/home", "/srv", "/tmp", "/boot"))]
ifs = [dev("netif", n) for n in ("eth0", "eth1", "bond0")]

cols = ("host_id, ts, interval_s, boot_time, uptime_s, cpu_count, cpu_user_pct, "
        "cpu_nice_pct, cpu_system_pct, cpu_iowait_pct, cpu_irq_pct, cpu_softirq_pct, "
        "cpu_steal_pct, cpu_idle_pct, ctxt_per_s, intr_per_s, procs_running, "
        "procs_blocked, load1, load5, load15, mem_total_bytes, mem_available_bytes, "
        "mem_used_pct, mem_cached_bytes, mem_buffers_bytes, swap_total_bytes, "
        "swap_used_bytes, swap_used_pct, swapin_pages_per_s, swapout_pages_per_s, "
        "majfault_per_s, psi_cpu_some_pct, psi_memory_some_pct, psi_memory_full_pct, "
        "psi_io_some_pct, psi_io_full_pct, tcp_established, tcp_out_segs_per_s, "
        "tcp_retrans_segs_per_s")
ins = "INSERT INTO snapshot(%s) VALUES (%s)" % (cols, ", ".join("?" * 40))
n = 7 * 86400 // step

def week(start, rnd):
    """One week of rows from start, booted the day before."""
    for i in range(n):
        ts = start + i * step
        day = (ts % 86400) / 86400
        busy = max(1.0, min(99.0, 35 + 25 * math.sin(2 * math.pi * (day - 0.33)) + rnd.gauss(0, 5)))
        user, system = busy * 0.7, busy * 0.25
        iowait = busy * 0.05
        mem = 55 + 10 * math.sin(2 * math.pi * day) + rnd.gauss(0, 1)
        row = (host, ts, float(step), start - 86400, 86400.0 + i * step, 8,
               user, 0.0, system, iowait, 0.1, 0.2, 0.0, 100 - busy - 0.3,
               busy * 100, busy * 50, 3, 0, busy / 12, busy / 13, busy / 14,
               16 << 30, int((100 - mem) / 100 * (16 << 30)), mem, 4 << 30, 1 << 28,
               4 << 30, 1 << 20, 0.02, 0.0, 0.0, rnd.random(), busy / 10, 0.5, 0.1,
               iowait * 2, iowait, 120, 900.0, rnd.random() * 3)
        cur.execute(ins, row)
        sid = cur.lastrowid
        for k, d in enumerate(disks):
            u = max(0.0, min(100.0, busy * (0.3 + 0.2 * k) + rnd.gauss(0, 3)))
            cur.execute("INSERT INTO disk VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                        (sid, d, u * 3, u * 2, u * 40960, u * 20480, 0.5 + u / 20, u, u / 50))
        for k, f in enumerate(fss):
            used = 40 + 5 * k + i / n * 10
            size = 100 << 30
            cur.execute("INSERT INTO filesystem VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (sid, f, size, int(size * used / 100), int(size * (100 - used) / 100),
                         used, 3.0 + k))
        for k, f in enumerate(ifs):
            r = busy * 10000 * (k + 1)
            cur.execute("INSERT INTO netif VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (sid, f, r, r / 2, r / 1000, r / 2000, 0.0, 0.0, 0.0, 0.0))


# The earlier weeks first, each with its own seed, then 2026-W46 as always.
for w in range(weeks, 0, -1):
    week(W46 - w * 7 * 86400, random.Random(46 - w))
week(W46, random.Random(46))
con.commit()
print("%d snapshots of host 'bench' in %s" % (n * (weeks + 1), db))
