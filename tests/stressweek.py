#!/usr/bin/python3
"""stressweek.py - a real estate's week, to see that the report holds up.

Usage: stressweek.py DB RECORDS

Fills DB (a perfweek database already migrated: create it with one
perfweek-collect run) with week 2026-W46 (Monday 2026-11-09 00:00 UTC) of
the host named by HOST below, a 60-character name, straight through SQL
(the report is under test here, not the collector): 20 disks (loop0 and
loop1 idle all week), 30 filesystems with long NFS and overlay paths and
names in Chinese, Japanese, Hebrew, Arabic, Greek and emoji, 7 network
interfaces (ifb0 and ifb1 down and all zero), and 40 health checks
probed every 5 minutes, each with its own outages: short blips a few
minutes apart (which the report merges) and a few long ones.  RECORDS
gets 300 open ServiceNow incidents (and 40 resolved) in the shape
tests/servers/snow_server.py --records serves.  Seeded: every run writes
the same rows.  Prints the figures a test checks, one "name value" a line.
"""
import json
import math
import random
import sqlite3
import sys
import time

W46 = 1794182400  # 2026-11-09 00:00:00 UTC
STEP = 600
HOST = "app-server-frankfurt-production-cluster-07.internal.example1"
assert len(HOST) == 60, len(HOST)
SCRIPTS = ["数据仓库", "データベース", "מאגר-נתונים", "قاعدة-البيانات",
           "βάση-δεδομένων", "📦-packages"]


def disks():
    names = ["nvme%dn1" % i for i in range(4)] + \
        ["sd" + chr(ord("a") + i) for i in range(10)] + \
        ["dm-%d" % i for i in range(4)] + ["loop0", "loop1"]
    return names


def filesystems():
    out = []
    for i in range(12):
        out.append(("/srv/nfs/exports/projects/department-%02d/"
                    "long-running-simulation-data" % i,
                    "nfs-filer-%02d.storage.example.internal:/export/vol%02d"
                    % (i % 3, i), "nfs4"))
    for i in range(8):
        h = "%064x" % random.Random(i).getrandbits(256)
        out.append(("/var/lib/docker/overlay2/%s/merged" % h, "overlay",
                     "overlay"))
    for i, s in enumerate(SCRIPTS):
        out.append(("/mnt/%s/%s-%d" % (s, s, i), "/dev/mapper/vg-%d" % i,
                     "ext4"))
    out += [("/", "/dev/nvme0n1p2", "ext4"), ("/boot", "/dev/nvme0n1p1",
            "ext4"), ("/var", "/dev/mapper/vg-var", "xfs"),
            ("/home", "/dev/mapper/vg-home", "xfs")]
    assert len(out) == 30
    return out


NETIFS = ["eth0", "eth1", "bond0", "docker0", "ifb0", "ifb1", "veth1a2b3c"]
IDLE_NETIFS = {"ifb0", "ifb1"}
IDLE_DISKS = {"loop0", "loop1"}

CHECKS = (["api-%02d" % i for i in range(16)] +
          ["支付网关-%d" % i for i in range(4)] +
          ["認証サービス-%d" % i for i in range(4)] +
          ["שירות-לקוחות-%d" % i for i in range(4)] +
          ["خدمة-العملاء-%d" % i for i in range(4)] +
          ["υπηρεσία-πληρωμών-%d" % i for i in range(4)] +
          ["🚀-launch-%d" % i for i in range(4)])
assert len(CHECKS) == 40


def snapshots(cur, host, devs, rnd):
    cols = ("host_id, ts, interval_s, boot_time, uptime_s, cpu_count, "
            "cpu_user_pct, cpu_nice_pct, cpu_system_pct, cpu_iowait_pct, "
            "cpu_irq_pct, cpu_softirq_pct, cpu_steal_pct, cpu_idle_pct, "
            "ctxt_per_s, intr_per_s, procs_running, procs_blocked, load1, "
            "load5, load15, mem_total_bytes, mem_available_bytes, "
            "mem_used_pct, mem_cached_bytes, mem_buffers_bytes, "
            "swap_total_bytes, swap_used_bytes, swap_used_pct, "
            "swapin_pages_per_s, swapout_pages_per_s, majfault_per_s, "
            "psi_cpu_some_pct, psi_memory_some_pct, psi_memory_full_pct, "
            "psi_io_some_pct, psi_io_full_pct, tcp_established, "
            "tcp_out_segs_per_s, tcp_retrans_segs_per_s")
    ins = "INSERT INTO snapshot(%s) VALUES (%s)" % (cols, ", ".join("?" * 40))
    n = 7 * 86400 // STEP
    for i in range(n):
        ts = W46 + i * STEP
        day = (ts % 86400) / 86400
        busy = max(1.0, min(99.0, 40 + 30 * math.sin(2 * math.pi *
                                                       (day - 0.33)) +
                            rnd.gauss(0, 5)))
        mem = 60 + 10 * math.sin(2 * math.pi * day) + rnd.gauss(0, 1)
        cur.execute(ins, (
            host, ts, float(STEP), W46 - 86400, 86400.0 + i * STEP, 32,
            busy * 0.7, 0.0, busy * 0.25, busy * 0.05, 0.1, 0.2, 0.0,
            100 - busy - 0.3, busy * 100, busy * 50, 3, 0, busy / 3,
            busy / 3.2, busy / 3.4, 256 << 30,
            int((100 - mem) / 100 * (256 << 30)), mem, 40 << 30, 1 << 28,
            8 << 30, 1 << 20, 0.01, 0.0, 0.0, rnd.random(), busy / 10,
            0.5, 0.1, busy / 20, busy / 40, 900, 9000.0, rnd.random() * 9))
        sid = cur.lastrowid
        for k, (name, d) in enumerate(devs["disk"]):
            u = 0.0 if name in IDLE_DISKS else \
                max(0.0, min(100.0, busy * (0.1 + 0.04 * k) +
                             rnd.gauss(0, 2)))
            cur.execute("INSERT INTO disk VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, NULL, NULL)",
                        (sid, d, u * 3, u * 2, u * 40960, u * 20480,
                         0.0 if u == 0 else 0.5 + u / 20, u, u / 50))
        for k, (name, d) in enumerate(devs["filesystem"]):
            used = 20 + 2.3 * k + i / n * 4
            size = 1 << 40
            cur.execute("INSERT INTO filesystem VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (sid, d, size, int(size * used / 100),
                         int(size * (100 - used) / 100), used, 1.0 + k))
        for k, (name, d) in enumerate(devs["netif"]):
            r = 0.0 if name in IDLE_NETIFS else busy * 10000 * (k + 1)
            cur.execute("INSERT INTO netif VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?)", (sid, d, r, r / 2, r / 1000, r / 2000, 0.0,
                                  0.0, 0.0, 0.0))


def outage_plan(k, rnd):
    """Failed probe indexes of check k: blips in bursts, a few long ones."""
    failed = set()
    if k % 3 == 2:
        return failed  # a third of the checks never fail
    for _ in range(4 + k % 5):  # bursts of blips, 5-10 minutes apart
        s = rnd.randrange(0, 2016 - 40)
        for j in range(rnd.randrange(2, 6)):
            failed.add(s + 3 * j)
    for _ in range(1 + k % 4):  # runs of 30 minutes to 3 hours
        s = rnd.randrange(0, 2016 - 40)
        failed.update(range(s, s + rnd.randrange(6, 36)))
    if k % 7 == 0:  # down at the end of the week
        failed.update(range(2000, 2016))
    return failed


def health(cur, host, rnd):
    for k, name in enumerate(CHECKS):
        url = "https://%s.services.example.internal/health/ready" % \
            ("svc-%02d" % k)
        cur.execute("INSERT INTO health_check(host_id, name, url) "
                    "VALUES (?, ?, ?)", (host, name, url))
        cid = cur.lastrowid
        failed = outage_plan(k, rnd)
        rows = []
        for i in range(2016):
            ts = W46 + i * 300
            if i in failed:
                rows.append((cid, ts, 0, None, None, None, None, None,
                             10000.0, "timeout after 10 s"))
            else:
                rows.append((cid, ts, 1, 200, 1.0, 2.0, 5.0, 20.0 + k,
                             30.0 + k, None))
        cur.executemany("INSERT INTO health_result(check_id, ts, ok, "
                        "http_status, dns_ms, connect_ms, tls_ms, "
                        "first_byte_ms, total_ms, error) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def incidents(path, rnd):
    now = W46 + 7 * 86400
    subjects = ["磁盘延迟过高 on {ci}", "ディスクの遅延が大きい {ci}",
                "השהיית דיסק גבוהה ב-{ci}", "زمن استجابة القرص مرتفع على {ci}",
                "Υψηλή καθυστέρηση δίσκου στο {ci}", "🔥 disk latency on {ci}",
                "Nightly backup of /srv/nfs/exports/projects/department-04/"
                "long-running-simulation-data failed on {ci}"]
    cis = ["db-prod-primary-replica-cluster-frankfurt-07.internal",
           "web-frontend-03", "数据库服务器-01", "kafka-07"]
    groups = ["Linux Platform Engineering and Operations", "存储团队",
              "Storage"]
    out = []
    for i in range(340):
        state = 7 if i >= 300 else (1, 2, 3)[i % 3]
        opened = now - rnd.randint(3600, 30 * 86400)
        ci = cis[i % len(cis)]
        out.append({
            "sys_id": "%032x" % (i + 1), "number": "INC%07d" % (20000 + i),
            "short_description": subjects[i % len(subjects)].format(ci=ci),
            "priority": str(1 + i % 5), "state": str(state),
            "active": "true" if state in (1, 2, 3) else "false",
            "opened_at": time.strftime("%Y-%m-%d %H:%M:%S",
                                       time.gmtime(opened)),
            "resolved_at": "" if state != 7 else
            time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now - 600)),
            "sys_updated_on": time.strftime("%Y-%m-%d %H:%M:%S",
                                            time.gmtime(opened)),
            "assignment_group": groups[i % len(groups)], "cmdb_ci": ci,
            "category": "software"})
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)


def main():
    db, records = sys.argv[1], sys.argv[2]
    rnd = random.Random(15)
    con = sqlite3.connect(db)
    cur = con.cursor()
    cur.execute("INSERT OR IGNORE INTO host(name) VALUES (?)", (HOST,))
    host = cur.execute("SELECT id FROM host WHERE name = ?",
                       (HOST,)).fetchone()[0]
    devs = {"disk": [], "filesystem": [], "netif": []}

    def dev(kind, name, label=None, fstype=None):
        cur.execute("INSERT INTO device(host_id, kind, name, label, fstype) "
                    "VALUES (?, ?, ?, ?, ?)", (host, kind, name, label,
                                               fstype))
        devs[kind].append((name, cur.lastrowid))

    for d in disks():
        dev("disk", d)
    for m, label, fstype in filesystems():
        dev("filesystem", m, label, fstype)
    for n in NETIFS:
        dev("netif", n)
    snapshots(cur, host, devs, rnd)
    health(cur, host, rnd)
    con.commit()
    incidents(records, rnd)
    print("host %s" % HOST)
    print("disks %d" % len(devs["disk"]))
    print("filesystems %d" % len(devs["filesystem"]))
    print("netifs %d" % len(devs["netif"]))
    print("checks %d" % len(CHECKS))
    print("open_incidents 300")
    return 0


if __name__ == "__main__":
    sys.exit(main())
