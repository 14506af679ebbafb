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
#include "db.h"
#include "findings.h"
#include "health.h"
#include "metric.h"
#include "model_parts.h"
#include "model_status.h"
#include "report.h"

#define PREV_WEEKS 4

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

/* The builder's state beyond struct report_ctx: previous weeks. */
struct builder {
	struct report_ctx ctx;
	struct dataset prev[PREV_WEEKS];
	double prev_pct[PREV_WEEKS]; /* their coverage */
	char prev_label[PREV_WEEKS][PERIOD_LABEL_MAX];
	double *prev_scratch;
	const int64_t *local_t; /* times local_hour/local_dow describe */
	size_t local_n;
};

/* Local hour and weekday of every timestamp of t. */
static void
local_times(const struct report_ctx *ctx, const int64_t *t, size_t n,
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
	const struct dataset *d = &mo->prev[k];
	const struct dev_data *dev = NULL;
	struct series s = { d->t, mo->prev_scratch, d->dt, 0 };
	struct stats st;
	size_t i;

	if (m->scope != MS_HOST) {
		for (i = 0; i < d->ndev && !dev; i++)
			if (d->dev[i].kind == metric_dev_kind(m->scope) &&
			    strcmp(d->dev[i].name, dev_name) == 0)
				dev = &d->dev[i];
		if (!dev)
			return NAN;
		s.t = dev->t;
		s.dt = dev->dt;
	}
	s.n = metric_series(m, d, dev, mo->prev_scratch);
	if (s.n == 0 || stats_compute(&s, NAN, NAN, 0, NULL, NULL, &st))
		return NAN;
	return st.n ? st.avg : NAN;
}

/*
 * The change of avg against last week and against the mean of the four
 * weeks before, each from earlier weeks covered at least min_coverage_pct
 * only; null with a reason otherwise.
 */
static enum pw_status
add_changes(struct builder *mo, cJSON *o, const struct metric_def *m,
	    const char *dev_name, double avg)
{
	double min = mo->ctx.in->cfg->min_coverage_pct;
	double prev = NAN, sum = 0, a, c = NAN, c4 = NAN;
	char why[96] = "", why4[96] = "";
	int k, n = 0, covered = 0;
	enum pw_status rc;

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
	if ((rc = report_add_num(o, "prev_avg", prev, m->decimals)) ||
	    (rc = report_add_num(o, "change_pct", c, 1)) ||
	    (rc = report_add_num(o, "change_4w_pct", c4, 1)) ||
	    (rc = report_add_num(o, "change_4w_weeks", n, 0)))
		return rc;
	if (!(why[0] ? cJSON_AddStringToObject(o, "change_reason", why) :
		       cJSON_AddNullToObject(o, "change_reason")) ||
	    !(why4[0] ? cJSON_AddStringToObject(o, "change_4w_reason", why4) :
			cJSON_AddNullToObject(o, "change_4w_reason")))
		return PW_ENOMEM;
	return PW_OK;
}

/* The statistics of one metric; *out NULL when the metric has no data. */
static enum pw_status
metric_obj(struct builder *mo, const struct metric_def *m,
	   const struct dev_data *dev, cJSON **out)
{
	struct report_ctx *ctx = &mo->ctx;
	const struct rule_limits *lim = m->rule >= 0 ?
		&ctx->in->cfg->rules[m->rule] :
		NULL;
	double warn = lim && lim->enabled ? lim->warn : NAN;
	double crit = lim && lim->enabled ? lim->crit : NAN;
	const int64_t *t = dev ? dev->t : ctx->data.t;
	struct series s = { t, ctx->scratch, dev ? dev->dt : ctx->data.dt, 0 };
	struct stats st;
	cJSON *o;
	enum pw_status rc;
	int d = m->decimals;

	*out = NULL;
	s.n = metric_series(m, &ctx->data, dev, ctx->scratch);
	if ((rc = stats_compute(&s, warn, crit, 0, ctx->local_hour,
				ctx->local_dow, &st)) ||
	    st.n == 0)
		return rc;
	if (!(o = cJSON_CreateObject()))
		return PW_ENOMEM;
	if (!cJSON_AddStringToObject(o, "id", m->id) ||
	    !cJSON_AddStringToObject(o, "label", m->label) ||
	    !cJSON_AddStringToObject(o, "unit", m->unit))
		rc = PW_ENOMEM;
	if (!rc && (!(rc = report_add_num(o, "samples", (double)st.n, 0))) &&
	    !(rc = report_add_num(o, "avg", st.avg, d)) &&
	    !(rc = report_add_num(o, "min", st.min, d)) &&
	    !(rc = report_add_num(o, "p50", st.p50, d)) &&
	    !(rc = report_add_num(o, "p90", st.p90, d)) &&
	    !(rc = report_add_num(o, "p95", st.p95, d)) &&
	    !(rc = report_add_num(o, "p99", st.p99, d)) &&
	    !(rc = report_add_num(o, "max", st.max, d)) &&
	    !(rc = report_add_time(ctx, o, "max_at", st.t_max)) &&
	    !(rc = report_add_num(o, "warn", warn, 2)) &&
	    !(rc = report_add_num(o, "crit", crit, 2)) &&
	    !(rc = report_add_num(o, "minutes_above_warn",
				  isnan(warn) ? NAN : st.minutes_above_warn,
				  0)) &&
	    !(rc = report_add_num(o, "minutes_above_crit",
				  isnan(crit) ? NAN : st.minutes_above_crit,
				  0)) &&
	    !(rc = report_add_num(o, "busiest_hour",
				  st.busiest_hour < 0 ? NAN : st.busiest_hour,
				  0)))
		rc = cJSON_AddStringToObject(o, "busiest_day",
					     st.busiest_dow >= 0 ?
						     day_names[st.busiest_dow] :
						     "") ?
			PW_OK :
			PW_ENOMEM;
	if (!rc)
		rc = add_changes(mo, o, m, dev ? dev->name : NULL, st.avg);
	if (rc) {
		cJSON_Delete(o);
		return rc;
	}
	*out = o;
	return PW_OK;
}

/* The metrics of one section for the host, or for one device. */
static enum pw_status
section_metrics(struct builder *mo, const struct section *sec,
		const struct dev_data *dev, cJSON *arr)
{
	enum pw_status rc = PW_OK;
	size_t i;

	/*
	 * The local hour and weekday of each sample, for busiest hour and
	 * day; devices mostly share the host's timestamps, so the last
	 * computation is kept when the times are the same.
	 */
	{
		const int64_t *t = dev ? dev->t : mo->ctx.data.t;
		size_t n = dev ? dev->n : mo->ctx.data.n;

		if (n != mo->local_n ||
		    (n && memcmp(t, mo->local_t, n * sizeof(*t)) != 0)) {
			local_times(&mo->ctx, t, n, mo->ctx.local_hour,
				    mo->ctx.local_dow);
			mo->local_t = t;
			mo->local_n = n;
		}
	}
	for (i = 0; i < metric_ndefs && !rc; i++) {
		const struct metric_def *m = &metric_defs[i];
		cJSON *o;

		if (strcmp(m->section, sec->id) != 0)
			continue;
		rc = metric_obj(mo, m, dev, &o);
		if (!rc && o)
			cJSON_AddItemToArray(arr, o);
	}
	return rc;
}

static enum pw_status
device_section(struct builder *mo, const struct section *sec, cJSON *s)
{
	cJSON *devs = cJSON_AddArrayToObject(s, "devices");
	enum pw_status rc = PW_OK;
	size_t i;

	if (!devs)
		return PW_ENOMEM;
	for (i = 0; i < mo->ctx.data.ndev && !rc; i++) {
		const struct dev_data *dev = &mo->ctx.data.dev[i];
		cJSON *o, *metrics;

		if (dev->kind != metric_dev_kind(sec->scope))
			continue;
		if (!(o = cJSON_CreateObject()))
			return PW_ENOMEM;
		cJSON_AddItemToArray(devs, o);
		if (!cJSON_AddStringToObject(o, "name", dev->name) ||
		    !(dev->label[0] ?
			      cJSON_AddStringToObject(o, "label", dev->label) :
			      cJSON_AddNullToObject(o, "label")) ||
		    !(metrics = cJSON_AddArrayToObject(o, "metrics")))
			return PW_ENOMEM;
		rc = section_metrics(mo, sec, dev, metrics);
	}
	return rc;
}

static enum pw_status
resources(struct builder *mo, cJSON *arr)
{
	enum pw_status rc = PW_OK;
	size_t i;

	for (i = 0; i < sizeof(sections) / sizeof(sections[0]) && !rc; i++) {
		const struct section *sec = &sections[i];
		cJSON *s = cJSON_CreateObject(), *metrics;

		if (!s)
			return PW_ENOMEM;
		cJSON_AddItemToArray(arr, s);
		if (!cJSON_AddStringToObject(s, "id", sec->id) ||
		    !cJSON_AddStringToObject(s, "title", sec->title))
			return PW_ENOMEM;
		if (sec->scope != MS_HOST) {
			rc = device_section(mo, sec, s);
			continue;
		}
		if (!(metrics = cJSON_AddArrayToObject(s, "metrics")))
			return PW_ENOMEM;
		rc = section_metrics(mo, sec, NULL, metrics);
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

/* Load the period and the four weeks before it; allocate scratch space. */
static enum pw_status
model_load(struct builder *mo)
{
	const struct report_input *in = mo->ctx.in;
	size_t n, nprev = 1, k;
	enum pw_status rc;

	rc = load_dataset(in->db, in->host_id, in->period.start, in->period.end,
			  &mo->ctx.data);
	for (k = 0; k < PREV_WEEKS && !rc; k++) {
		struct period p;

		if ((rc = period_previous(&in->period, (int)k + 1, &p)))
			break;
		rc = load_dataset(in->db, in->host_id, p.start, p.end,
				  &mo->prev[k]);
		mo->prev_pct[k] = model_past_coverage_pct(
			in->cfg, &mo->prev[k], p.start, p.end,
			mo->ctx.data.nominal_interval_s);
		snprintf(mo->prev_label[k], sizeof(mo->prev_label[k]), "%s",
			 p.label);
		if (!rc && longest_series(&mo->prev[k]) > nprev)
			nprev = longest_series(&mo->prev[k]);
	}
	if (rc)
		return rc;
	n = longest_series(&mo->ctx.data) + 1;
	mo->ctx.scratch = malloc(n * sizeof(*mo->ctx.scratch));
	mo->ctx.local_hour = malloc(n);
	mo->ctx.local_dow = malloc(n);
	mo->prev_scratch = malloc(nprev * sizeof(*mo->prev_scratch));
	if (!mo->ctx.scratch || !mo->ctx.local_hour || !mo->ctx.local_dow ||
	    !mo->prev_scratch)
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
		dataset_free(&mo->prev[k]);
	free(mo->ctx.scratch);
	free(mo->ctx.local_hour);
	free(mo->ctx.local_dow);
	free(mo->prev_scratch);
}

enum pw_status
report_build(const struct report_input *in, cJSON **out, struct dataset *data)
{
	struct builder mo;
	struct data_status ds;
	cJSON *root = cJSON_CreateObject(), *cov, *res, *fnd = NULL, *cap;
	enum severity worst = SEV_OK;
	enum pw_status rc;

	memset(&mo, 0, sizeof(mo));
	mo.ctx.in = in;
	mo.ctx.health = in->health;
	if (!root)
		return PW_ENOMEM;
	rc = model_load(&mo);
	if (!rc)
		rc = model_header(&mo.ctx, root);
	if (!rc &&
	    (!(cov = cJSON_AddObjectToObject(root, "coverage")) ||
	     !(fnd = cJSON_CreateArray())))
		rc = PW_ENOMEM;
	if (!rc)
		rc = coverage_build(&mo.ctx, cov);
	if (!rc)
		rc = model_data_status(&mo.ctx, cov, &ds);
	if (!rc)
		rc = findings_build(&mo.ctx, fnd, &worst);
	if (!rc)
		rc = model_collector_finding(&mo.ctx, &ds, fnd);
	if (!rc)
		rc = model_summary(root, fnd, worst, &ds);
	if (!rc)
		cJSON_AddItemToObject(root, "findings", fnd);
	else if (fnd)
		cJSON_Delete(fnd);
	if (!rc)
		rc = model_comparison(root, in->cfg->min_coverage_pct,
				      mo.prev_label, mo.prev_pct, PREV_WEEKS);
	if (!rc && !(res = cJSON_AddArrayToObject(root, "resources")))
		rc = PW_ENOMEM;
	if (!rc)
		rc = resources(&mo, res);
	if (!rc && !(cap = cJSON_AddObjectToObject(root, "capacity")))
		rc = PW_ENOMEM;
	if (!rc)
		rc = capacity_build(&mo.ctx, cap);
	if (!rc)
		rc = model_incidents(&mo.ctx, root);
	if (!rc)
		rc = health_section(&mo.ctx, in->health, root);
	if (!rc)
		rc = model_notes_add(root, mo.ctx.data.n > 0,
				     mo.ctx.data.from_rollups);
	if (!rc)
		rc = model_status_notes(root, in->cfg);
	if (!rc)
		rc = health_note(in->health, root);
	if (!rc && data) {
		/* The period's data moves to the caller, for the charts. */
		*data = mo.ctx.data;
		memset(&mo.ctx.data, 0, sizeof(mo.ctx.data));
	}
	builder_free(&mo);
	if (rc) {
		cJSON_Delete(root);
		return rc;
	}
	*out = root;
	return PW_OK;
}
