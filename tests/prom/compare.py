#!/usr/bin/python3
"""compare.py - a store's raw node_exporter samples against perfweek's SQLite.

Usage:
  compare.py rates URL DB HOST INSTANCE START END
  compare.py samples URL SELECTOR START END

"rates": every stored sample of the host's node_exporter series between
START and END (Unix seconds), read raw from the store at URL (an instant
query of "SELECTOR[range]"), turned into the per-step figures perfweek
stores (a counter's difference between two consecutive samples over their
time difference; CPU percent of the modes' sum; disk await and
utilisation; gauges as they are) and compared with the snapshot perfweek-
collect stored at the same instant in DB: equal within 1e-9 (relative to
the larger of 1 and the value).  A step whose node_boot_time_seconds
differs from the sample before must be a baseline in DB (its rates NULL).
Prints one line a figure, "FIGURE N" (N the instants compared), or
"FIGURE MISMATCH at TS: store X, sqlite Y" for the first differing
instant, and exits 1 when any differs.

"samples": every sample of SELECTOR, one line "LABELS<tab>TS<tab>VALUE", the
value as Python's repr of the float, sorted.

"same": the two stores hold the same series of SELECTOR with the same
timestamps; prints "series N samples M exact E max_rel R", E the values
equal as floats, R the largest relative difference of the others (exit 1
when series or timestamps differ).
"""

import sqlite3
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import promq  # noqa: E402

TOL = 1e-9
CPU = ("user", "nice", "system", "iowait", "irq", "softirq", "steal", "idle")


def raw(url, selector, start, end):
    """{labels-dict-key: [(ts, value)]} of every sample in [start, end]."""
    span = int(end) - int(start) + 1
    j = promq.get(url, "/api/v1/query", {"query": "%s[%ds]" % (selector, span),
                                         "time": str(end)})
    if j.get("status") != "success":
        sys.exit("compare: %s" % j.get("error"))
    out = {}
    for s in j["data"]["result"]:
        key = tuple(sorted(s["metric"].items()))
        out[key] = [(int(float(t)), float(v)) for t, v in s["values"]]
    return out


def one(series, **want):
    """The samples of the one series whose labels include want."""
    hits = [v for k, v in series.items()
            if all((a, b) in k for a, b in want.items())]
    if len(hits) != 1:
        sys.exit("compare: %d series match %r" % (len(hits), want))
    return dict(hits[0])


class Check:
    def __init__(self, url, db, host, inst, start, end):
        self.url, self.inst = url, inst
        self.start, self.end = start, end
        self.con = sqlite3.connect(db)
        self.hid = self.con.execute("SELECT id FROM host WHERE name = ?",
                                    (host,)).fetchone()[0]
        self.bad = 0

    def sel(self, name, extra=""):
        return raw(self.url, '%s{instance="%s"%s}' % (name, self.inst, extra),
                   self.start, self.end)

    def sql(self, q, *args):
        return {r[0]: r[1] for r in self.con.execute(q, args)}

    def snap(self, col):
        return self.sql("SELECT ts, %s FROM snapshot WHERE host_id = ? AND "
                        "ts BETWEEN ? AND ?" % col, self.hid, self.start,
                        self.end)

    def dev(self, table, col, name):
        return self.sql(
            "SELECT s.ts, t.%s FROM %s t JOIN snapshot s ON s.id = "
            "t.snapshot_id JOIN device d ON d.id = t.device_id WHERE "
            "s.host_id = ? AND d.name = ? AND s.ts BETWEEN ? AND ?" %
            (col, table), self.hid, name, self.start, self.end)

    def compare(self, what, got, want):
        """got, want: {ts: value or None}; same instants, equal values."""
        if sorted(got) != sorted(want):
            self.bad += 1
            only = sorted(set(got) ^ set(want))[:3]
            print("%s MISMATCH instants: %d in the store, %d in sqlite, "
                  "e.g. %s" % (what, len(got), len(want), only))
            return
        for ts in sorted(got):
            g, w = got[ts], want[ts]
            if (g is None) != (w is None) or (
                    g is not None and abs(g - w) > TOL * max(1.0, abs(w))):
                self.bad += 1
                print("%s MISMATCH at %d: store %r, sqlite %r" % (
                    what, ts, g, w))
                return
        print("%s %d" % (what, len(got)))


def steps(samples, boots):
    """(ts, previous ts) of each sample; None as previous after a reboot
    (node_boot_time_seconds changed) and for the first."""
    ts = sorted(samples)
    out = [(ts[0], None)]
    for a, b in zip(ts, ts[1:]):
        out.append((b, None if boots[b] != boots[a] else a))
    return out


def rate(c, boots, scale=1.0):
    return {t: None if p is None else (c[t] - c[p]) / (t - p) * scale
            for t, p in steps(c, boots)}


def run_rates(a):
    ck = Check(a[0], a[1], a[2], a[3], int(a[4]), int(a[5]))
    boots = one(ck.sel("node_boot_time_seconds"))
    ck.compare("boot_time", boots, ck.snap("boot_time"))
    cpu = ck.sel("node_cpu_seconds_total")
    by_mode = {}
    for key, vals in cpu.items():
        mode = dict(key)["mode"]
        acc = by_mode.setdefault(mode, {})
        for t, v in vals:
            acc[t] = acc.get(t, 0.0) + v
    total = {t: sum(by_mode[m][t] for m in by_mode) for t in boots}
    for mode in CPU:
        m = by_mode[mode]
        ck.compare("cpu_%s_pct" % mode, {
            t: None if p is None else
            (m[t] - m[p]) / (total[t] - total[p]) * 100
            for t, p in steps(boots, boots)}, ck.snap("cpu_%s_pct" % mode))
    for name, col, scale in (
            ("node_context_switches_total", "ctxt_per_s", 1),
            ("node_intr_total", "intr_per_s", 1),
            ("node_vmstat_pgmajfault", "majfault_per_s", 1),
            ("node_vmstat_pswpin", "swapin_pages_per_s", 1),
            ("node_vmstat_pswpout", "swapout_pages_per_s", 1),
            ("node_netstat_Tcp_OutSegs", "tcp_out_segs_per_s", 1),
            ("node_netstat_Tcp_RetransSegs", "tcp_retrans_segs_per_s", 1),
            ("node_pressure_cpu_waiting_seconds_total", "psi_cpu_some_pct",
             100),
            ("node_pressure_io_waiting_seconds_total", "psi_io_some_pct",
             100),
            ("node_pressure_io_stalled_seconds_total", "psi_io_full_pct",
             100),
            ("node_pressure_memory_waiting_seconds_total",
             "psi_memory_some_pct", 100)):
        ck.compare(col, rate(one(ck.sel(name)), boots, scale), ck.snap(col))
    for name, col in (("node_memory_MemAvailable_bytes", "mem_available_bytes"),
                      ("node_memory_MemTotal_bytes", "mem_total_bytes"),
                      ("node_memory_Cached_bytes", "mem_cached_bytes"),
                      ("node_memory_SwapTotal_bytes", "swap_total_bytes"),
                      ("node_load1", "load1"), ("node_load15", "load15"),
                      ("node_procs_running", "procs_running"),
                      ("node_netstat_Tcp_CurrEstab", "tcp_established")):
        ck.compare(col, one(ck.sel(name)), ck.snap(col))
    sw_t = one(ck.sel("node_memory_SwapTotal_bytes"))
    sw_f = one(ck.sel("node_memory_SwapFree_bytes"))
    ck.compare("swap_used_bytes", {t: sw_t[t] - sw_f[t] for t in sw_t},
               ck.snap("swap_used_bytes"))
    disks(ck, boots)
    nets(ck, boots)
    filesystems(ck)
    return 1 if ck.bad else 0


def disks(ck, boots):
    names = sorted({dict(k)["device"] for k in
                    ck.sel("node_disk_reads_completed_total")})
    for d in names:
        lab = ',device="%s"' % d

        def c(n):
            return one(ck.sel(n, lab))
        rd, wr = c("node_disk_reads_completed_total"), \
            c("node_disk_writes_completed_total")
        ck.compare(d + " reads_per_s", rate(rd, boots),
                   ck.dev("disk", "reads_per_s", d))
        ck.compare(d + " writes_per_s", rate(wr, boots),
                   ck.dev("disk", "writes_per_s", d))
        ck.compare(d + " read_bytes_per_s",
                   rate(c("node_disk_read_bytes_total"), boots),
                   ck.dev("disk", "read_bytes_per_s", d))
        ck.compare(d + " write_bytes_per_s",
                   rate(c("node_disk_written_bytes_total"), boots),
                   ck.dev("disk", "write_bytes_per_s", d))
        ck.compare(d + " util_pct",
                   rate(c("node_disk_io_time_seconds_total"), boots, 100),
                   ck.dev("disk", "util_pct", d))
        rt, wt = c("node_disk_read_time_seconds_total"), \
            c("node_disk_write_time_seconds_total")
        ck.compare(d + " await_ms", {
            t: None if p is None or rd[t] + wr[t] == rd[p] + wr[p] else
            ((rt[t] - rt[p]) + (wt[t] - wt[p])) * 1000 /
            ((rd[t] - rd[p]) + (wr[t] - wr[p]))
            for t, p in steps(rd, boots)}, ck.dev("disk", "await_ms", d))
        ck.compare(d + " queue_size",
                   rate(c("node_disk_io_time_weighted_seconds_total"), boots),
                   ck.dev("disk", "queue_size", d))


def nets(ck, boots):
    names = sorted({dict(k)["device"] for k in
                    ck.sel("node_network_receive_bytes_total")})
    for d in names:
        lab = ',device="%s"' % d
        for n, col in (("receive_bytes", "rx_bytes_per_s"),
                       ("transmit_bytes", "tx_bytes_per_s"),
                       ("receive_packets", "rx_packets_per_s"),
                       ("transmit_packets", "tx_packets_per_s"),
                       ("receive_errs", "rx_errors_per_s"),
                       ("transmit_errs", "tx_errors_per_s"),
                       ("receive_drop", "rx_drops_per_s"),
                       ("transmit_drop", "tx_drops_per_s")):
            ck.compare("%s %s" % (d, col), rate(one(ck.sel(
                "node_network_%s_total" % n, lab)), boots),
                ck.dev("netif", col, d))


def filesystems(ck):
    for key, size in ck.sel("node_filesystem_size_bytes").items():
        mp = dict(key)["mountpoint"]
        lab = ',mountpoint="%s"' % mp
        size = dict(size)
        free = one(ck.sel("node_filesystem_free_bytes", lab))
        avail = one(ck.sel("node_filesystem_avail_bytes", lab))
        ck.compare(mp + " size_bytes", size,
                   ck.dev("filesystem", "size_bytes", mp))
        ck.compare(mp + " used_bytes", {t: size[t] - free[t] for t in size},
                   ck.dev("filesystem", "used_bytes", mp))
        ck.compare(mp + " avail_bytes", avail,
                   ck.dev("filesystem", "avail_bytes", mp))


def run_samples(a):
    series = raw(a[0], a[1], int(a[2]), int(a[3]))
    lines = []
    for key, vals in series.items():
        lab = ",".join('%s="%s"' % kv for kv in key)
        lines += ["%s\t%d\t%r" % (lab, t, v) for t, v in vals]
    for line in sorted(lines):
        print(line)
    return 0


def run_same(a):
    one_, two = (raw(u, a[2], int(a[3]), int(a[4])) for u in a[:2])
    if sorted(one_) != sorted(two):
        print("series differ: %d and %d; only in one: %s" % (
            len(one_), len(two), sorted(set(one_) ^ set(two))[:3]))
        return 1
    n = exact = 0
    worst = 0.0
    for key in one_:
        x, y = one_[key], two[key]
        if [t for t, _ in x] != [t for t, _ in y]:
            print("timestamps differ: %s" % (key,))
            return 1
        for (_, u), (_, v) in zip(x, y):
            n += 1
            if u == v or (u != u and v != v):
                exact += 1
            else:
                worst = max(worst, abs(u - v) / max(abs(u), abs(v)))
    print("series %d samples %d exact %d max_rel %.3g" % (
        len(one_), n, exact, worst))
    return 0


def main(a):
    if a[:1] == ["rates"] and len(a) == 7:
        return run_rates(a[1:])
    if a[:1] == ["samples"] and len(a) == 5:
        return run_samples(a[1:])
    if a[:1] == ["same"] and len(a) == 6:
        return run_same(a[1:])
    sys.exit("usage: compare.py rates URL DB HOST INSTANCE START END | "
             "samples URL SELECTOR START END | "
             "same URL1 URL2 SELECTOR START END")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
