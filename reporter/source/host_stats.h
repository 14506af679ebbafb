/*
 * host_stats.h - a week's figures for every host of a source at once,
 * computed by the store itself: what a fleet summary needs of each host, without
 * reading any host's series.
 *
 * A Prometheus-compatible source answers with one query per figure for
 * all hosts (avg_over_time, quantile_over_time, max_over_time over a
 * subquery), so the number of queries does not grow with the number of
 * hosts.  Its percentiles are the store's (interpolated between ranks),
 * not the nearest-rank ones the aggregate stage computes from a series;
 * source_host_stats.store_quantiles says so.  A source that keeps its
 * own series (SQLite) leaves the operation NULL: the fleet computes the
 * same figures from each host's model.
 */
#ifndef PW_HOST_STATS_H
#define PW_HOST_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "source.h"

#define STATS_DAYS 7

/* One host's week; NAN where the store has no value. */
struct source_host_stats {
	char host[SOURCE_NAME_MAX];     /* the host label's value */
	char nodename[SOURCE_NAME_MAX]; /* node_uname_info's, or "" */
	char group[SOURCE_NAME_MAX];    /* [fleet] group_by's value, or "" */
	double cpu_count, mem_total_bytes;
	double cpu_busy_avg, cpu_busy_p95, cpu_busy_max; /* % */
	double mem_used_avg, mem_used_p95, mem_used_max; /* % */
	double load1_per_cpu_p95;
	double disk_await_ms_p95;     /* the worst disk's */
	double tcp_retrans_per_s_avg; /* retransmitted segments */
	double fs_used_pct_max;       /* the fullest filesystem's */
	char fs_fullest[LOAD_NAME_MAX];
	double fs_days_to_full; /* the soonest, from the week's trend */
	double coverage_pct;    /* samples present / expected */
	int64_t first_sample, last_sample;
	double cpu_busy_day[STATS_DAYS]; /* the mean of each day */
	int store_quantiles; /* percentiles by the store's definition */
};

/*
 * Every host's stats over start <= t < end, at most max, by host name;
 * PW_ENOTFOUND when the source cannot compute them (the caller reads each
 * host's series instead).  *queries is the number of requests it made.
 */
enum pw_status source_host_stats(struct source *s, int64_t start, int64_t end,
				 struct source_host_stats *out, size_t max,
				 size_t *n, unsigned *queries);

#endif
