/*
 * fleet.h - the fleet report's model: one row per host of a source, and
 * what the fleet report says about them, as plain C structs read by the
 * fleet's renderers (text, JSON, PDF).
 *
 * A host's row is a struct source_host_stats (host_stats.h), the week's
 * figures, plus its verdict (status, finding counts, the worst finding).
 * Rows come from either of two places, so that one ranking and one set
 * of renderers serve both:
 * - a host's report model (model.h), built per host by model_build():
 *   fleet_row_of_model() is the adapter that fills the stats row from it
 *   (the SQLite path);
 * - the store itself, source_host_stats() (a Prometheus-compatible
 *   source, one query per figure for all hosts): fleet_row_of_stats()
 *   judges the row from its figures and the [findings] limits.
 * fleet_build() then selects a group's rows, ranks them and computes the
 * fleet-wide numbers, lists and right-sizing.  Conventions are model.h's:
 * NAN for an unknown number, strings owned by the fleet's arena.
 */
#ifndef PW_FLEET_H
#define PW_FLEET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "config.h"
#include "model.h"
#include "period.h"
#include "host_stats.h"
#include "status.h"

#define FLEET_SCHEMA   "perfweek-fleet/1"
#define FLEET_TOP      10 /* hosts in each top list */
#define FLEET_FS       10 /* filesystems closest to full */
#define FLEET_STATUSES 5

/* The statuses a host may have, in the order the counts are shown. */
extern const char *const fleet_status_names[FLEET_STATUSES];

/* One host's week: its figures and its verdict. */
struct fleet_row {
	struct source_host_stats st;
	const char *source;  /* the database file, or the source's name */
	const char *status;  /* NO DATA, INCOMPLETE, OK, WARNING, CRITICAL */
	const char *reason;  /* why NO DATA or INCOMPLETE; NULL */
	enum severity worst; /* of its findings; SEV_OK for none */
	double critical, warning; /* findings of each severity */
	const char *top_title;    /* its worst finding, NULL for none */
	const char *top_severity;
	const char *top_resource, *top_device;
	double open_incidents; /* NAN: ServiceNow not set */
	int incidents_cut; /* the host's list stopped at list_max: a floor */
};

/* The rows read so far, each host once; strings in arena. */
struct fleet_rows {
	struct fleet_row *v;
	size_t n, cap;
	struct arena arena;
};

/* A host of the fleet report: its row and what the fleet makes of it. */
struct fleet_host {
	struct fleet_row r;
	double rank; /* 1 = needs attention most */
	struct model_time last_sample;
	int stopped; /* no sample for stopped_after_min at the end */
	double cpu_headroom_pct, mem_headroom_pct; /* to target_util_pct */
	double memory_gib;
	int underused; /* p95 CPU and memory under the limits */
	double cpus_needed, cpus_removable;
	double memory_gib_needed, memory_gib_removable;
};

/* The figures of a host that lists are sorted by (fleet_value()). */
enum fleet_value {
	FLEET_V_CPU_P95,
	FLEET_V_MEM_P95,
	FLEET_V_AWAIT_P95,
	FLEET_V_RETRANS,
	FLEET_V_FS_USED,
	FLEET_V_FS_DAYS,
	FLEET_V_CPUS_REMOVABLE
};

/* A top list: indexes into fleet.hosts, highest value first. */
struct fleet_top {
	const char *id, *title, *unit;
	enum fleet_value value; /* the figure shown */
	size_t idx[FLEET_TOP];
	size_t n;
};

enum {
	FLEET_TOP_CPU,
	FLEET_TOP_MEM,
	FLEET_TOP_AWAIT,
	FLEET_TOP_RETRANS,
	FLEET_TOPS
};

struct fleet {
	const char *group; /* NULL: every host */
	struct model_period period;
	struct model_time generated;
	double target_util_pct, underused_cpu_pct, underused_mem_pct;
	double stopped_after_min, min_coverage_pct;
	struct fleet_host *hosts; /* ranked */
	size_t nhosts;
	double count[FLEET_STATUSES]; /* by fleet_status_names */
	size_t *stopped;              /* indexes, longest silent first */
	size_t nstopped;
	struct fleet_top top[FLEET_TOPS];
	size_t fs[FLEET_FS]; /* filesystems closest to full */
	size_t nfs;
	size_t *underused; /* right-sizing candidates, most removable first */
	size_t nunderused;
	char days[STATS_DAYS][24]; /* "Mon 11-09": the heatmap's columns */
	/* the week across the fleet (hosts with data) */
	double cpus, memory_gib, cpu_busy_avg_pct, mem_used_avg_pct;
	double critical, warning; /* findings */
	double cpus_removable, memory_gib_removable;
	int store_quantiles; /* some rows' percentiles are the store's */
	int incidents_cut;   /* some rows' open incidents are a floor */
	const char **notes;
	size_t nnotes;
	const struct period_tz *tz; /* borrowed */
	struct arena arena;
};

void fleet_rows_init(struct fleet_rows *rows);
void fleet_rows_free(struct fleet_rows *rows);

/*
 * The adapter: a row for host m (a built report model) from source, the
 * figures computed from m's statistics and series (cfg for the forecast
 * limits), appended to rows.  A host already in rows (the same name in
 * two files) is logged and skipped: the first file read wins.
 */
enum pw_status
fleet_row_of_model(struct fleet_rows *rows, const struct model *m,
		   const char *source, const struct config *cfg);

/*
 * A row from a store's own figures (host_stats.h), judged from them: NO DATA
 * without samples, INCOMPLETE under min_coverage_pct, else the worst of
 * the [findings] limits its p95s cross.
 */
enum pw_status
fleet_row_of_stats(struct fleet_rows *rows, const struct source_host_stats *st,
		   const char *source, const struct config *cfg);

/*
 * Every host of source s over period p as the store computes it
 * (source_host_stats(), host_stats.h), a row each from source name;
 * *queries is the number of requests the store was sent.  PW_ENOTFOUND
 * for a source that cannot (SQLite): read each host's model instead.
 */
#define FLEET_STORE_HOSTS_MAX 10000
enum pw_status
fleet_rows_of_source(struct fleet_rows *rows, struct source *s,
		     const struct period *p, const char *name,
		     const struct config *cfg, unsigned *queries);

/*
 * The rows written to f, and read back into rows (fleet_io.c), for the
 * worker processes of one run: the same host twice is skipped as
 * fleet_row_of_model() skips it.  PW_EIO writing, PW_ERR for a short
 * file, PW_ENOMEM.
 */
enum pw_status fleet_rows_write(const struct fleet_rows *rows, FILE *f);
enum pw_status fleet_rows_read(struct fleet_rows *rows, FILE *f);

/* What fleet_build() is given. */
struct fleet_input {
	const struct config *cfg;
	const struct fleet_rows *rows;
	const char *group;           /* NULL: every host */
	const char *const *patterns; /* the group's hosts; NULL: all */
	size_t npatterns;
	struct period period;
	const struct period_tz *tz;
	int64_t generated_at;
	const char *label_value; /* [fleet] group_by's value; NULL: any */
};

/*
 * The fleet report of in's rows (those matching the patterns) into out;
 * free with fleet_free().  The rows must outlive out (strings shared).
 */
enum pw_status fleet_build(const struct fleet_input *in, struct fleet *out);
void fleet_free(struct fleet *f);

/* Figure v of host h; NAN when it has none. */
double fleet_value(const struct fleet_host *h, enum fleet_value v);

/* The worst status of the fleet for a mail's subject: "2 CRITICAL, ..." */
void fleet_status_line(const struct fleet *f, char *buf, size_t n);

#endif
