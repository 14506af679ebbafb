/*
 * metric.h - the metrics the report presents, declared once as a table.
 *
 * Each entry names a metric of the report ("cpu_busy_pct", "disk.await_ms"),
 * its section, label, unit and how its series comes out of the loaded
 * data: a stored column, or a simple derivation of one or two columns
 * (busy = 100 - idle, load per CPU, retransmit ratio, rx + tx errors).  The
 * findings rules and the renderers refer to metrics by these names.
 */
#ifndef PW_METRIC_H
#define PW_METRIC_H

#include <stddef.h>

#include "load.h"

enum metric_scope {
	MS_HOST,
	MS_DISK,
	MS_FS,
	MS_NETIF
};

enum metric_op {
	MO_COL,           /* v = a */
	MO_100_MINUS_SUM, /* v = 100 - (a + b) */
	MO_PER_CPU,       /* v = a / cpu_count */
	MO_RATIO_PCT,     /* v = a / b * 100 (NaN when b is 0) */
	MO_SUM            /* v = a + b */
};

struct metric_def {
	const char *id;      /* name in the model */
	const char *section; /* cpu, memory, pressure, network, disk, ... */
	const char *label;   /* for people */
	const char *unit;    /* "%", "ms", "1/s", "B/s", "" */
	enum metric_scope scope;
	enum metric_op op;
	int a, b;     /* columns (host_metric or device column) */
	int decimals; /* rounding in the model */
	int rule;     /* rule_id whose thresholds count minutes, or -1 */
};

extern const struct metric_def metric_defs[];
extern const size_t metric_ndefs;

/* The definition named id, or NULL. */
const struct metric_def *metric_find(const char *id);

/*
 * Fill out (room for d->n, or dev->n for device metrics) with the series
 * of m; returns the number of samples.  dev is NULL for host metrics.
 */
size_t metric_series(const struct metric_def *m, const struct dataset *d,
		     const struct dev_data *dev, double *out);

/* The device kind of a device scope. */
enum dev_kind metric_dev_kind(enum metric_scope s);

#endif
