#!/usr/bin/python3
"""simweek.py - a week of perfweek history made through the real collector.

For every step of a simulated period it writes a synthetic /proc and /sys
tree whose counters have advanced exactly as a scenario says, then runs the
real bin/perfweek-collect on that tree under libfaketime, so that each
snapshot is stored with the simulated wall-clock time and every rate in the
database was derived by the collector itself.  It owns its work directory
(only proc/, sys/, perfweek.conf and a marker file in it) and, with
--fs-dir, a tmpfs it mounts there for the duration of the run.  It never
writes to the database except for one meta row at the end that marks the
host's data as simulated, and it never touches the real /proc or /sys.

Usage:
  simweek.py --bin DIR --db FILE --start 'YYYY-MM-DD HH:MM' --hours H
             --step-s S --scenario {demo,known,quiet} [--host NAME]
             [--fs-dir DIR] [--work DIR] [--maintain-at HH:MM]
             [--probe-config FILE] [--probe-every N] [--append]
             [--overlap-check NAME]... [--overlap-jobs N]
             [--frozen-clock] [--lockstep]

With --maintain-at, "perfweek-collect --maintain" runs once a simulated day,
at the first step at or after that time (as cron's daily line would).  With
--probe-config, perfweek-probe runs with that configuration at every Nth
step (--probe-every, default 1), under the same faked time: the Nth probe
run is the Nth request a test server sees for each URL, so a server that
fails by request number fails at a known simulated time.  --append adds to a
database that already holds the host's snapshots (a run continued in parts;
the first step of a part is a new simulated boot).  With --frozen-clock,
the simulated time stands still while a program runs (libfaketime's
absolute form, not its "@" start-at form), so what the programs measure
themselves comes out the same on every run: a probe's phase timings are
then zero, which curl reports as not reached and perfweek stores as NULL.

The programs of one step need not wait for each other: a probe run goes on
while the next steps are collected.  The probe runs are one at a time, in
step order, so that the Nth run is still each URL's Nth request.  The
checks named by --overlap-check (checks whose servers count nothing, such
as a slow page) are left out of those runs and probed in runs of their own
("perfweek-probe --check NAME", at the same steps), which overlap, up to
--overlap-jobs (default 8) at once: a check that takes 120 ms then costs
no 120 ms a step.  Every run is stamped with its own step's simulated time.
Before each maintenance run and at the end every run has ended, so
maintenance sees what it would see in lock step.  --lockstep waits for
every run before the next one starts (the driver as it was, for
comparison).

Conventions every scenario follows:
  - Times are UTC.  Step i is taken at t = start + i * S, for
    0 <= i < floor(H * 3600 / S): a week at 300 s is 2016 steps.
  - The rates stored with the snapshot at t are the scenario's targets at t;
    they describe the interval (t - S, t].  A window "a <= t < b" therefore
    holds the snapshots taken from a to b - S.
  - CPU time is counted in USER_HZ = 100 jiffies: a step adds S * 100 * ncpu
    jiffies to the aggregate "cpu" line, split by the target percentages.
    /proc/uptime advances by exactly S per step (also over skipped steps),
    which is the clock the collector measures intervals on; btime is
    constant except across a reboot.
  - A reboot at time R: the host booted at R - L, L = min(60, S // 2) s, so
    the first step at or after R reads uptime t - R + L, a new btime, and
    counters restarted from what L seconds of work give: a baseline.
  - Fractional counts per step are carried over to the next step, so long-run
    rates are exact even where one step's are not integers.
  - The mount table lists only proc, sysfs and, with --fs-dir, that tmpfs:
    nothing of the real machine's filesystems reaches the database.
  - The default work directory is made under TMPDIR, else under /dev/shm
    when it is there (a tmpfs: the files of a tree are rewritten every
    step), else under /tmp.
"""

import argparse
import glob
import math
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import datetime, timezone

USER_HZ = 100
SECTOR = 512
PAGE_KB = 4
FS_SIZE_MIB = 64
FS_START_PCT = 55.0
FS_END_PCT = 93.0
MARKER = ".simweek"
MAX_SHOWN_MESSAGES = 20

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
CPU_FIELDS = ("user", "nice", "system", "idle", "iowait", "irq", "softirq",
              "steal")
PSI_KEYS = ("cpu_some", "memory_some", "memory_full", "io_some", "io_full")


class Fail(Exception):
    """An error that ends the run with a message and exit status 1."""


# ----------------------------------------------------------------------------
# Targets: what a scenario wants the collector to store for one step.


class Disk:
    """Target rates of one whole disk over a step."""
    __slots__ = ("reads", "writes", "rd_size", "wr_size", "await_ms", "util")

    def __init__(self, reads, writes, rd_size, wr_size, await_ms, util):
        self.reads = reads          # completed reads per s
        self.writes = writes        # completed writes per s
        self.rd_size = rd_size      # bytes per read, a multiple of 512
        self.wr_size = wr_size      # bytes per write, a multiple of 512
        self.await_ms = await_ms    # ms per request, reads and writes alike
        self.util = util            # percent of the step the disk was busy


class Netif:
    """Target rates of one interface over a step."""
    __slots__ = ("rx", "tx", "rx_pkt", "tx_pkt", "rx_err", "tx_err",
                 "rx_drop", "tx_drop")

    def __init__(self, rx, tx, rx_pkt, tx_pkt, rx_err=0.0, tx_err=0.0,
                 rx_drop=0.0, tx_drop=0.0):
        self.rx, self.tx = rx, tx                 # bytes per s
        self.rx_pkt, self.tx_pkt = rx_pkt, tx_pkt  # bytes per packet
        self.rx_err, self.tx_err = rx_err, tx_err  # per s
        self.rx_drop, self.tx_drop = rx_drop, tx_drop


class Target:
    """Everything a scenario sets for one step: rates and gauges."""

    def __init__(self):
        self.cpu = {}           # percent per CPU_FIELDS name but idle
        self.cpu_idle = 0.0     # what the percentages leave
        self.ctxt = self.intr = self.forks = 0.0    # per s
        self.procs_running = 1
        self.procs_blocked = 0
        self.load = (0.0, 0.0, 0.0)
        self.threads = 300
        self.mem_total_kb = 0
        self.mem_avail_kb = 0
        self.mem_free_kb = 0
        self.buffers_kb = 0
        self.cached_kb = 0
        self.swap_total_kb = 0
        self.swap_used_kb = 0
        self.pswpin = self.pswpout = self.majfault = 0.0    # per s
        self.psi = dict.fromkeys(PSI_KEYS, 0.0)             # percent
        self.tcp_out = self.tcp_retrans = 0.0               # segments per s
        self.tcp_estab = 0
        self.disks = {}         # name -> Disk
        self.nets = {}          # name -> Netif
        self.gauges = []        # (name, value)


def in_window(tm, wday, start_hm, end_hm):
    """1 when tm is on weekday wday with start_hm <= HH:MM < end_hm."""
    m = tm.tm_hour * 60 + tm.tm_min
    return (tm.tm_wday == wday and
            start_hm[0] * 60 + start_hm[1] <= m < end_hm[0] * 60 + end_hm[1])


def weekly(start, end, wday, hh, mm):
    """Every time in [start, end) that is weekday wday at hh:mm UTC."""
    out = []
    day = start - start % 86400
    while day < end:
        t = day + hh * 3600 + mm * 60
        if start <= t < end and time.gmtime(t).tm_wday == wday:
            out.append(t)
        day += 86400
    return out


# ----------------------------------------------------------------------------
# Scenario "known": exact numbers for end-to-end tests.


class KnownScenario:
    """A 2-CPU host whose every stored value can be derived by hand.

    All times UTC ("local" time in the report is UTC when run with TZ=UTC).
    The caller starts it on a Monday 00:00.  Steady values, at every step:
      CPU    2 CPUs; per step of S s the "cpu" line gains S*100*2 jiffies:
             user 6 %, system 3 %, iowait 1 %, idle 90 %, the rest 0:
             busy (100 - cpu_idle_pct - cpu_iowait_pct) = 9.  ctxt 5000/s, intr 2000/s.
             procs_running 1, procs_blocked 0; load 0.20 0.20 0.20.
      memory MemTotal 4000000 kB, MemAvailable 2000000 kB (used 50 %),
             MemFree 900000, Buffers 100000, Cached 1000000 kB;
             SwapTotal 1000000 kB, SwapFree 1000000 kB (swap used 0 %);
             pswpin 0/s, pswpout 0/s, pgmajfault 2/s.
      PSI    cpu some 2 %, memory some 0 %, full 0 %, io some 1 %,
             full 0.5 % (totals grow by pct * 1e4 us per s).
      TCP    OutSegs 1000/s, RetransSegs 5/s (0.5 %), CurrEstab 40.
      sda    10 reads/s of 4096 B (40960 B/s), 5 writes/s of 32768 B
             (163840 B/s), await 2 ms, util 5 %, queue 0.03
             (time_in_queue = rd_ticks + wr_ticks).  sda1 (a partition)
             and loop0 (no I/O) are in diskstats but are not stored.
      eth0   rx 1000000 B/s in 1000 packets/s, tx 250000 B/s in 500
             packets/s, no errors, no drops.  lo (ignored by default)
             10000 B/s each way.
      gauges web.requests_per_s 50, web.response_time_s 0.2 (L = 10).
      filesystems none (unless --fs-dir: then 55 % -> 93 %, linear).
    Tuesday 10:00 <= t < 12:00 (24 snapshots at S = 300, 10:00 to 11:55):
      CPU    user 80 %, system 16 %, idle 4 %: busy 96; load 2.40 2.40 2.40
             (1.2 per CPU); procs_running 3.
      PSI    cpu some 30 %.
      TCP    RetransSegs 30/s (3 %), CurrEstab 160.
      sda    await 50 ms, util 90 %, queue 0.75 (same request rates).
      gauges web.requests_per_s 150, web.response_time_s 0.8 (L = 120).
    Gap: no snapshot for Wednesday 00:00 <= t < 06:00 (72 steps at 300 s);
      counters and uptime keep going, so the 06:00 snapshot has interval_s
      = 6 h + S (21900 at 300 s) and the steady rates above.
    Reboot: Thursday 12:00; btime becomes 11:59:00 (L = 60 at S = 300), the
      12:00 snapshot is a baseline (uptime_s 60, interval_s and every rate
      NULL, gauges and memory stored), 12:05 has interval_s = S again.
    The first boot: btime = start - 100000 s, uptime_s 100000 at step 0.

    Expected figures for --start '2026-11-09 00:00' --hours 168 --step-s 300
    (Monday 2026-11-09 to Sunday 2026-11-15, checked against a real run):
      snapshots stored 2016 - 72 = 1944; baselines 2 (Mon 00:00, Thu 12:00);
      with rates 1942: 1941 with interval_s 300 and one (Wed 06:00) with
      21900; sum of interval_s 604200 s.
      cpu busy (iowait is not busy): 1918 at 9, 24 at 96.  avg (weighted
        by interval_s) = (597000 * 9 + 7200 * 96) / 604200 = 6064200 /
        604200 = 10.036742800...; plain mean (1918*9 + 24*96) / 1942 =
        10.075180...; p50 = p90 = p95 = 9 (rank ceil(0.95 * 1942) = 1845
        <= 1918), p99 = 96 (rank 1923), max 96 first at Tue 2026-11-10
        10:00, min 9; minutes >= 85 and >= 95: 24 * 300 / 60 = 120.
      cpu iowait 1 (1918) / 0 (24); psi_cpu_some_pct 2 (1918) / 30 (24):
        120 min >= 20; psi io some 1, full 0.5; psi memory 0.
      Gauges are stored on baselines too (1944 values).  Giving a baseline
        the median interval (300 s) as its weight, as the reporter does:
      load1 1920 at 0.2, 24 at 2.4: avg (597600 * 0.2 + 7200 * 2.4) /
        604800 = 0.2261904...; per CPU 0.1 / 1.2: 120 min >= 1.0, 0 >= 2.
      mem_used_pct 50 at all 1944; swap_used_pct 0.
      sda await_ms 2 (1918) / 50 (24): avg 1554000 / 604200 = 2.5719960...,
        p95 2, p99 50, 120 min >= 20, 0 >= 100; util_pct 5 / 90: avg
        (597000*5 + 7200*90) / 604200 = 3633000 / 604200 = 6.0129096...,
        120 min >= 80, 0 >= 95; reads_per_s 10 everywhere.  The two
        baselines have sda rows with NULL rates.
      eth0 rx_bytes_per_s 1000000 everywhere; errors and drops 0.
      tcp retrans ratio 0.5 % (1918), 3 % (24): avg 0.5297914...,
        120 min >= 2, 0 >= 5.
      web.requests_per_s 50 (1920) / 150 (24): avg 30960000 / 604800 =
        51.1904761...; web.response_time_s 0.2 / 0.8: avg 0.2071428...
    """

    name = "known"
    ncpu = 2
    first_uptime = 100000
    # diskstats lines: major, minor, name, and the disk a partition is on
    # (None for a whole disk, which gets a /sys/block directory).
    disk_lines = (("7", "0", "loop0", None), ("8", "0", "sda", None),
                  ("8", "1", "sda1", "sda"))
    net_names = ("lo", "eth0")

    @staticmethod
    def describe(fs_ok):
        return ("a 2-CPU host at exactly 9 %% CPU busy (1 %% iowait) except 96 %% on "
                "Tuesday 10:00-12:00 UTC, memory 50 %% used, a gap on "
                "Wednesday 00:00-06:00 and a reboot on Thursday 12:00%s, "
                "for exact end-to-end tests" %
                (" and a filling filesystem" if fs_ok else ""))

    def __init__(self, start, step, seed=0):
        self.step = step
        tm = time.gmtime(start)
        if tm.tm_wday != MON or tm.tm_hour or tm.tm_min:
            warn("scenario known expects a Monday 00:00 start; the "
                 "documented figures will not apply")

    def reboots(self, start, end):
        return weekly(start, end, THU, 12, 0)

    def skip(self, t):
        return in_window(time.gmtime(t), WED, (0, 0), (6, 0))

    def on_boot(self):
        pass

    def targets(self, t):
        hot = in_window(time.gmtime(t), TUE, (10, 0), (12, 0))
        g = Target()
        if hot:
            g.cpu = {"user": 80, "system": 16}
            g.load = (2.4, 2.4, 2.4)
            g.procs_running = 3
        else:
            g.cpu = {"user": 6, "system": 3, "iowait": 1}
            g.load = (0.2, 0.2, 0.2)
            g.procs_running = 1
        g.ctxt, g.intr, g.forks = 5000, 2000, 2
        g.mem_total_kb, g.mem_avail_kb = 4000000, 2000000
        g.mem_free_kb, g.buffers_kb, g.cached_kb = 900000, 100000, 1000000
        g.swap_total_kb, g.swap_used_kb = 1000000, 0
        g.majfault = 2
        g.psi = {"cpu_some": 30 if hot else 2, "memory_some": 0,
                 "memory_full": 0, "io_some": 1, "io_full": 0.5}
        g.tcp_out, g.tcp_retrans = 1000, 30 if hot else 5
        g.tcp_estab = 160 if hot else 40
        g.disks = {"sda": Disk(10, 5, 4096, 32768, 50 if hot else 2,
                               90 if hot else 5)}
        g.nets = {"lo": Netif(10000, 10000, 100, 100),
                  "eth0": Netif(1000000, 250000, 1000, 500)}
        g.gauges = [("web.requests_per_s", 150 if hot else 50),
                    ("web.response_time_s", 0.8 if hot else 0.2)]
        return g


# ----------------------------------------------------------------------------
# Scenario "demo": a plausible week with one of every problem.


class DemoScenario:
    """A 4-CPU, 16 GiB web server with a week of trouble (times UTC).

      daily   activity f = (1 - cos(2 pi (h - 2) / 24)) / 2: 0 at 02:00,
              1 at 14:00.  CPU busy ~15 % at night to ~55 % at 14:00 on
              weekdays, ~12 % to ~30 % at the weekend, +-1.5 % noise;
              load1 ~ busy * 4 CPUs, load5/15 its moving averages; memory
              used ~60-75 %; sda (busy) 28-76 % util, await 3-8 ms; nvme0n1
              light; eth0 follows f; eth1 carries a backup 01:00-03:00.
      Tue     20:00 <= t < 21:00: swapping (memory used 94 %, pswpout
              300/s, pswpin 120/s, major faults 600/s, PSI memory 25 %).
      Wed     13:00 <= t < 15:30: saturation: CPU busy 97-99 % with iowait
              20 %, load 12 (3 x 4 CPUs), sda await 120 ms and util 98 %,
              PSI cpu 65 %, io some 40 % (full 25 %), TCP retransmits 6 %
              (0.5 % otherwise), requests 230/s at 1.6 s.
      Thu     03:10: reboot (booted 03:09): a baseline, counters restart.
      Fri     15:00 <= t < 16:30: eth1 rx errors 1.5/s, drops 4/s.
      fs      with --fs-dir, a 64 MiB tmpfs filling linearly 55 % -> 93 %.
    Random noise comes from a fixed seed: the same arguments give the same
    database.
    """

    name = "demo"
    ncpu = 4
    first_uptime = 3 * 86400 + 4000
    disk_lines = (("7", "0", "loop0", None), ("8", "0", "sda", None),
                  ("8", "1", "sda1", "sda"), ("259", "0", "nvme0n1", None),
                  ("259", "1", "nvme0n1p1", "nvme0n1"))
    net_names = ("lo", "eth0", "eth1")
    mem_total_kb = 16 * 1024 * 1024
    swap_total_kb = 4 * 1024 * 1024
    swap_base_kb = 64 * 1024

    @staticmethod
    def describe(fs_ok):
        return ("a 4-CPU 16 GiB web server with a daily load pattern, an "
                "hour of swapping on Tuesday 20:00, CPU and disk saturation "
                "on Wednesday 13:00-15:30 UTC, a reboot on Thursday 03:10%s "
                "network errors on eth1 on Friday afternoon%s" %
                ((",", " and a filling filesystem") if fs_ok else
                 (" and", "")))

    def __init__(self, start, step, seed=0):
        self.step = step
        self.rng = random.Random(20261109 + seed)
        self.on_boot()

    def reboots(self, start, end):
        return weekly(start, end, THU, 3, 10)

    def skip(self, t):
        return False

    def on_boot(self):
        self.load5 = self.load15 = None
        self.swap_used_kb = self.swap_base_kb

    def noise(self, sd):
        return self.rng.gauss(0.0, sd)

    def targets(self, t):
        tm = time.gmtime(t)
        h = tm.tm_hour + tm.tm_min / 60.0
        f = 0.5 - 0.5 * math.cos(2 * math.pi * (h - 2) / 24)
        workday = tm.tm_wday < SAT
        sat = in_window(tm, WED, (13, 0), (15, 30))
        swapping = in_window(tm, TUE, (20, 0), (21, 0))
        g = Target()
        self.cpu(g, f, workday, sat)
        self.memory(g, f, workday, swapping)
        g.psi = {"cpu_some": 65 + self.noise(3) if sat else
                 max(0.0, (100 - g.cpu_idle - 30) * 0.3),
                 "memory_some": 25 + self.noise(2) if swapping else 0.05,
                 "memory_full": 10 + self.noise(1) if swapping else 0.0,
                 "io_some": 40 + self.noise(1.5) if sat else 0.5 + 3 * f,
                 "io_full": 25 + self.noise(1) if sat else 0.2 + 1.2 * f}
        scale = 1.0 if workday else 0.45
        g.tcp_out = (1500 + 12000 * f * scale) * (1 + self.noise(0.03))
        g.tcp_retrans = g.tcp_out * (0.06 if sat else
                                     0.005 * (1 + self.noise(0.15)))
        g.tcp_estab = int(120 + 400 * f * scale + self.noise(5))
        self.devices(g, f, scale, sat, tm)
        if sat:
            req, resp = 230 + self.noise(5), 1.6 + self.noise(0.1)
        else:
            req = (30 + 220 * f * scale) * (1 + self.noise(0.03))
            resp = 0.04 + 0.06 * f * f * scale + self.noise(0.003)
        g.gauges = [("web.requests_per_s", max(req, 1.0)),
                    ("web.response_time_s", max(resp, 0.01))]
        return g

    def cpu(self, g, f, workday, sat):
        if sat:
            busy, iowait = 97 + 2 * self.rng.random(), 20.0
            load1 = 3 * self.ncpu * (1 + self.noise(0.04))
        else:
            busy = (15 + 40 * f ** 1.3 if workday else 12 + 18 * f ** 1.3)
            busy = min(max(busy + self.noise(1.5), 3.0), 90.0)
            iowait = min(max(1 + 2 * f + self.noise(0.3), 0.2), busy / 3)
            load1 = max(self.ncpu * busy / 100 * (1.05 + self.noise(0.08)),
                        0.01)
        rest = busy - iowait
        g.cpu = {"user": rest * 0.68, "nice": rest * 0.02,
                 "system": rest * 0.23, "irq": rest * 0.01,
                 "softirq": rest * 0.05, "steal": rest * 0.01,
                 "iowait": iowait}
        g.cpu_idle = 100 - busy
        a5 = 1 - math.exp(-self.step / 300.0)
        a15 = 1 - math.exp(-self.step / 900.0)
        self.load5 = load1 if self.load5 is None else \
            self.load5 + a5 * (load1 - self.load5)
        self.load15 = load1 if self.load15 is None else \
            self.load15 + a15 * (load1 - self.load15)
        g.load = (load1, self.load5, self.load15)
        g.procs_running = max(1, int(round(load1 * 0.8)))
        g.procs_blocked = int(round(iowait / 4))
        g.threads = int(420 + 300 * f)
        g.ctxt = 3000 + 400 * busy
        g.intr = 1500 + 200 * busy
        g.forks = 3 + 20 * f

    def memory(self, g, f, workday, swapping):
        total = self.mem_total_kb
        if swapping:
            used = 94 + self.noise(0.5)
            g.pswpout, g.pswpin, g.majfault = 300.0, 120.0, 600.0
            self.swap_used_kb += (g.pswpout - g.pswpin) * self.step * PAGE_KB
        else:
            used = 60 + (12 if workday else 6) * f + self.noise(0.8)
            used = min(max(used, 58.0), 76.0)
            g.majfault = 2 + 10 * f
        self.swap_used_kb = min(self.swap_used_kb, self.swap_total_kb)
        g.mem_total_kb = total
        g.mem_avail_kb = int(total * (100 - used) / 100)
        g.buffers_kb = 180000
        g.cached_kb = int(g.mem_avail_kb * 0.7)
        g.mem_free_kb = int(g.mem_avail_kb * 0.25)
        g.swap_total_kb = self.swap_total_kb
        g.swap_used_kb = int(self.swap_used_kb)

    def devices(self, g, f, scale, sat, tm):
        if sat:
            sda = Disk(180, 120, 24576, 49152, 120, 98)
        else:
            sda = Disk(60 + 240 * f * scale, 40 + 160 * f * scale, 24576,
                       49152, 3 + 5 * f + abs(self.noise(0.4)),
                       min(max(28 + 42 * f * scale + self.noise(2), 5), 76))
        g.disks = {"sda": sda,
                   "nvme0n1": Disk(150 + 700 * f * scale,
                                   80 + 300 * f * scale, 16384, 65536,
                                   0.15 + 0.1 * f, 3 + 12 * f * scale)}
        backup = 1 <= tm.tm_hour < 3
        errors = in_window(tm, FRI, (15, 0), (16, 30))
        g.nets = {
            "lo": Netif(40000, 40000, 200, 200),
            "eth0": Netif((3e6 + 25e6 * f * scale) * (1 + self.noise(0.05)),
                          (1.5e6 + 12e6 * f * scale) * (1 + self.noise(0.05)),
                          900, 1200),
            "eth1": Netif(2e5, 4e7 if backup else 5e5, 400, 1400,
                          rx_err=1.5 if errors else 0.0,
                          rx_drop=4.0 if errors else 0.0),
        }


# ----------------------------------------------------------------------------
# Scenario "quiet": a week with nothing wrong but the collector's absence.


class QuietScenario:
    """A 2-CPU, 8 GiB host with little to do, for an OK report (times UTC).

      daily   activity f as in demo (0 at 02:00, 1 at 14:00): CPU busy ~3 %
              at night to ~9 % at 14:00 on weekdays, ~2 % to ~5 % at the
              weekend, +-0.3 % noise, iowait 0.3-0.6 %; load1 ~ busy * 2
              CPUs; memory used 34-40 %, no swapping; sda 2-9 % util at
              1-2 ms await; eth0 0.2-2 MB/s; TCP retransmits 0.1 %; no
              gauges.
      Tue     22:00 <= t < Wed 04:30: a gap, the collector not running for
              6.5 hours (78 steps at 300 s); counters and uptime keep going,
              so the first snapshot after it has interval_s = 6.5 h + S.
      Sat     06:00: reboot (booted 05:59 at S = 300): a baseline.
      fs      with --fs-dir, a 64 MiB tmpfs filling linearly 55 % -> 93 %
              (that one finding is then not quiet; the golden files leave
              the filesystem out).
    Random noise comes from a fixed seed: the same arguments give the same
    database.
    """

    name = "quiet"
    ncpu = 2
    first_uptime = 9 * 86400 + 7000
    disk_lines = (("8", "0", "sda", None), ("8", "1", "sda1", "sda"),
                  ("8", "2", "sda2", "sda"))
    net_names = ("lo", "eth0")
    mem_total_kb = 8 * 1024 * 1024
    swap_total_kb = 2 * 1024 * 1024

    @staticmethod
    def describe(fs_ok):
        return ("a 2-CPU 8 GiB host with little to do, the collector not "
                "running from Tuesday 22:00 to Wednesday 04:30 UTC and a "
                "reboot on Saturday 06:00%s" %
                (" and a filling filesystem" if fs_ok else ""))

    def __init__(self, start, step, seed=0):
        self.step = step
        self.rng = random.Random(20261116 + seed)
        self.on_boot()

    def reboots(self, start, end):
        return weekly(start, end, SAT, 6, 0)

    def skip(self, t):
        tm = time.gmtime(t)
        return (in_window(tm, TUE, (22, 0), (24, 0)) or
                in_window(tm, WED, (0, 0), (4, 30)))

    def on_boot(self):
        self.load5 = self.load15 = None

    def noise(self, sd):
        return self.rng.gauss(0.0, sd)

    def targets(self, t):
        tm = time.gmtime(t)
        h = tm.tm_hour + tm.tm_min / 60.0
        f = 0.5 - 0.5 * math.cos(2 * math.pi * (h - 2) / 24)
        scale = 1.0 if tm.tm_wday < SAT else 0.4
        g = Target()
        busy = min(max(3 + 6 * f * scale + self.noise(0.3), 1.0), 15.0)
        iowait = 0.3 + 0.3 * f * scale
        rest = busy
        g.cpu = {"user": rest * 0.62, "nice": rest * 0.03,
                 "system": rest * 0.3, "softirq": rest * 0.05,
                 "iowait": iowait}
        g.cpu_idle = 100 - busy - iowait
        load1 = max(self.ncpu * busy / 100 * (1.1 + self.noise(0.05)), 0.01)
        a5 = 1 - math.exp(-self.step / 300.0)
        a15 = 1 - math.exp(-self.step / 900.0)
        self.load5 = load1 if self.load5 is None else \
            self.load5 + a5 * (load1 - self.load5)
        self.load15 = load1 if self.load15 is None else \
            self.load15 + a15 * (load1 - self.load15)
        g.load = (load1, self.load5, self.load15)
        g.procs_running = 1
        g.threads = int(180 + 40 * f)
        g.ctxt, g.intr, g.forks = 800 + 100 * busy, 400 + 50 * busy, 1 + 2 * f
        used = min(max(34 + 5 * f * scale + self.noise(0.3), 33.0), 41.0)
        g.mem_total_kb = self.mem_total_kb
        g.mem_avail_kb = int(self.mem_total_kb * (100 - used) / 100)
        g.buffers_kb = 90000
        g.cached_kb = int(g.mem_avail_kb * 0.6)
        g.mem_free_kb = int(g.mem_avail_kb * 0.35)
        g.swap_total_kb, g.swap_used_kb = self.swap_total_kb, 8192
        g.majfault = 0.2 + 0.5 * f
        g.psi = {"cpu_some": 0.2 + 0.8 * f * scale, "memory_some": 0.0,
                 "memory_full": 0.0, "io_some": 0.1 + 0.4 * f * scale,
                 "io_full": 0.05 + 0.2 * f * scale}
        g.tcp_out = (200 + 1500 * f * scale) * (1 + self.noise(0.03))
        g.tcp_retrans = g.tcp_out * 0.001
        g.tcp_estab = int(12 + 30 * f * scale)
        g.disks = {"sda": Disk(5 + 30 * f * scale, 8 + 25 * f * scale, 16384,
                               32768, 1 + f + abs(self.noise(0.1)),
                               min(max(2 + 7 * f * scale + self.noise(0.3),
                                       0.5), 12))}
        g.nets = {"lo": Netif(5000, 5000, 200, 200),
                  "eth0": Netif((2e5 + 1.8e6 * f * scale) *
                                (1 + self.noise(0.04)),
                                (1e5 + 6e5 * f * scale) *
                                (1 + self.noise(0.04)), 800, 900)}
        return g


SCENARIOS = {"demo": DemoScenario, "known": KnownScenario,
             "quiet": QuietScenario}


# ----------------------------------------------------------------------------
# Counters: the kernel's cumulative values, advanced step by step.


class Counters:
    """Cumulative counters since boot, with the fractions carried over."""

    def __init__(self, scenario):
        self.ncpu = scenario.ncpu
        self.carry = {}
        self.cpu = dict.fromkeys(CPU_FIELDS, 0)
        self.ctxt = self.intr = 0
        self.forks = 1
        self.pswpin = self.pswpout = self.majfault = self.pgfault = 0
        self.psi = dict.fromkeys(PSI_KEYS, 0)
        self.tcp_out = self.tcp_retrans = self.tcp_in = 0
        self.tcp_active = self.tcp_passive = 0
        self.disks = {}     # name -> list of the 17 diskstats counters
        self.nets = {}      # name -> list of the 16 net/dev counters

    def take(self, key, amount):
        """The whole part of amount plus what key carried; keep the rest."""
        x = amount + self.carry.get(key, 0.0)
        n = int(math.floor(x + 1e-6)) if x > 0 else 0
        self.carry[key] = x - n
        return n

    def advance(self, g, dt):
        """Add dt seconds of the rates in Target g."""
        total = dt * USER_HZ * self.ncpu
        busy = 0
        for k, pct in g.cpu.items():
            d = self.take("cpu." + k, pct * total / 100.0)
            self.cpu[k] += d
            busy += d
        self.cpu["idle"] += max(total - busy, 0)
        self.ctxt += self.take("ctxt", g.ctxt * dt)
        self.intr += self.take("intr", g.intr * dt)
        self.forks += self.take("forks", g.forks * dt)
        self.pswpin += self.take("pswpin", g.pswpin * dt)
        self.pswpout += self.take("pswpout", g.pswpout * dt)
        self.majfault += self.take("majfault", g.majfault * dt)
        self.pgfault += self.take("pgfault", (g.majfault + 400) * dt)
        for k in PSI_KEYS:
            self.psi[k] += self.take("psi." + k, g.psi[k] * 1e4 * dt)
        self.tcp_out += self.take("tcp.out", g.tcp_out * dt)
        self.tcp_in += self.take("tcp.in", g.tcp_out * 1.1 * dt)
        self.tcp_retrans += self.take("tcp.retrans", g.tcp_retrans * dt)
        self.tcp_active += self.take("tcp.active", g.tcp_out / 200 * dt)
        self.tcp_passive += self.take("tcp.passive", g.tcp_out / 100 * dt)
        for name, d in g.disks.items():
            self.advance_disk(name, d, dt)
        for name, n in g.nets.items():
            self.advance_net(name, n, dt)

    def advance_disk(self, name, d, dt):
        c = self.disks.setdefault(name, [0] * 17)
        rd = self.take(name + ".rd", d.reads * dt)
        wr = self.take(name + ".wr", d.writes * dt)
        rd_ticks = self.take(name + ".rt", rd * d.await_ms)
        wr_ticks = self.take(name + ".wt", wr * d.await_ms)
        c[0] += rd
        c[1] += rd // 8                         # merges
        c[2] += rd * d.rd_size // SECTOR
        c[3] += rd_ticks
        c[4] += wr
        c[5] += wr // 4
        c[6] += wr * d.wr_size // SECTOR
        c[7] += wr_ticks
        c[9] += self.take(name + ".io", d.util / 100.0 * dt * 1000)
        c[10] += rd_ticks + wr_ticks            # time_in_queue
        c[8] = 0                                # in flight at the snapshot

    def advance_net(self, name, n, dt):
        c = self.nets.setdefault(name, [0] * 16)
        c[0] += self.take(name + ".rxb", n.rx * dt)
        c[1] += self.take(name + ".rxp", n.rx / n.rx_pkt * dt)
        c[2] += self.take(name + ".rxe", n.rx_err * dt)
        c[3] += self.take(name + ".rxd", n.rx_drop * dt)
        c[8] += self.take(name + ".txb", n.tx * dt)
        c[9] += self.take(name + ".txp", n.tx / n.tx_pkt * dt)
        c[10] += self.take(name + ".txe", n.tx_err * dt)
        c[11] += self.take(name + ".txd", n.tx_drop * dt)


# ----------------------------------------------------------------------------
# The /proc files, in the formats of a 6.x kernel.


def render_stat(c, g, btime):
    cols = [c.cpu[k] for k in CPU_FIELDS]
    lines = ["cpu  %s 0 0" % " ".join(map(str, cols))]
    for i in range(c.ncpu):
        per = [v // c.ncpu + (1 if i < v % c.ncpu else 0) for v in cols]
        lines.append("cpu%d %s 0 0" % (i, " ".join(map(str, per))))
    softirq = c.intr // 2
    lines += ["intr %d 0 9 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0" % c.intr,
              "ctxt %d" % c.ctxt,
              "btime %d" % btime,
              "processes %d" % c.forks,
              "procs_running %d" % g.procs_running,
              "procs_blocked %d" % g.procs_blocked,
              "softirq %d 0 %d %d 0 %d 0 0 %d %d 0" % (
                  softirq, softirq // 4, softirq // 8, softirq // 8,
                  softirq // 4, softirq - 3 * (softirq // 4) -
                  2 * (softirq // 8))]
    return "\n".join(lines) + "\n"


def render_meminfo(g):
    def kb(name, v):
        return "%-16s%8d kB" % (name + ":", v)

    anon = g.mem_total_kb - g.mem_avail_kb
    rows = [kb("MemTotal", g.mem_total_kb), kb("MemFree", g.mem_free_kb),
            kb("MemAvailable", g.mem_avail_kb), kb("Buffers", g.buffers_kb),
            kb("Cached", g.cached_kb), kb("SwapCached", 0),
            kb("Active", anon // 2 + g.cached_kb // 2),
            kb("Inactive", anon // 2 + g.cached_kb // 2),
            kb("SwapTotal", g.swap_total_kb),
            kb("SwapFree", g.swap_total_kb - g.swap_used_kb),
            kb("Dirty", 1024), kb("Writeback", 0), kb("AnonPages", anon),
            kb("Mapped", 90000), kb("Shmem", 20000),
            kb("Slab", 120000), kb("SReclaimable", 80000),
            kb("SUnreclaim", 40000), kb("PageTables", 9000),
            kb("CommitLimit", g.mem_total_kb // 2 + g.swap_total_kb),
            kb("Committed_AS", anon + 200000),
            "HugePages_Total:       0", "HugePages_Free:        0",
            kb("Hugepagesize", 2048)]
    return "\n".join(rows) + "\n"


def render_vmstat(c, g):
    free_pages = g.mem_free_kb // PAGE_KB
    return ("nr_free_pages %d\nnr_inactive_anon 1000\nnr_active_anon 2000\n"
            "pgpgin %d\npgpgout %d\npswpin %d\npswpout %d\npgfault %d\n"
            "pgmajfault %d\npgsteal_kswapd 0\n" % (
                free_pages, c.majfault * 4, c.pswpout * 4, c.pswpin,
                c.pswpout, c.pgfault, c.majfault))


def render_psi(c, g, res):
    def line(kind, key):
        avg = g.psi[key] if key else 0.0
        total = c.psi[key] if key else 0
        return "%s avg10=%.2f avg60=%.2f avg300=%.2f total=%d\n" % (
            kind, avg, avg, avg, total)

    if res == "cpu":
        return line("some", "cpu_some") + line("full", None)
    return line("some", res + "_some") + line("full", res + "_full")


def render_snmp(c, g):
    return (
        "Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors "
        "ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests "
        "OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails "
        "FragOKs FragFails FragCreates OutTransmits\n"
        "Ip: 2 64 %d 0 0 0 0 0 %d %d 0 0 0 0 0 0 0 0 0 %d\n"
        "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens "
        "AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs "
        "OutRsts InCsumErrors\n"
        "Tcp: 1 200 120000 -1 %d %d 0 0 %d %d %d %d 0 %d 0\n"
        "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors "
        "SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
        "Udp: 1000 2 0 1000 0 0 0 0 0\n" % (
            c.tcp_in, c.tcp_in, c.tcp_out, c.tcp_out, c.tcp_active,
            c.tcp_passive, g.tcp_estab, c.tcp_in, c.tcp_out, c.tcp_retrans,
            c.tcp_active // 10))


def render_netstat(c, names):
    rx = sum(c.nets.get(n, [0] * 16)[0] for n in names if n != "lo")
    tx = sum(c.nets.get(n, [0] * 16)[8] for n in names if n != "lo")
    return ("TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed "
            "ListenOverflows ListenDrops TCPTimeouts TCPSynRetrans\n"
            "TcpExt: 0 0 0 0 0 %d %d\n"
            "IpExt: InNoRoutes InTruncatedPkts InMcastPkts OutMcastPkts "
            "InBcastPkts OutBcastPkts InOctets OutOctets\n"
            "IpExt: 0 0 0 0 0 0 %d %d\n" % (
                c.tcp_retrans // 10, c.tcp_active // 50, rx, tx))


def render_netdev(c, names):
    out = ["Inter-|   Receive                                                |"
           "  Transmit",
           " face |bytes    packets errs drop fifo frame compressed multicast|"
           "bytes    packets errs drop fifo colls carrier compressed"]
    for name in names:
        v = c.nets.get(name, [0] * 16)
        out.append("%6s:%8d %7d %4d %4d %4d %5d %10d %9d %8d %7d %4d %4d "
                   "%4d %5d %7d %10d" % ((name,) + tuple(v)))
    return "\n".join(out) + "\n"


def render_diskstats(c, lines):
    """Partitions repeat their disk's counters: all I/O goes to them."""
    out = []
    for major, minor, name, parent in lines:
        v = c.disks.get(parent or name, [0] * 17)
        out.append("%4s %7s %s %s" % (major, minor, name,
                                      " ".join(map(str, v))))
    return "\n".join(out) + "\n"


def mount_escape(path):
    """A path as the kernel prints it in /proc/self/mounts."""
    for ch, esc in (("\\", "\\134"), (" ", "\\040"), ("\t", "\\011"),
                    ("\n", "\\012")):
        path = path.replace(ch, esc)
    return path


# ----------------------------------------------------------------------------
# The run.


def warn(msg):
    print("simweek: warning: %s" % msg, file=sys.stderr)


def put(path, text):
    with open(path, "w") as f:
        f.write(text)


def find_faketime():
    libs = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))
    if not libs:
        raise Fail("libfaketime not found under /usr/lib/*/faketime/ "
                   "(Debian package faketime)")
    return libs[0]


def prepare_work(work):
    """Make work (or clean a previous run's tree in it); return its path."""
    if work is None:
        shm = "/dev/shm"
        base = None if os.environ.get("TMPDIR") or not (
            os.path.isdir(shm) and os.access(shm, os.W_OK)) else shm
        return tempfile.mkdtemp(prefix="simweek.", dir=base)
    work = os.path.abspath(work)
    os.makedirs(work, exist_ok=True)
    if os.listdir(work) and not os.path.exists(os.path.join(work, MARKER)):
        raise Fail("work directory '%s' is not empty and was not made by "
                   "simweek.py" % work)
    for sub in ("proc", "sys"):
        shutil.rmtree(os.path.join(work, sub), ignore_errors=True)
    put(os.path.join(work, MARKER), "made by tests/simweek.py\n")
    return work


def check_db(db, host):
    """Refuse a database that already holds snapshots of host."""
    if not os.path.exists(db):
        return
    try:
        con = sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(db),
                              uri=True)
        try:
            n = con.execute("SELECT count(*) FROM snapshot s JOIN host h "
                            "ON h.id = s.host_id WHERE h.name = ?",
                            (host,)).fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return      # not a perfweek database: the collector will say so
    if n:
        raise Fail("'%s' already holds %d snapshots of host '%s'; use a new "
                   "file or another --host" % (db, n, host))


class Filesystem:
    """A tmpfs at dir, filled by appending to one file."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.mounted = False
        self.fd = -1
        self.size = 0
        self.capacity = FS_SIZE_MIB << 20

    def mount(self):
        if not os.path.isdir(self.path):
            raise Fail("--fs-dir '%s' is not a directory" % self.path)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o",
                            "size=%dm" % FS_SIZE_MIB, "tmpfs", self.path],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
        if r.returncode != 0:
            warn("cannot mount a tmpfs on '%s' (%s); simulating without a "
                 "filesystem" % (self.path, " ".join(r.stderr.split()) or
                                 "exit %d" % r.returncode))
            return False
        self.mounted = True
        self.fd = os.open(os.path.join(self.path, "filling.dat"),
                          os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        return True

    def fill_to(self, pct):
        """Append zeros until the file is pct percent of the tmpfs."""
        want = int(self.capacity * pct / 100)
        chunk = b"\0" * (1 << 20)
        while self.size < want:
            n = os.write(self.fd, chunk[:min(len(chunk), want - self.size)])
            self.size += n

    def unmount(self):
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self.mounted:
            r = subprocess.run(["umount", self.path], stderr=subprocess.PIPE,
                               text=True)
            if r.returncode != 0:
                warn("cannot unmount '%s': %s" % (self.path,
                                                   r.stderr.strip()))
            self.mounted = False


class Lane:
    """Program runs that may go on while the driver takes the next steps.

    At most width runs at once; the oldest is waited for first, so with
    width 1 the runs are one after another in the order submitted."""

    def __init__(self, runner, width):
        self.runner = runner
        self.width = width
        self.running = []   # (Popen, stamp, what), oldest first

    def submit(self, env, stamp, argv, what):
        while len(self.running) >= self.width:
            self.reap()
        p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        self.running.append((p, stamp, what))

    def reap(self):
        """Wait for the oldest run; raise Fail as Runner.check does."""
        p, stamp, what = self.running.pop(0)
        err = p.communicate()[1]
        self.runner.check(p.returncode, err, stamp, what)

    def drain(self):
        while self.running:
            self.reap()

    def kill(self):
        for p, _, _ in self.running:
            p.kill()
            p.wait()
        self.running = []


class Runner:
    """Writes the tree for each step and runs the collector on it."""

    def __init__(self, args, scenario, work, fs):
        self.scn = scenario
        self.work = work
        self.fs = fs
        self.proc = os.path.join(work, "proc")
        self.sys = os.path.join(work, "sys")
        self.collect = os.path.join(os.path.abspath(args.bin),
                                    "perfweek-collect")
        if not os.access(self.collect, os.X_OK):
            raise Fail("'%s' is not an executable (run make first)" %
                       self.collect)
        self.db = args.db
        self.conf = os.path.join(work, "perfweek.conf")
        put(self.conf, "[general]\ndatabase = %s\nhost = %s\n\n[collect]\n"
            "plugin_dir = /nonexistent\nfs_types = tmpfs ext4 xfs\n" %
            (os.path.abspath(args.db), args.host))
        self.env = dict(os.environ, LD_PRELOAD=find_faketime(), TZ="UTC",
                        PERFWEEK_LOG="stderr")
        self.messages = 0
        self.probe = os.path.join(os.path.dirname(self.collect),
                                  "perfweek-probe")
        self.probe_config = args.probe_config
        self.probe_args = probe_args(args.probe_config, args.overlap_check)
        self.probe_every = args.probe_every
        self.maintain_at = args.maintain_at
        self.clock = "" if args.frozen_clock else "@"
        self.lockstep = args.lockstep
        self.probes = self.maintains = 0
        self.lanes = (Lane(self, 1), Lane(self, args.overlap_jobs))
        self.stop_at = args.stop_at_ts
        self.scraper = None
        self.scraping = bool(args.scrape_openmetrics)
        if self.probe_config and not os.access(self.probe, os.X_OK):
            raise Fail("'%s' is not an executable (run make first)" %
                       self.probe)
        self.make_tree()
        if self.scraping:
            self.scraper = start_scraper(args, self.proc, self.sys)

    def make_tree(self):
        for d in ("net", "pressure", "self"):
            os.makedirs(os.path.join(self.proc, d), exist_ok=True)
        for _, _, name, parent in self.scn.disk_lines:
            if parent is None:
                os.makedirs(os.path.join(self.sys, "block", name),
                            exist_ok=True)
        mounts = ("sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
                  "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n")
        if self.fs and self.fs.mounted:
            mounts += "tmpfs %s tmpfs rw 0 0\n" % mount_escape(self.fs.path)
        put(os.path.join(self.proc, "self", "mounts"), mounts)
        if self.scraping:
            # node_exporter 1.5 reads <procfs>/mounts
            put(os.path.join(self.proc, "mounts"), mounts)

    def write(self, c, g, btime, uptime):
        p = self.proc
        put(p + "/stat", render_stat(c, g, btime))
        put(p + "/uptime", "%.2f %.2f\n" % (uptime, c.cpu["idle"] / 100.0))
        put(p + "/loadavg", "%.2f %.2f %.2f %d/%d %d\n" % (
            g.load + (g.procs_running, g.threads, 1000 + c.forks % 30000)))
        put(p + "/meminfo", render_meminfo(g))
        put(p + "/vmstat", render_vmstat(c, g))
        for res in ("cpu", "memory", "io"):
            put(p + "/pressure/" + res, render_psi(c, g, res))
        put(p + "/net/snmp", render_snmp(c, g))
        if self.scraping:
            # node_exporter's netstat collector needs it; perfweek reads
            # only net/snmp
            put(p + "/net/netstat", render_netstat(c, self.scn.net_names))
        put(p + "/net/dev", render_netdev(c, self.scn.net_names))
        put(p + "/diskstats", render_diskstats(c, self.scn.disk_lines))

    def run_collector(self, t, g):
        argv = [self.collect, "-c", self.conf, "--proc-root", self.proc,
                "--sys-root", self.sys]
        for name, value in g.gauges:
            argv.append("--gauge=%s=%.6g" % (name, value))
        self.run_at(t, argv, "perfweek-collect")

    def run_maintain(self, t):
        self.drain()
        self.run_at(t, [self.collect, "-c", self.conf, "--maintain"],
                    "perfweek-collect --maintain")
        self.maintains += 1

    def run_probes(self, t):
        """Start the probe runs of step t: the ordered one, the overlapping
        one (--overlap-check), or both."""
        stamp = self.stamp(t)
        env = dict(self.env, FAKETIME=self.clock + stamp)
        argv = [self.probe, "-c", self.probe_config, "--db",
                os.path.abspath(self.db)]
        for lane, extra in zip(self.lanes, self.probe_args):
            if extra is not None:
                lane.submit(env, stamp, argv + extra, "perfweek-probe")
                self.probes += 1
                if self.lockstep:
                    lane.drain()

    def drain(self):
        """Wait for every run still going."""
        for lane in self.lanes:
            lane.drain()

    def kill(self):
        for lane in self.lanes:
            lane.kill()
        if self.scraper:
            self.scraper.close()

    @staticmethod
    def stamp(t):
        return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))

    def run_at(self, t, argv, what):
        """Run argv at simulated time t and wait for it."""
        stamp = self.stamp(t)
        self.env["FAKETIME"] = self.clock + stamp
        r = subprocess.run(argv, env=self.env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.check(r.returncode, r.stderr, stamp, what)

    def check(self, status, stderr, stamp, what):
        """Exit 0 or 3 (partial) is fine; anything else raises Fail."""
        err = stderr.decode(errors="replace").strip()
        if status not in (0, 3):
            raise Fail("%s failed with exit status %d at simulated time %s "
                       "UTC:\n%s" % (what, status, stamp,
                                     err or "(no message)"))
        if err:
            self.messages += 1
            if self.messages <= MAX_SHOWN_MESSAGES:
                print("simweek: %s: %s" % (stamp, err), file=sys.stderr)
            elif self.messages == MAX_SHOWN_MESSAGES + 1:
                print("simweek: further collector messages not shown",
                      file=sys.stderr)

    def run(self, start, nsteps, step):
        """Take the steps; return (stored, baselines, seconds taken)."""
        scn = self.scn
        reboots = scn.reboots(start, start + nsteps * step)
        lead = max(1, min(60, step // 2))
        btime = start - scn.first_uptime
        uptime = scn.first_uptime
        c = None
        new_boot = False
        stored = baselines = 0
        day = None
        maintained = None
        t0 = time.monotonic()
        for i in range(nsteps):
            t = start + i * step
            if reboots and t >= reboots[0]:
                btime = reboots.pop(0) - lead
                uptime = t - btime
                scn.on_boot()
                c = None
            g = scn.targets(t)
            if c is None:
                c = Counters(scn)
                c.advance(g, uptime)
                new_boot = True
            else:
                uptime += step
                c.advance(g, step)
            if self.fs and self.fs.mounted:
                self.fs.fill_to(FS_START_PCT + (FS_END_PCT - FS_START_PCT) *
                                i / max(nsteps - 1, 1))
            d = time.strftime("%Y-%m-%d", time.gmtime(t))
            if d != day:
                if day is not None:
                    self.progress(day, stored, t0)
                day = d
            if scn.skip(t) or (self.stop_at is not None and
                               t >= self.stop_at):
                if self.scraper:
                    self.scraper.down(t)
                continue
            self.write(c, g, btime, uptime)
            self.run_collector(t, g)
            if self.scraper:
                self.scrape(t, c, g, btime)
            stored += 1
            baselines += new_boot
            new_boot = False
            if self.probe_config and i % self.probe_every == 0:
                self.run_probes(t)
            if (self.maintain_at is not None and maintained != d and
                    t % 86400 >= self.maintain_at):
                self.run_maintain(t)
                maintained = d
        self.drain()
        self.progress(day, stored, t0)
        return stored, baselines, time.monotonic() - t0

    def scrape(self, t, c, g, btime):
        try:
            self.scraper.scrape(t, c, g, btime)
        except self.scraper.Error as e:
            raise Fail("at simulated time %s UTC: %s" % (self.stamp(t), e))

    @staticmethod
    def progress(day, stored, t0):
        print("simweek: simulated through %s: %d snapshots, %.1f s" %
              (day, stored, time.monotonic() - t0), file=sys.stderr)


def probe_args(config, overlap):
    """The --check arguments of the ordered and the overlapping probe runs,
    None for a kind of run not made: all checks in order, without overlap.

    The check names are those of the [health "NAME"] sections of config."""
    if not overlap:
        return [], None
    try:
        with open(config) as f:
            names = re.findall(r'^\s*\[health\s+"([^"]*)"\s*\]', f.read(),
                               re.M)
    except OSError as e:
        raise Fail("cannot read '%s': %s" % (config, e.strerror))
    for name in overlap:
        if name not in names:
            raise Fail("--overlap-check '%s': no [health \"%s\"] in '%s'" %
                       (name, name, config))
    ordered = [n for n in names if n not in overlap]
    return ([a for n in ordered for a in ("--check", n)] or None,
            [a for n in overlap for a in ("--check", n)])


def start_scraper(args, proc, sysfs):
    """The node_exporter of --scrape-openmetrics (tests/prom/nodeexp.py)."""
    sys.path.insert(0, os.path.join(os.path.dirname(
        os.path.abspath(__file__)), "prom"))
    import nodeexp
    s = nodeexp.Scraper(args.node_exporter, proc, sysfs,
                        args.scrape_openmetrics, args.host,
                        args.instance or args.host + ":9100")
    s.Error = nodeexp.ScrapeError
    try:
        s.start()
    except nodeexp.ScrapeError as e:
        s.close()
        raise Fail(str(e))
    return s


def mark_simulated(db, host, scenario, fs_ok):
    """Record in meta that the host's data is made up, and how."""
    value = ("a simulated week made by tests/simweek.py (scenario %s): "
             "%s." % (scenario.name, scenario.describe(fs_ok)))
    con = sqlite3.connect(db, timeout=10)
    try:
        row = con.execute("SELECT id FROM host WHERE name = ?",
                          (host,)).fetchone()
        if row is None:
            raise Fail("host '%s' not found in '%s'" % (host, db))
        con.execute("INSERT OR REPLACE INTO meta(host_id, key, value) "
                    "VALUES (?, 'simulated', ?)", (row[0], value))
        con.commit()
    finally:
        con.close()


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="simweek.py",
        description="Make a simulated week of perfweek history by running "
                    "the real collector on synthetic /proc trees.")
    ap.add_argument("--bin", required=True, help="directory of "
                    "perfweek-collect")
    ap.add_argument("--db", required=True, help="database to fill")
    ap.add_argument("--start", required=True,
                    help="first snapshot, 'YYYY-MM-DD HH:MM' UTC")
    ap.add_argument("--hours", required=True, type=float)
    ap.add_argument("--step-s", required=True, type=int)
    ap.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    ap.add_argument("--host", default="demo-host")
    ap.add_argument("--fs-dir", help="mount a 64 MiB tmpfs here and fill it")
    ap.add_argument("--work", help="directory for the synthetic trees "
                    "(default: a temporary one, removed at the end)")
    ap.add_argument("--maintain-at", metavar="HH:MM",
                    help="run perfweek-collect --maintain daily at this time")
    ap.add_argument("--probe-config", metavar="FILE",
                    help="run perfweek-probe with this configuration")
    ap.add_argument("--probe-every", metavar="N", type=int, default=1,
                    help="probe at every Nth step (default 1)")
    ap.add_argument("--overlap-check", metavar="NAME", action="append",
                    default=[], help="probe this check of --probe-config "
                    "in runs of its own that may overlap (repeatable)")
    ap.add_argument("--overlap-jobs", metavar="N", type=int, default=8,
                    help="at most N overlapping probe runs at once "
                    "(default 8)")
    ap.add_argument("--append", action="store_true",
                    help="continue a database that holds the host already")
    ap.add_argument("--frozen-clock", action="store_true",
                    help="stop the simulated clock while a program runs "
                    "(probe timings then come out the same every time)")
    ap.add_argument("--lockstep", action="store_true",
                    help="wait for every program run before the next one")
    ap.add_argument("--seed", type=int, default=0,
                    help="added to the scenario's random seed (demo, quiet): "
                    "another host of the same kind")
    ap.add_argument("--stop-at", metavar="'YYYY-MM-DD HH:MM'",
                    help="the host stops reporting at this time (UTC): no "
                    "snapshot and no scrape from then on")
    ap.add_argument("--scrape-openmetrics", metavar="FILE",
                    help="scrape a real node_exporter on the tree at every "
                    "step and write the samples to FILE as OpenMetrics")
    ap.add_argument("--node-exporter", metavar="PATH",
                    default="/usr/bin/prometheus-node-exporter",
                    help="the node_exporter of --scrape-openmetrics")
    ap.add_argument("--instance", metavar="LABEL",
                    help="the instance label of the scrapes (default "
                    "HOST:9100)")
    a = ap.parse_args(argv)
    try:
        a.start_ts = int(datetime.strptime(a.start, "%Y-%m-%d %H:%M")
                         .replace(tzinfo=timezone.utc).timestamp())
    except ValueError:
        ap.error("--start '%s' is not 'YYYY-MM-DD HH:MM'" % a.start)
    if a.step_s < 1:
        ap.error("--step-s must be at least 1")
    a.stop_at_ts = None
    if a.stop_at is not None:
        try:
            a.stop_at_ts = int(datetime.strptime(a.stop_at, "%Y-%m-%d %H:%M")
                               .replace(tzinfo=timezone.utc).timestamp())
        except ValueError:
            ap.error("--stop-at '%s' is not 'YYYY-MM-DD HH:MM'" % a.stop_at)
    if (a.instance or a.node_exporter != "/usr/bin/prometheus-node-exporter") \
            and not a.scrape_openmetrics:
        ap.error("--instance and --node-exporter need --scrape-openmetrics")
    if a.probe_every < 1:
        ap.error("--probe-every must be at least 1")
    if a.overlap_jobs < 1:
        ap.error("--overlap-jobs must be at least 1")
    if a.overlap_check and not a.probe_config:
        ap.error("--overlap-check needs --probe-config")
    if a.maintain_at is not None:
        try:
            hm = datetime.strptime(a.maintain_at, "%H:%M")
        except ValueError:
            ap.error("--maintain-at '%s' is not HH:MM" % a.maintain_at)
        a.maintain_at = hm.hour * 3600 + hm.minute * 60
    a.nsteps = int(a.hours * 3600 // a.step_s)
    if a.nsteps < 1:
        ap.error("--hours %g is shorter than one step" % a.hours)
    return a


def main(argv):
    args = parse_args(argv)
    scenario = SCENARIOS[args.scenario](args.start_ts, args.step_s,
                                        args.seed)
    fs = None
    work = None
    runner = None
    temp_work = args.work is None
    try:
        if not args.append:
            check_db(args.db, args.host)
        work = prepare_work(args.work)
        if args.fs_dir:
            fs = Filesystem(args.fs_dir)
            fs.mount()
        runner = Runner(args, scenario, work, fs)
        stored, baselines, secs = runner.run(args.start_ts, args.nsteps,
                                             args.step_s)
        if runner.scraper:
            print("simweek: %d scrapes, %d steps down, in '%s'" % (
                runner.scraper.scrapes, runner.scraper.downs,
                args.scrape_openmetrics), file=sys.stderr)
        if runner.probes or runner.maintains:
            print("simweek: %d probe runs, %d maintenance runs" % (
                runner.probes, runner.maintains), file=sys.stderr)
        mark_simulated(args.db, args.host, scenario, fs is not None and
                       fs.mounted)
    except Fail as e:
        print("simweek: %s" % e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("simweek: interrupted; the database holds what was stored so "
              "far", file=sys.stderr)
        return 130
    finally:
        if runner:
            runner.kill()
        if fs:
            fs.unmount()
        if temp_work and work:
            shutil.rmtree(work, ignore_errors=True)
    print("simweek: scenario %s, host %s: %d snapshots (baselines: %d) of "
          "%d steps stored in '%s' in %.1f s (%.1f ms a snapshot)" % (
              scenario.name, args.host, stored, baselines, args.nsteps,
              args.db, secs, 1000 * secs / max(stored, 1)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
