"""nodeexp.py - a real node_exporter scraped at every step of tests/simweek.py.

simweek.py --scrape-openmetrics FILE --node-exporter PATH imports this: one
prometheus-node-exporter is started on 127.0.0.1 (a free port) with
--path.procfs and --path.sysfs on the simulated tree and only the collectors
perfweek's report needs; at each step, after the tree is written (and after
perfweek-collect has read it, before the next step rewrites it) /metrics is
fetched over HTTP and appended to FILE as OpenMetrics, every sample with the
step's time (whole Unix seconds) and the labels a Prometheus scrape adds:

    job="node", instance="HOST:9100"      (--instance, default HOST:9100)
    up{job="node",instance="HOST:9100"} 1 at every scraped step, 0 at every
    step the collector does not run (a gap, a host that stopped reporting):
    the target is down then, and nothing else is written for that step.

What the harness changes in a scrape, and why:
  - node_uname_info's nodename is the simulated host (uname is a system
    call, not a file of the tree; the rest of its labels are the machine's).
  - node_scrape_collector_duration_seconds is left out (wall-clock timings
    would make two runs of the same week differ); the other samples are
    written as node_exporter gave them, in its text format's numbers.
  - No # HELP or # TYPE lines (the TSDB keeps no metadata from a backfill);
    the file ends with "# EOF".

Every scrape is checked against the counters simweek wrote into the tree
(check()): CPU jiffies by mode, btime, context switches, memory, vmstat
pgmajfault/pswpin/pswpout, pressure totals, Tcp OutSegs/RetransSegs/
CurrEstab, disk and interface counters; a difference ends the run.
--path.rootfs stays "/" (given explicitly): the mount table lists the
filesystems by their real paths, which both perfweek-collect and
node_exporter statfs() as they are, so both see the same filesystem.
"""

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request

COLLECTORS = ("cpu", "stat", "loadavg", "meminfo", "vmstat", "pressure",
              "diskstats", "netdev", "netstat", "filesystem", "uname")
DROP = ("node_scrape_collector_duration_seconds",)
START_DEADLINE_S = 10.0
SCRAPE_TIMEOUT_S = 10.0
CPU_MODES = ("user", "nice", "system", "idle", "iowait", "irq", "softirq",
             "steal")
LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$')


class ScrapeError(Exception):
    """The exporter failed to start, to answer, or disagreed with the tree."""


def free_port():
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


def escape(v):
    return v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Scraper:
    """One node_exporter on the tree at work/proc, work/sys; the output."""

    def __init__(self, exporter, proc, sysfs, out_path, host, instance,
                 job="node"):
        self.exporter = exporter
        self.proc, self.sysfs = proc, sysfs
        self.host = host
        self.extra = 'instance="%s",job="%s"' % (escape(instance),
                                                 escape(job))
        self.up_labels = "{" + self.extra + "}"
        self.out = open(out_path, "w")
        self.p = None
        self.url = None
        self.scrapes = self.downs = 0
        self.log_path = out_path + ".exporter.log"

    def argv(self, port):
        a = [self.exporter, "--web.listen-address=127.0.0.1:%d" % port,
             "--path.procfs=" + self.proc, "--path.sysfs=" + self.sysfs,
             "--path.rootfs=/", "--collector.disable-defaults",
             "--web.disable-exporter-metrics",
             "--no-collector.netdev.netlink", "--log.level=warn"]
        return a + ["--collector." + c for c in COLLECTORS]

    def start(self):
        """Start the exporter (a new port if one is taken meanwhile)."""
        if not os.access(self.exporter, os.X_OK):
            raise ScrapeError("'%s' is not an executable (Debian package "
                              "prometheus-node-exporter)" % self.exporter)
        for _ in range(5):
            port = free_port()
            log = open(self.log_path, "w")
            self.p = subprocess.Popen(self.argv(port), stdin=subprocess.DEVNULL,
                                      stdout=log, stderr=log)
            log.close()
            self.url = "http://127.0.0.1:%d/metrics" % port
            if self.wait_ready():
                return
            self.stop()
        raise ScrapeError("node_exporter did not start: see '%s'" %
                          self.log_path)

    def wait_ready(self):
        end = time.monotonic() + START_DEADLINE_S
        while time.monotonic() < end:
            if self.p.poll() is not None:
                return False
            try:
                # "/" answers without reading the tree (not written yet)
                with urllib.request.urlopen(self.url[:-len("metrics")],
                                            timeout=1) as r:
                    r.read()
                return True
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        return False

    def fetch(self):
        try:
            with urllib.request.urlopen(self.url,
                                        timeout=SCRAPE_TIMEOUT_S) as r:
                return r.read().decode()
        except (urllib.error.URLError, OSError) as e:
            raise ScrapeError("scrape of %s failed: %s" % (self.url, e))

    def scrape(self, t, counters=None, target=None, btime=None):
        """Scrape once, write the samples stamped t; check them."""
        text = self.fetch()
        ts = " %d\n" % t
        w = self.out.write
        seen = {}
        for line in text.splitlines():
            if not line or line[0] == "#":
                continue
            m = LINE.match(line)
            if not m:
                raise ScrapeError("unexpected line from node_exporter: %r" %
                                  line)
            name, labels, value = m.group(1), m.group(2) or "", m.group(3)
            if name in DROP:
                continue
            if name == "node_uname_info":
                labels = re.sub(r'nodename="(?:[^"\\]|\\.)*"',
                                'nodename="%s"' % escape(self.host), labels)
            seen[name + labels] = value
            inner = labels[1:-1]
            w("%s{%s%s%s} %s%s" % (name, self.extra, "," if inner else "",
                                   inner, value, ts))
        w("up%s 1%s" % (self.up_labels, ts))
        self.scrapes += 1
        if counters is not None:
            check(seen, counters, target, btime)

    def down(self, t):
        """A step without a scrape: the target is down."""
        self.out.write("up%s 0 %d\n" % (self.up_labels, t))
        self.downs += 1

    def stop(self):
        if self.p is not None:
            if self.p.poll() is None:
                self.p.terminate()
                try:
                    self.p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.p.kill()
                    self.p.wait()
            self.p = None

    def close(self):
        self.stop()
        if not self.out.closed:
            self.out.write("# EOF\n")
            self.out.close()


def num(seen, key):
    v = seen.get(key)
    if v is None:
        raise ScrapeError("node_exporter gave no %s" % key)
    return float(v)


def check(seen, c, g, btime):
    """The scraped values are the counters simweek wrote into the tree."""
    want = []
    for mode in CPU_MODES:
        got = sum(num(seen, 'node_cpu_seconds_total{cpu="%d",mode="%s"}' %
                      (i, mode)) for i in range(c.ncpu))
        want.append(("cpu " + mode, round(got * 100), c.cpu[mode]))
    want += [
        ("btime", num(seen, "node_boot_time_seconds"), btime),
        ("ctxt", num(seen, "node_context_switches_total"), c.ctxt),
        ("intr", num(seen, "node_intr_total"), c.intr),
        ("forks", num(seen, "node_forks_total"), c.forks),
        ("procs_running", num(seen, "node_procs_running"), g.procs_running),
        ("MemTotal", num(seen, "node_memory_MemTotal_bytes"),
         g.mem_total_kb * 1024),
        ("MemAvailable", num(seen, "node_memory_MemAvailable_bytes"),
         g.mem_avail_kb * 1024),
        ("SwapFree", num(seen, "node_memory_SwapFree_bytes"),
         (g.swap_total_kb - g.swap_used_kb) * 1024),
        ("pgmajfault", num(seen, "node_vmstat_pgmajfault"), c.majfault),
        ("pswpin", num(seen, "node_vmstat_pswpin"), c.pswpin),
        ("pswpout", num(seen, "node_vmstat_pswpout"), c.pswpout),
        ("psi cpu some", round(num(
            seen, "node_pressure_cpu_waiting_seconds_total") * 1e6),
         c.psi["cpu_some"]),
        ("psi io some", round(num(
            seen, "node_pressure_io_waiting_seconds_total") * 1e6),
         c.psi["io_some"]),
        ("psi io full", round(num(
            seen, "node_pressure_io_stalled_seconds_total") * 1e6),
         c.psi["io_full"]),
        ("Tcp OutSegs", num(seen, "node_netstat_Tcp_OutSegs"), c.tcp_out),
        ("Tcp RetransSegs", num(seen, "node_netstat_Tcp_RetransSegs"),
         c.tcp_retrans),
        ("Tcp CurrEstab", num(seen, "node_netstat_Tcp_CurrEstab"),
         g.tcp_estab),
        ("load1", num(seen, "node_load1"), round(g.load[0], 2)),
    ]
    for name, d in c.disks.items():
        lab = '{device="%s"}' % name
        want += [
            (name + " reads", num(seen, "node_disk_reads_completed_total" +
                                  lab), d[0]),
            (name + " read bytes", num(seen, "node_disk_read_bytes_total" +
                                       lab), d[2] * 512),
            (name + " read ms", round(num(
                seen, "node_disk_read_time_seconds_total" + lab) * 1000),
             d[3]),
            (name + " writes", num(seen, "node_disk_writes_completed_total" +
                                   lab), d[4]),
            (name + " io ms", round(num(
                seen, "node_disk_io_time_seconds_total" + lab) * 1000), d[9]),
            (name + " weighted ms", round(num(
                seen, "node_disk_io_time_weighted_seconds_total" + lab) *
                1000), d[10])]
    for name, n in c.nets.items():
        if name == "lo":
            continue    # node_exporter's default device-exclude is ^lo$
        lab = '{device="%s"}' % name
        want += [
            (name + " rx bytes", num(seen, "node_network_receive_bytes_total" +
                                     lab), n[0]),
            (name + " rx errs", num(seen, "node_network_receive_errs_total" +
                                    lab), n[2]),
            (name + " tx bytes", num(
                seen, "node_network_transmit_bytes_total" + lab), n[8])]
    bad = ["%s %r != %r" % (what, got, exp) for what, got, exp in want
           if got != exp]
    if bad:
        raise ScrapeError("node_exporter read other values than the tree "
                          "holds: " + "; ".join(bad))
