/*
 * alert_eval.c - which findings rules fire now: the weekly report's rules
 * and thresholds (reporter/findings) over the recent window, host-wide
 * and per device.
 *
 * The window is [alert] window_min back from now, or the rule's own
 * sustained minutes when they are longer (a 30-minute rule needs 30
 * minutes to be seen).  A sustained rule fires when its condition held for
 * its minutes within that window; a rule on the latest value (a
 * filesystem nearly full) when the last sample is beyond its threshold.
 * Reads the source only; never touches the state.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "metric.h"

/* How far back rule r looks, in seconds. */
static int64_t
lookback_s(const struct config *cfg, const struct rule_limits *lim)
{
	double min = lim->minutes > cfg->alert_window_min ?
		lim->minutes :
		cfg->alert_window_min;

	return (int64_t)(min * 60);
}

/* The index of the first sample after from. */
static size_t
first_after(const int64_t *t, size_t n, int64_t from)
{
	size_t i = 0;

	while (i < n && t[i] <= from)
		i++;
	return i;
}

static double
last_of(const double *v, size_t n)
{
	while (n > 0)
		if (!isnan(v[--n]))
			return v[n];
	return NAN;
}

/* The latest value against the thresholds. */
static void
eval_latest(const struct rule_limits *lim, const int64_t *t, const double *v,
	    size_t n, struct findings_run *run)
{
	double last = last_of(v, n);

	memset(run, 0, sizeof(*run));
	if (isnan(last) || n == 0)
		return;
	run->start = run->end = t[n - 1];
	if (last >= lim->crit) {
		run->sev = SEV_CRITICAL;
		run->threshold = lim->crit;
	} else if (last >= lim->warn) {
		run->sev = SEV_WARNING;
		run->threshold = lim->warn;
	}
}

struct eval_ctx {
	const struct config *cfg;
	const struct dataset *d;
	int64_t now;
	double *scratch;
	struct alert_obs *out;
	size_t n, cap;
};

/* Rule fr on the host (dev NULL) or one device. */
static void
eval_series(struct eval_ctx *c, const struct findings_rule *fr,
	    const struct metric_def *m, const struct dev_data *dev)
{
	const struct rule_limits *lim = &c->cfg->rules[fr->rule];
	const int64_t *t = dev ? dev->t : c->d->t;
	const double *dt = dev ? dev->dt : c->d->dt;
	size_t n = metric_series(m, c->d, dev, c->scratch);
	size_t k = first_after(t, n, c->now - lookback_s(c->cfg, lim));
	const char *sp = m->unit[0] && strcmp(m->unit, "%") != 0 ? " " : "";
	struct findings_run run;
	struct alert_obs *o;

	if (k >= n || c->n == c->cap)
		return;
	if (fr->latest)
		eval_latest(lim, t + k, c->scratch + k, n - k, &run);
	else
		findings_sustained(lim, t + k, c->scratch + k, dt + k, n - k,
				   3 * c->d->spacing_s, &run);
	o = &c->out[c->n++];
	memset(o, 0, sizeof(*o));
	o->fr = *fr;
	snprintf(o->device, sizeof(o->device), "%s", dev ? dev->name : "");
	o->sev = run.sev;
	o->threshold = run.threshold;
	o->value = last_of(c->scratch + k, n - k);
	o->start = run.start;
	/* "sda utilisation", "CPU busy" */
	if (run.sev == SEV_OK)
		snprintf(
			o->evidence, sizeof(o->evidence),
			"%.64s%s%s now %.*f%s%s, below %g%s%s in the last %.0f min",
			o->device, dev ? " " : "", m->label, m->decimals,
			o->value, sp, m->unit, lim->warn, sp, m->unit,
			(double)lookback_s(c->cfg, lim) / 60);
	else if (fr->latest)
		snprintf(o->evidence, sizeof(o->evidence),
			 "%.64s%s%s %.*f%s%s, at or above %g%s%s", o->device,
			 dev ? " " : "", m->label, m->decimals, o->value, sp,
			 m->unit, run.threshold, sp, m->unit);
	else
		snprintf(
			o->evidence, sizeof(o->evidence),
			"%.64s%s%s at or above %g%s%s for %.0f min in the last %.0f min; now %.*f%s%s",
			o->device, dev ? " " : "", m->label, run.threshold, sp,
			m->unit, run.minutes,
			(double)lookback_s(c->cfg, lim) / 60, m->decimals,
			o->value, sp, m->unit);
}

/* Every enabled rule over c->d. */
static void
eval_all(struct eval_ctx *c)
{
	struct findings_rule fr;
	size_t i, j;

	for (i = 0; findings_alert_rule(i, &fr); i++) {
		const struct metric_def *m = metric_find(fr.metric);

		if (!m || !c->cfg->rules[fr.rule].enabled)
			continue;
		if (m->scope == MS_HOST) {
			eval_series(c, &fr, m, NULL);
			continue;
		}
		for (j = 0; j < c->d->ndev; j++)
			if (c->d->dev[j].kind == metric_dev_kind(m->scope))
				eval_series(c, &fr, m, &c->d->dev[j]);
	}
}

/* The longest lookback of the enabled rules. */
static int64_t
lookback_max_s(const struct config *cfg)
{
	struct findings_rule fr;
	int64_t most = (int64_t)(cfg->alert_window_min * 60), l;
	size_t i;

	for (i = 0; findings_alert_rule(i, &fr); i++) {
		l = lookback_s(cfg, &cfg->rules[fr.rule]);
		if (cfg->rules[fr.rule].enabled && l > most)
			most = l;
	}
	return most;
}

enum pw_status
alert_evaluate(struct source *src, const struct config *cfg, int64_t now,
	       struct alert_obs **out, size_t *n)
{
	struct eval_ctx c;
	struct dataset d;
	size_t i, longest;
	enum pw_status rc;

	memset(&d, 0, sizeof(d));
	memset(&c, 0, sizeof(c));
	rc = source_series(src, now - lookback_max_s(cfg) + 1, now + 1, 1, &d);
	if (!rc && d.n == 0)
		rc = PW_ENOTFOUND;
	longest = d.n;
	for (i = 0; !rc && i < d.ndev; i++)
		if (d.dev[i].n > longest)
			longest = d.dev[i].n;
	c.cfg = cfg;
	c.d = &d;
	c.now = now;
	c.cap = ALERT_OBS_MAX;
	if (!rc &&
	    (!(c.scratch = calloc(longest, sizeof(double))) ||
	     !(c.out = calloc(c.cap, sizeof(*c.out)))))
		rc = PW_ENOMEM;
	if (!rc) {
		eval_all(&c);
		*out = c.out;
		*n = c.n;
		c.out = NULL;
	}
	free(c.out);
	free(c.scratch);
	dataset_free(&d);
	return rc;
}
