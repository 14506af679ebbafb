/*
 * summary.h - the per-week summaries a source keeps (docs/schema.md,
 * week_summary): the figures of an earlier week, so that a report's
 * comparison with it need not read the week's series again.
 *
 * The source only stores and returns them; it never computes one (that is
 * the aggregate stage's work, asked by the model).  A summary carries the
 * stamp of the data it was computed from (the week's snapshot count, its
 * largest snapshot id and time) and a fingerprint of the configuration its
 * figures depend on; source_summary_get() returns it only while both still
 * match, so late data or new thresholds make it stale.
 */
#ifndef PW_SUMMARY_H
#define PW_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "source.h"

#define SUMMARY_METRIC_MAX 64
#define SUMMARY_HASH_MAX   17 /* 16 hex digits and the NUL */

/* One metric (of one device) over the week; NAN where a figure is NULL. */
struct source_summary_metric {
	char metric[SUMMARY_METRIC_MAX];
	char device[LOAD_NAME_MAX]; /* "" for a host-wide metric */
	int64_t samples;
	double avg, p50, p95, p99, max;
	double warn_minutes, crit_minutes;
};

/* What a week's data is now: compared with a summary's, on every read. */
struct source_week_stamp {
	int64_t snapshots, last_snapshot_id, last_ts;
};

struct source_summary {
	int64_t start, end; /* the week, [start, end) */
	struct source_week_stamp stamp;
	double coverage_pct;
	char config_hash[SUMMARY_HASH_MAX];
	struct source_summary_metric *metrics; /* owned (malloc) */
	size_t nmetrics;
};

/*
 * The stored summary of [start, end) into out (free with
 * source_summary_free, also after a failure).  *now is always set on
 * PW_OK and PW_ENOTFOUND: the week's stamp as the data is now, to store
 * with a summary computed from it.  PW_ENOTFOUND, not logged, when there
 * is none, when it is stale (its stamp or config_hash differs), or when
 * the store keeps no summaries (an older schema).
 */
enum pw_status
source_summary_get(struct source *s, int64_t start, int64_t end,
		   const char *config_hash, struct source_week_stamp *now,
		   struct source_summary *out);

/*
 * Store in as the summary of its week, replacing an older one.  A store
 * that cannot be written now (a read-only file, a lock held beyond a short
 * wait) is not an error: PW_OK, nothing written, a line at -v.
 */
enum pw_status
source_summary_put(struct source *s, const struct source_summary *in);

void source_summary_free(struct source_summary *sm);

#endif
