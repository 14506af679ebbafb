/*
 * source.h - where the reporter reads a period's data from: one small
 * interface, struct source, and its implementations.
 *
 * Everything above the source (aggregation, findings, the model) works on
 * what these operations return, plain arrays and structs, and never sees
 * SQL or a query language.  The first implementation is perfweek's own
 * SQLite history (source_sqlite.c).  The interface is made for a
 * Prometheus-compatible store too, which differs from SQLite in three ways
 * the callers must allow for:
 *
 * - The step.  source_series() is asked for the finest step the caller
 *   needs; a source returns the series at its own step, which may be finer
 *   (SQLite's raw snapshots) or coarser (SQLite's hourly rollups after the
 *   snapshots were pruned, a store's step or retention).  The dataset says
 *   which: spacing_s between samples, dt for each sample.
 * - The interval.  SQLite stores the interval each snapshot's rates cover;
 *   a store that has none sets every dt to its step and nominal_interval_s
 *   to the step.
 * - Distance.  A remote source can be slow or fail: every operation
 *   returns a status (PW_ERR, logged, for a store that cannot answer;
 *   PW_ENOTFOUND for an unknown host), and a remote source bounds each call
 *   by a total deadline of its own.  The callers ask for a whole period at
 *   once, never sample by sample.
 *
 * A source is opened for one host name; source_hosts() lists every host it
 * knows, for a report over many.
 */
#ifndef PW_SOURCE_H
#define PW_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "load.h"
#include "status.h"

#define SOURCE_SERVICES_MAX 64
#define SOURCE_NAME_MAX     256

/* The host's data before a time and ever: 0 when there is none. */
struct source_bounds {
	int64_t last;  /* the last sample before the time asked */
	int64_t first; /* the first sample ever */
};

/*
 * An application's request rate and response time over a period, for
 * Little's law: lambda (requests/s), W (response time, s, weighted by
 * requests) and L (the mean of lambda * W over the samples).
 */
struct source_service {
	char name[SOURCE_NAME_MAX];
	double requests_per_s, response_time_s, concurrency;
};

struct source;
struct source_summary;
struct source_week_stamp;
struct source_host_stats;

struct source_ops {
	const char *kind; /* "sqlite", "prometheus" */
	enum pw_status (*series)(struct source *s, int64_t start, int64_t end,
				 int64_t step_s, struct dataset *out);
	enum pw_status (*bounds)(struct source *s, int64_t before,
				 struct source_bounds *out);
	enum pw_status (*meta)(struct source *s, const char *key, char *buf,
			       size_t n);
	enum pw_status (*services)(struct source *s, int64_t start, int64_t end,
				   struct source_service *out, size_t max,
				   size_t *n);
	enum pw_status (*hosts)(struct source *s,
				char (*names)[SOURCE_NAME_MAX], size_t max,
				size_t *n);
	void (*close)(struct source *s);
	/* summary.h; NULL for a source that keeps no summaries */
	enum pw_status (*summary_get)(struct source *s, int64_t start,
				      int64_t end, const char *config_hash,
				      struct source_week_stamp *now,
				      struct source_summary *out);
	enum pw_status (*summary_put)(struct source *s,
				      const struct source_summary *in);
	/* host_stats.h; NULL for a source that cannot compute them itself */
	enum pw_status (*host_stats)(struct source *s, int64_t start,
				     int64_t end, struct source_host_stats *out,
				     size_t max, size_t *n, unsigned *queries);
};

struct source {
	const struct source_ops *ops;
	char host[SOURCE_NAME_MAX]; /* the host read */
	void *impl;                 /* the implementation's state */
};

/*
 * The host's series with start <= t < end: host-wide metrics and every
 * device, at the source's step (see above).  An empty period is PW_OK with
 * out->n == 0.  Free with dataset_free (also after a failure).
 */
enum pw_status source_series(struct source *s, int64_t start, int64_t end,
			     int64_t step_s, struct dataset *out);

/* The host's last sample before `before`, and its first ever. */
enum pw_status
source_bounds(struct source *s, int64_t before, struct source_bounds *out);

/*
 * A description the history keeps for the host under key ("simulated":
 * the data was made up); PW_ENOTFOUND when there is none.
 */
enum pw_status
source_meta(struct source *s, const char *key, char *buf, size_t n);

/*
 * Every service with a request rate (SVC.requests_per_s) and a response
 * time (SVC.response_time_s, or SVC.response_time_ms) in the period, by
 * name, at most max; a service without samples in the period is left out.
 */
enum pw_status
source_services(struct source *s, int64_t start, int64_t end,
		struct source_service *out, size_t max, size_t *n);

/* The names of the hosts the source knows, by name, at most max. */
enum pw_status source_hosts(struct source *s, char (*names)[SOURCE_NAME_MAX],
			    size_t max, size_t *n);

void source_close(struct source *s);

#endif
