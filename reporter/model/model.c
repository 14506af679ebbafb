/*
 * model.c - assembles the report model from its parts.
 *
 * Sections are declared in sections[] and filled from the metric table of
 * metric.c: for every metric with data, its statistics, the minutes beyond
 * its rule's thresholds, its busiest hour and day, and its change against
 * the previous week and the mean of the four before.  Metrics without any
 * sample (no pressure information on an old kernel) are left out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capacity.h"
#include "coverage.h"
#include "findings.h"
#include "health.h"
#include "metric.h"
#include "model_history.h"
#include "model_parts.h"
#include "model_status.h"
#include "source.h"

#define PREV_WEEKS 4
/* The finest step the report asks of its source: 0, the source's own. */
#define SERIES_STEP_S 0

struct section {
	const char *id;
	const char *title;
	enum metric_scope scope;
};

static const struct section sections[] = {
	{ "cpu", "CPU", MS_HOST },
	{ "memory", "Memory", MS_HOST },
	{ "pressure", "Pressure stalls", MS_HOST },
	{ "network", "Network", MS_HOST },
	{ "disk", "Disks", MS_DISK },
	{ "filesystem", "Filesystems", MS_FS },
	{ "netif", "Network interfaces", MS_NETIF },
};

static const char *const day_names[] = { "Monday",   "Tuesday", "Wednesday",
					 "Thursday", "Friday",  "Saturday",
					 "Sunday" };

/* The builder's state beyond struct model_ctx: previous weeks. */
struct builder {
	struct model_ctx ctx;
	struct model_hist_week prev[PREV_WEEKS]; /* their summaries */
	double prev_pct[PREV_WEEKS];             /* their coverage */
	char prev_label[PREV_WEEKS][PERIOD_LABEL_MAX];
	const int64_t *local_t; /* times local_hour/local_dow describe */
	size_t local_n;
};

/* Local hour and weekday of every timestamp of t. */
static void
local_times(const struct model_ctx *ctx, const int64_t *t, size_t n,
	    int8_t *hour, int8_t *dow)
{
	size_t i;

	for (i = 0; i < n; i++) {
		hour[i] = (int8_t)period_local_hour(ctx->in->tz, t[i]);
		dow[i] = (int8_t)period_local_wday(ctx->in->tz, t[i]);
	}
}

/* The plain mean of metric m (device dev_name) in previous week k. */
static double
prev_avg(struct builder *mo, const struct metric_def *m, const char *dev_name,
	 int k)
{
	return model_hist_avg(&mo->prev[k], m, dev_name);
}

/*
 * The change of avg against last week and against the mean of the four
 * weeks before, each from earlier weeks covered at least min_coverage_pct
 * only; null with a reason otherwise.
 */
static enum pw_status
add_changes(struct builder *mo, struct model_metric *o,
	    const struct metric_def *m, const char *dev_name, double avg)
{
	double min = mo->ctx.in->cfg->min_coverage_pct;
	double prev = NAN, sum = 0, a, c = NAN, c4 = NAN;
	char why[96] = "", why4[96] = "";
	struct arena *ar = &mo->ctx.m->arena;
	int k, n = 0, covered = 0;

	if (!(mo->prev_pct[0] >= min))
		model_coverage_words(why, sizeof(why), "last week",
				     mo->prev_pct[0]);
	else if (isnan(prev = prev_avg(mo, m, dev_name, 0)))
		snprintf(why, sizeof(why), "no data last week");
	else if (isnan(c = stats_change_pct(avg, prev)))
		snprintf(why, sizeof(why), "last week's average is 0");
	for (k = 0; k < PREV_WEEKS; k++) {
		if (!(mo->prev_pct[k] >= min))
			continue;
		covered++;
		if (!isnan(a = prev_avg(mo, m, dev_name, k)))
			sum += a, n++;
	}
	if (n)
		c4 = stats_change_pct(avg, sum / n);
	if (!covered)
		snprintf(why4, sizeof(why4),
			 "none of the %d weeks before is %g %% covered",
			 PREV_WEEKS, min);
	else if (!n)
		snprintf(why4, sizeof(why4), "no data in the weeks before");
	else if (isnan(c4))
		snprintf(why4, sizeof(why4), "their average is 0");
	o->prev_avg = stats_round(prev, m->decimals);
	o->change_pct = stats_round(c, 1);
	o->change_4w_pct = stats_round(c4, 1);
	o->change_4w_weeks = n;
	if ((why[0] && !(o->change_reason = arena_strdup(ar, why))) ||
	    (why4[0] && !(o->change_4w_reason = arena_strdup(ar, why4))))
		return PW_ENOMEM;
	return PW_OK;
}

/* The statistics of one metric into o; *has 0 when it has no data. */
static enum pw_status
metric_fill(struct builder *mo, const struct metric_def *m,
	    const struct dev_data *dev, struct model_metric *o, int *has)
{
	struct model_ctx *ctx = &mo->ctx;
	const struct rule_limits *lim = m->rule >= 0 ?
		&ctx->in->cfg->rules[m->rule] :
		NULL;
	double warn = lim && lim->enabled ? lim->warn : NAN;
	double crit = lim && lim->enabled ? lim->crit : NAN;
	const int64_t *t = dev ? dev->t : ctx->data.t;
	struct series s = { t, ctx->scratch, dev ? dev->dt : ctx->data.dt, 0 };
	struct stats st;
	enum pw_status rc;
	int d = m->decimals;

	*has = 0;
	s.n = metric_series(m, &ctx->data, dev, ctx->scratch);
	if ((rc = stats_compute(&s, warn, crit, 0, ctx->local_hour,
				ctx->local_dow, &st)) ||
	    st.n == 0)
		return rc;
	*has = 1;
	*o = (struct model_metric){ 0 };
	o->id = m->id;
	o->label = m->label;
	o->unit = m->unit;
	o->samples = (double)st.n;
	o->avg = stats_round(st.avg, d);
	o->min = stats_round(st.min, d);
	o->p50 = stats_round(st.p50, d);
	o->p90 = stats_round(st.p90, d);
	o->p95 = stats_round(st.p95, d);
	o->p99 = stats_round(st.p99, d);
	o->max = stats_round(st.max, d);
	stats_time(&o->max_at, ctx->in->tz, st.t_max);
	o->warn = stats_round(warn, 2);
	o->crit = stats_round(crit, 2);
	o->minutes_above_warn = isnan(warn) ?
		NAN :
		stats_round(st.minutes_above_warn, 0);
	o->minutes_above_crit = isnan(crit) ?
		NAN :
		stats_round(st.minutes_above_crit, 0);
	o->busiest_hour = st.busiest_hour < 0 ? NAN : st.busiest_hour;
	o->busiest_day = st.busiest_dow >= 0 ? day_names[st.busiest_dow] : NULL;
	return add_changes(mo, o, m, dev ? dev->name : NULL, st.avg);
}

/* The local hour and weekday of each sample of t, for busiest hour and day. */
static void
local_times_of(struct builder *mo, const int64_t *t, size_t n)
{
	/*
	 * Devices mostly share the host's timestamps, so the last
	 * computation is kept when the times are the same.
	 */
	if (n != mo->local_n ||
	    (n && memcmp(t, mo->local_t, n * sizeof(*t)) != 0)) {
		local_times(&mo->ctx, t, n, mo->ctx.local_hour,
			    mo->ctx.local_dow);
		mo->local_t = t;
		mo->local_n = n;
	}
}

/* The metrics of one section for the host, or for one device. */
static enum pw_status
section_metrics(struct builder *mo, const struct section *sec,
		const struct dev_data *dev, struct model_metric **out,
		size_t *nout)
{
	enum pw_status rc = PW_OK;
	size_t i, n = 0;
	int has;

	local_times_of(mo, dev ? dev->t : mo->ctx.data.t,
		       dev ? dev->n : mo->ctx.data.n);
	for (i = 0; i < metric_ndefs; i++)
		n += strcmp(metric_defs[i].section, sec->id) == 0;
	*nout = 0;
	if (n && !(*out = arena_alloc(&mo->ctx.m->arena, n, sizeof(**out))))
		return PW_ENOMEM;
	for (i = 0; i < metric_ndefs && !rc; i++) {
		const struct metric_def *m = &metric_defs[i];

		if (strcmp(m->section, sec->id) != 0)
			continue;
		rc = metric_fill(mo, m, dev, &(*out)[*nout], &has);
		if (!rc && has)
			(*nout)++;
	}
	return rc;
}

static enum pw_status
device_section(struct builder *mo, const struct section *sec,
	       struct model_section *s)
{
	const struct dataset *data = &mo->ctx.data;
	struct arena *a = &mo->ctx.m->arena;
	enum pw_status rc = PW_OK;
	size_t i, n = 0;

	s->per_device = 1;
	for (i = 0; i < data->ndev; i++)
		n += data->dev[i].kind == metric_dev_kind(sec->scope);
	if (n && !(s->devices = arena_alloc(a, n, sizeof(*s->devices))))
		return PW_ENOMEM;
	for (i = 0; i < data->ndev && !rc; i++) {
		const struct dev_data *dev = &data->dev[i];
		struct model_device *o;

		if (dev->kind != metric_dev_kind(sec->scope))
			continue;
		o = &s->devices[s->ndevices++];
		if (!(o->name = arena_strdup(a, dev->name)) ||
		    (dev->label[0] &&
		     !(o->label = arena_strdup(a, dev->label))))
			return PW_ENOMEM;
		/* the device's series, which move into the model's data */
		o->data = dev;
		rc = section_metrics(mo, sec, dev, &o->metrics, &o->nmetrics);
	}
	return rc;
}

static enum pw_status
resources(struct builder *mo)
{
	struct model *m = mo->ctx.m;
	size_t n = sizeof(sections) / sizeof(sections[0]), i;
	enum pw_status rc = PW_OK;

	if (!(m->resources = arena_alloc(&m->arena, n, sizeof(*m->resources))))
		return PW_ENOMEM;
	for (i = 0; i < n && !rc; i++) {
		const struct section *sec = &sections[i];
		struct model_section *s = &m->resources[m->nresources++];

		s->id = sec->id;
		s->title = sec->title;
		if (sec->scope != MS_HOST)
			rc = device_section(mo, sec, s);
		else
			rc = section_metrics(mo, sec, NULL, &s->metrics,
					     &s->nmetrics);
	}
	return rc;
}

static size_t
longest_series(const struct dataset *d)
{
	size_t n = d->n, i;

	for (i = 0; i < d->ndev; i++)
		if (d->dev[i].n > n)
			n = d->dev[i].n;
	return n;
}

/*
 * Load the period, and the four weeks before it as summaries
 * (model_history.c); allocate scratch space.
 */
static enum pw_status
model_load(struct builder *mo)
{
	const struct model_input *in = mo->ctx.in;
	size_t n, k;
	enum pw_status rc;

	rc = source_series(in->src, in->period.start, in->period.end,
			   SERIES_STEP_S, &mo->ctx.data);
	for (k = 0; k < PREV_WEEKS && !rc; k++) {
		struct period p;

		if ((rc = period_previous(&in->period, (int)k + 1, &p)))
			break;
		rc = model_hist_load(in, p.start, p.end,
				     mo->ctx.data.nominal_interval_s,
				     &mo->prev[k]);
		mo->prev_pct[k] = mo->prev[k].pct;
		snprintf(mo->prev_label[k], sizeof(mo->prev_label[k]), "%s",
			 p.label);
	}
	if (rc)
		return rc;
	n = longest_series(&mo->ctx.data) + 1;
	mo->ctx.scratch = malloc(n * sizeof(*mo->ctx.scratch));
	mo->ctx.local_hour = malloc(n);
	mo->ctx.local_dow = malloc(n);
	if (!mo->ctx.scratch || !mo->ctx.local_hour || !mo->ctx.local_dow)
		return PW_ENOMEM;
	mo->ctx.scratch_n = n;
	return PW_OK;
}

static void
builder_free(struct builder *mo)
{
	int k;

	dataset_free(&mo->ctx.data);
	for (k = 0; k < PREV_WEEKS; k++)
		model_hist_free(&mo->prev[k]);
	free(mo->ctx.scratch);
	free(mo->ctx.local_hour);
	free(mo->ctx.local_dow);
}

/* Coverage, the state of the data, findings and the summary. */
static enum pw_status
status_parts(struct builder *mo)
{
	struct model *m = mo->ctx.m;
	struct data_status ds;
	enum severity worst = SEV_OK;
	enum pw_status rc;

	if ((rc = coverage_build(&mo->ctx, &m->coverage)) ||
	    (rc = model_data_status(&mo->ctx, &m->coverage, &ds)) ||
	    (rc = findings_build(&mo->ctx, &worst)) ||
	    (rc = model_collector_finding(&mo->ctx, &ds)))
		return rc;
	return model_summary(m, worst, &ds);
}

static enum pw_status
build(struct builder *mo)
{
	const struct model_input *in = mo->ctx.in;
	struct model *m = mo->ctx.m;
	const char *note;
	char hnote[800];
	enum pw_status rc;

	if ((rc = model_load(mo)) || (rc = model_header(&mo->ctx)) ||
	    (rc = status_parts(mo)) ||
	    (rc = model_comparison(m, in->cfg->min_coverage_pct, mo->prev_label,
				   mo->prev_pct, PREV_WEEKS)) ||
	    (rc = resources(mo)) ||
	    (rc = capacity_build(&mo->ctx, &m->capacity)) ||
	    (rc = model_incidents(&mo->ctx)) ||
	    (rc = model_health_section(&mo->ctx, in->health, m)) ||
	    (rc = model_notes_add(m, mo->ctx.data.n > 0,
				  mo->ctx.data.from_rollups)) ||
	    (rc = model_status_notes(m, in->cfg)))
		return rc;
	note = model_health_note(in->health, in->cfg->outage_merge_min, hnote,
				 sizeof(hnote));
	if (note)
		rc = model_note(m, note, 1);
	return rc;
}

enum pw_status
model_build(const struct model_input *in, struct model *out)
{
	struct builder mo;
	enum pw_status rc;

	memset(&mo, 0, sizeof(mo));
	memset(out, 0, sizeof(*out));
	mo.ctx.in = in;
	mo.ctx.m = out;
	mo.ctx.health = in->health;
	out->tz = in->tz;
	rc = build(&mo);
	if (!rc) {
		/* The period's data moves into the model, for the charts. */
		out->data = mo.ctx.data;
		memset(&mo.ctx.data, 0, sizeof(mo.ctx.data));
	}
	builder_free(&mo);
	if (rc)
		model_free(out);
	return rc;
}
