#!/usr/bin/python3
"""prom_week.py - a small hand-made node_exporter history, as OpenMetrics
(for promtool tsdb create-blocks-from openmetrics) or as the Prometheus
text format with millisecond timestamps (for VictoriaMetrics'
/api/v1/import/prometheus), for the tests of the Prometheus-compatible
source (t0405-t0414).

Every counter grows at a constant rate, so that each per-interval rate
is known exactly: CPU user 20 %, system 10 %, iowait 5 %, softirq 5 %,
idle 60 % of 2 CPUs; 1000 context switches/s; 2 major faults/s; disk sda
10 reads/s and 20 writes/s of 4 KiB, 2 and 4 ms each (await 3.33 ms),
30 % utilised, queue 0.5; eth0 100 kB/s in, 50 kB/s out; 100 TCP
segments/s out, 10 % of a segment retransmitted a second.

usage: prom_week.py T0 N STEP [--host H] [--format om|prom]
       [--reboot-at I] [--gap I:J] [--disk2-from I] [--minimal]
       [--labels 'team="db",...'] [--busy PCT]

--labels adds target labels to every series; --busy sets CPU user and
system (2:1) so that CPU busy (100 - idle - iowait: user, system and the
5 % softirq) is PCT, 35 by default.
"""
import argparse

ap = argparse.ArgumentParser()
ap.add_argument("t0", type=int)
ap.add_argument("n", type=int)
ap.add_argument("step", type=int)
ap.add_argument("--host", default="h1:9100")
ap.add_argument("--format", default="om")
ap.add_argument("--reboot-at", type=int, default=-1)
ap.add_argument("--gap", default="")
ap.add_argument("--disk2-from", type=int, default=-1)
ap.add_argument("--labels", default="")
ap.add_argument("--busy", type=float, default=35.0)
ap.add_argument("--minimal", action="store_true",
                help="the boot time, load and context switches only")
a = ap.parse_args()

gap = tuple(int(x) for x in a.gap.split(":")) if a.gap else (-1, -1)
L = 'instance="%s",job="node"' % a.host + ("," + a.labels if a.labels else "")
fam = {}


def add(name, labels, t, v):
    fam.setdefault(name, []).append((labels, t, v))


share = {"user": 0.2, "nice": 0.0, "system": 0.1, "idle": 0.6,
         "iowait": 0.05, "irq": 0.0, "softirq": 0.05, "steal": 0.0}
if a.busy != 35.0:
    us = a.busy / 100 - 0.05  # softirq and iowait stay 5 % each
    share.update(user=round(us * 2 / 3, 6), system=round(us / 3, 6),
                 idle=round(0.95 - a.busy / 100, 6))
boot = a.t0 - 86400
for i in range(a.n):
    if gap[0] <= i < gap[1]:
        continue
    t = a.t0 + i * a.step
    # after a reboot the counters start again from zero
    k = i if a.reboot_at < 0 or i < a.reboot_at else i - a.reboot_at
    b = boot if a.reboot_at < 0 or i < a.reboot_at else t - 30
    s = a.step * k
    if a.minimal:
        add("node_boot_time_seconds", L, t, b)
        add("node_load1", L, t, 0.5 + 0.01 * (i % 10))
        add("node_context_switches_total", L, t, 1000 * s)
        continue
    for c in range(2):
        for m, f in share.items():
            add("node_cpu_seconds_total", L + ',cpu="%d",mode="%s"' % (c, m),
                t, round(f * s, 2))
    add("node_boot_time_seconds", L, t, b)
    add("node_load1", L, t, 0.5 + 0.01 * (i % 10))
    add("node_memory_MemTotal_bytes", L, t, 8e9)
    add("node_memory_MemAvailable_bytes", L, t, 6e9 - 1e6 * (i % 7))
    add("node_memory_SwapTotal_bytes", L, t, 1e9)
    add("node_memory_SwapFree_bytes", L, t, 1e9)
    add("node_context_switches_total", L, t, 1000 * s)
    add("node_vmstat_pgmajfault", L, t, 2 * s)
    add("node_vmstat_pswpout", L, t, 0)
    add("node_procs_blocked", L, t, 0)
    add("node_netstat_Tcp_CurrEstab", L, t, 10)
    add("node_netstat_Tcp_OutSegs", L, t, 100 * s)
    add("node_netstat_Tcp_RetransSegs", L, t, s // 10)
    disks = ["sda"] + (["sdb"] if 0 <= a.disk2_from <= i else [])
    for d in disks:
        D = L + ',device="%s"' % d
        add("node_disk_reads_completed_total", D, t, 10 * s)
        add("node_disk_writes_completed_total", D, t, 20 * s)
        add("node_disk_read_bytes_total", D, t, 4096 * 10 * s)
        add("node_disk_written_bytes_total", D, t, 4096 * 20 * s)
        add("node_disk_read_time_seconds_total", D, t, 0.002 * 10 * s)
        add("node_disk_write_time_seconds_total", D, t, 0.004 * 20 * s)
        add("node_disk_io_time_seconds_total", D, t, 0.3 * s)
        add("node_disk_io_time_weighted_seconds_total", D, t, 0.5 * s)
    F = L + ',device="/dev/sda1",fstype="ext4",mountpoint="/"'
    add("node_filesystem_size_bytes", F, t, 100e9)
    add("node_filesystem_free_bytes", F, t, 50e9 - 1e6 * i)
    add("node_filesystem_avail_bytes", F, t, 45e9 - 1e6 * i)
    add("node_filesystem_files", F, t, 1e6)
    add("node_filesystem_files_free", F, t, 9e5)
    T = L + ',device="tmpfs",fstype="tmpfs",mountpoint="/run"'
    add("node_filesystem_size_bytes", T, t, 1e9)
    add("node_filesystem_free_bytes", T, t, 1e9)
    add("node_filesystem_avail_bytes", T, t, 1e9)
    for dev, rx in (("eth0", 1e5), ("lo", 7e5)):
        N = L + ',device="%s"' % dev
        add("node_network_receive_bytes_total", N, t, rx * s)
        add("node_network_transmit_bytes_total", N, t, rx / 2 * s)
        for x in ("receive_errs", "transmit_errs", "receive_drop",
                  "transmit_drop"):
            add("node_network_%s_total" % x, N, t, 0)
    add("node_uname_info", L + ',nodename="host-one",sysname="Linux"', t, 1)

out = []
for name, s in fam.items():
    for labels, t, v in s:
        ts = "%d" % t if a.format == "om" else "%d000" % t
        out.append("%s{%s} %s %s" % (name, labels, repr(float(v)), ts))
if a.format == "om":
    out.append("# EOF")
print("\n".join(out))
