/*
 * findings.h - bottlenecks named by rules over the week's data.
 *
 * The rules are a table (findings.c): the metric each one watches, how it
 * fires (a sustained run beyond a threshold, the latest value, a
 * days-to-full forecast, an under-used host), its wording and its
 * recommendation; the thresholds come from [findings] in the
 * configuration (common/rules.h holds the defaults).  Each finding has a
 * severity, evidence (the numbers), when (the worst window) and a
 * recommendation.  The report's status is the worst severity.
 */
#ifndef PW_FINDINGS_H
#define PW_FINDINGS_H

#include "model_build.h"

/*
 * The findings into ctx->m->findings (in its arena), worst first; *worst
 * gets the worst severity.
 */
enum pw_status findings_build(struct model_ctx *ctx, enum severity *worst);

/*
 * A rule the alerts evaluate (perfweek-alert): a sustained rule, or one on
 * the latest value (latest set); the strings are the table's, static.
 */
struct findings_rule {
	enum rule_id rule;
	const char *metric; /* a metric_defs id */
	const char *title;
	const char *recommendation;
	int latest;
};

/* The i-th rule alerts evaluate into *out; 0 past the last. */
int findings_alert_rule(size_t i, struct findings_rule *out);

/* What a sustained rule finds in one series. */
struct findings_run {
	enum severity sev; /* SEV_OK: it does not fire */
	double threshold;  /* the one crossed */
	int64_t start, end;
	double minutes;
};

/*
 * The weekly report's evaluation of a sustained rule with limits lim on
 * the series t, v, dt of n samples (a gap over max_gap_s ends a run):
 * CRITICAL when the longest run at or beyond crit lasts lim->minutes,
 * else WARNING likewise for warn.
 */
void findings_sustained(const struct rule_limits *lim, const int64_t *t,
			const double *v, const double *dt, size_t n,
			double max_gap_s, struct findings_run *out);

#endif
