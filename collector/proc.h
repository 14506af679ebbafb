/*
 * proc.h - the raw structs the /proc and /sys readers fill.
 *
 * Each reader takes a root directory (normally "/proc" or "/sys", a fixture
 * tree in tests) and fills one plain struct with what the kernel reported:
 * counters since boot and instantaneous gauges, no rates.  Rates are derived
 * later (delta.c) from two of these.  Readers are pure: they read, parse and
 * fill; they never touch the database and never exit.
 *
 * Return values: PW_OK; PW_ENOTFOUND when the file does not exist (a kernel
 * without the feature: the caller leaves the values NULL, logs one debug
 * line); PW_EPARSE when it exists but cannot be understood (logged with the
 * path); PW_ENOMEM, PW_EIO, PW_ETOOBIG as usual.  Out-parameters are written
 * only on success.
 */
#ifndef PW_PROC_H
#define PW_PROC_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Caps on what a reader accepts, so a strange kernel cannot exhaust memory. */
#define PROC_MAX_DISKS  4096
#define PROC_MAX_NETIFS 4096
#define PROC_NAME_MAX   64 /* device and interface names */

/* /proc/stat: the aggregate "cpu" line and the global counters. */
struct proc_stat {
	uint64_t user, nice, system, idle, iowait, irq, softirq, steal;
	uint64_t guest, guest_nice; /* already included in user and nice */
	unsigned ncpu;              /* number of "cpuN" lines */
	uint64_t ctxt;              /* context switches since boot */
	uint64_t intr;              /* interrupts since boot (first field) */
	int64_t btime;              /* boot time, Unix seconds */
	unsigned procs_running;
	unsigned procs_blocked;
};

/* /proc/uptime: seconds since boot; the clock rates are measured against. */
struct proc_uptime {
	double uptime_s;
};

/* /proc/loadavg */
struct proc_loadavg {
	double load1, load5, load15;
};

/* /proc/meminfo, in bytes (the kernel reports kB). */
struct proc_meminfo {
	uint64_t total_bytes;
	uint64_t free_bytes;
	uint64_t available_bytes; /* MemAvailable, or estimated if absent */
	uint64_t buffers_bytes;
	uint64_t cached_bytes; /* Cached */
	uint64_t swap_total_bytes;
	uint64_t swap_free_bytes;
};

/* /proc/vmstat: counters since boot. */
struct proc_vmstat {
	uint64_t pswpin;     /* pages swapped in */
	uint64_t pswpout;    /* pages swapped out */
	uint64_t pgmajfault; /* major page faults */
};

/*
 * /proc/pressure/{cpu,memory,io}: the "total" fields, microseconds of stall
 * since boot.  A field is valid only when its has_ flag is set: old kernels
 * have no /proc/pressure at all, and cpu "full" is not read.
 */
struct proc_pressure {
	int has_cpu, has_memory, has_io;
	uint64_t cpu_some_us;
	uint64_t memory_some_us, memory_full_us;
	uint64_t io_some_us, io_full_us;
};

/* /proc/net/snmp, the Tcp: lines. */
struct proc_snmp {
	uint64_t tcp_curr_estab;   /* gauge: established connections */
	uint64_t tcp_out_segs;     /* counter */
	uint64_t tcp_retrans_segs; /* counter */
};

/* One line of /proc/diskstats, for a whole disk (not a partition). */
struct disk_raw {
	char name[PROC_NAME_MAX];  /* kernel name: sda, nvme0n1, dm-0 */
	char label[PROC_NAME_MAX]; /* dm name (vg0-root) or empty */
	unsigned major, minor;
	uint64_t rd_ios, rd_merges, rd_sectors, rd_ticks;
	uint64_t wr_ios, wr_merges, wr_sectors, wr_ticks;
	uint64_t in_flight;     /* gauge */
	uint64_t io_ticks;      /* ms the device was busy */
	uint64_t time_in_queue; /* weighted ms */
	uint64_t dc_ios, dc_merges, dc_sectors, dc_ticks; /* 4.18+ */
	uint64_t fl_ios, fl_ticks;                        /* 5.5+ */
	unsigned char has_discard, has_flush; /* the kernel prints them */
};

struct proc_diskstats {
	struct disk_raw *disks; /* owned; freed by proc_diskstats_free */
	size_t ndisks;
};

/* One interface of /proc/net/dev. */
struct netif_raw {
	char name[PROC_NAME_MAX];
	uint64_t rx_bytes, rx_packets, rx_errors, rx_drops;
	uint64_t tx_bytes, tx_packets, tx_errors, tx_drops;
};

struct proc_netdev {
	struct netif_raw *ifs; /* owned; freed by proc_netdev_free */
	size_t nifs;
};

enum pw_status proc_stat_read(const char *proc_root, struct proc_stat *out);
enum pw_status proc_uptime_read(const char *proc_root, struct proc_uptime *out);
enum pw_status
proc_loadavg_read(const char *proc_root, struct proc_loadavg *out);
enum pw_status
proc_meminfo_read(const char *proc_root, struct proc_meminfo *out);
enum pw_status proc_vmstat_read(const char *proc_root, struct proc_vmstat *out);
/* PW_ENOTFOUND only when none of the three pressure files exists. */
enum pw_status
proc_pressure_read(const char *proc_root, struct proc_pressure *out);
enum pw_status proc_snmp_read(const char *proc_root, struct proc_snmp *out);

/*
 * Whole disks only: a device is kept when sys_root/block/NAME exists (so
 * partitions are dropped) and its name matches none of the fnmatch(3)
 * patterns in ignore (NULL-terminated; NULL for none).  Devices that never
 * did any I/O are dropped too.  dm devices get their label from
 * sys_root/block/dm-N/dm/name.  The result is sorted by name.
 */
enum pw_status
proc_diskstats_read(const char *proc_root, const char *sys_root,
		    const char *const *ignore, struct proc_diskstats *out);
void proc_diskstats_free(struct proc_diskstats *d);

/* Interfaces matching none of the ignore patterns, sorted by name. */
enum pw_status
proc_netdev_read(const char *proc_root, const char *const *ignore,
		 struct proc_netdev *out);
void proc_netdev_free(struct proc_netdev *n);

#endif
