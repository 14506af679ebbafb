/*
 * model_status.h - what the report knows and what it does not: the state
 * of the period's data against [report] min_coverage_pct, the finding that
 * says the collector was not running, and the coverage of the earlier
 * weeks behind the comparisons (model_status.c).
 */
#ifndef PW_MODEL_STATUS_H
#define PW_MODEL_STATUS_H

#include <stdint.h>

#include "findings.h"
#include "model_build.h"

enum data_state {
	DATA_OK = 0,     /* coverage at least min_coverage_pct */
	DATA_INCOMPLETE, /* some snapshots, fewer than that */
	DATA_NONE        /* no snapshot in the period */
};

struct data_status {
	enum data_state state;
	double pct, min_pct; /* coverage.pct, [report] min_coverage_pct */
	int64_t end;         /* end of the time counted: period or now */
	int64_t last_ts;     /* last snapshot before end; 0: none */
	int64_t first_ts;    /* the host's first snapshot ever; 0: none */
	char reason[512];    /* why not OK, for summary.status_reason */
};

/*
 * Judge the period's data from the coverage cov (coverage.c) and the
 * database (the host's last snapshot before the end); fill cov's min_pct
 * and last_snapshot.
 */
enum pw_status
model_data_status(struct model_ctx *ctx, struct model_coverage *cov,
		  struct data_status *ds);

/* summary.status: NO DATA, INCOMPLETE, or the worst finding's severity. */
const char *
model_status_name(const struct data_status *ds, enum severity worst);

/*
 * When the data is short, put the CRITICAL finding "Collector not
 * running" first in the model's findings (rule "collector").
 */
enum pw_status
model_collector_finding(struct model_ctx *ctx, const struct data_status *ds);

/*
 * Percent of a past period's expected snapshots that d holds, at the
 * interval of coverage.c (fallback_s when d has none of its own).
 */
double
model_past_coverage_pct(const struct config *cfg, const struct dataset *d,
			int64_t start, int64_t end, double fallback_s);

/* "last week 0.1 % covered" and the like into buf. */
void model_coverage_words(char *buf, size_t n, const char *which, double pct);

/*
 * The comparison: min_coverage_pct and, for each of the n earlier weeks
 * (at most MODEL_WEEKS), its label, coverage and whether it is used.
 */
enum pw_status model_comparison(struct model *m, double min_pct,
				const char (*labels)[PERIOD_LABEL_MAX],
				const double *pcts, int n);

/* The notes on status, comparisons and forecasts, with their numbers. */
enum pw_status model_status_notes(struct model *m, const struct config *cfg);

#endif
