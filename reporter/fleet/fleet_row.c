/*
 * fleet_row.c - a host's row of the fleet report (fleet.h): from its
 * report model (the adapter of the SQLite path) or from a store's own
 * figures (host_stats.h).
 *
 * The adapter reads the model's statistics where the model has them
 * (CPU busy, memory, load per CPU, disk await: the same nearest-rank
 * figures the host's own report prints) and computes from the model's
 * series what the model does not hold as a number: the mean CPU busy of
 * each day, the mean retransmit rate, and each filesystem's days to full
 * (the findings' forecast: a line over the week, trusted only with
 * [findings] forecast_min_hours of data and R^2 >= forecast_min_r2).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fleet.h"
#include "fleet_int.h"
#include "log.h"
#include "metric.h"
#include "stats.h"

const char *const fleet_status_names[FLEET_STATUSES] = { "CRITICAL", "WARNING",
							 "INCOMPLETE",
							 "NO DATA", "OK" };

void
fleet_rows_init(struct fleet_rows *rows)
{
	memset(rows, 0, sizeof(*rows));
}

void
fleet_rows_free(struct fleet_rows *rows)
{
	free(rows->v);
	arena_free(&rows->arena);
	memset(rows, 0, sizeof(*rows));
}

struct fleet_row *
fleet_row_add(struct fleet_rows *rows, const char *host, const char *source,
	      enum pw_status *rc)
{
	struct fleet_row *r;
	size_t i;

	*rc = PW_OK;
	for (i = 0; i < rows->n; i++)
		if (strcmp(rows->v[i].st.host, host) == 0) {
			log_warn(
				"host '%s' is in '%s' and '%s': the first is used",
				host, rows->v[i].source, source);
			return NULL;
		}
	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 64;
		struct fleet_row *v = realloc(rows->v, cap * sizeof(*v));

		if (!v) {
			*rc = PW_ENOMEM;
			return NULL;
		}
		rows->v = v;
		rows->cap = cap;
	}
	r = &rows->v[rows->n];
	memset(r, 0, sizeof(*r));
	snprintf(r->st.host, sizeof(r->st.host), "%s", host);
	if (!(r->source = arena_strdup(&rows->arena, source))) {
		*rc = PW_ENOMEM;
		return NULL;
	}
	rows->n++;
	return r;
}

static const struct model_metric *
find_metric(const struct model_metric *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].id && strcmp(v[i].id, id) == 0)
			return &v[i];
	return NULL;
}

static const struct model_section *
find_section(const struct model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->nresources; i++)
		if (m->resources[i].id && strcmp(m->resources[i].id, id) == 0)
			return &m->resources[i];
	return NULL;
}

/* The host metric section.id's statistics, or NULL. */
static const struct model_metric *
host_metric(const struct model *m, const char *section, const char *id)
{
	const struct model_section *s = find_section(m, section);

	return s ? find_metric(s->metrics, s->nmetrics, id) : NULL;
}

/* The highest p95 of metric id among the devices of section. */
static double
worst_device_p95(const struct model *m, const char *section, const char *id)
{
	const struct model_section *s = find_section(m, section);
	double worst = NAN;
	size_t i;

	for (i = 0; s && i < s->ndevices; i++) {
		const struct model_metric *mm = find_metric(
			s->devices[i].metrics, s->devices[i].nmetrics, id);

		if (mm && !isnan(mm->p95) && !(mm->p95 <= worst))
			worst = mm->p95;
	}
	return worst;
}

/* The last value of column v (n samples) that is a number. */
static double
last_of(const double *v, size_t n)
{
	while (v && n-- > 0)
		if (!isnan(v[n]))
			return v[n];
	return NAN;
}

static double
mean_of(const double *v, size_t n)
{
	double sum = 0;
	size_t i, k = 0;

	for (i = 0; v && i < n; i++)
		if (!isnan(v[i])) {
			sum += v[i];
			k++;
		}
	return k ? sum / (double)k : NAN;
}

/* The mean CPU busy of each 24 hours from the period's start. */
static enum pw_status
busy_by_day(const struct model *m, struct source_host_stats *st)
{
	const struct dataset *d = &m->data;
	const struct metric_def *def = metric_find("cpu_busy_pct");
	double sum[STATS_DAYS] = { 0 }, *busy;
	size_t cnt[STATS_DAYS] = { 0 }, i, n;
	int k;

	for (k = 0; k < STATS_DAYS; k++)
		st->cpu_busy_day[k] = NAN;
	if (!def || d->n == 0)
		return PW_OK;
	if (!(busy = malloc(d->n * sizeof(*busy))))
		return PW_ENOMEM;
	n = metric_series(def, d, NULL, busy);
	for (i = 0; i < n; i++) {
		int64_t day = (d->t[i] - m->period.start.ts) / 86400;

		if (isnan(busy[i]) || day < 0)
			continue;
		if (day >= STATS_DAYS)
			day = STATS_DAYS - 1; /* a 25-hour last day */
		sum[day] += busy[i];
		cnt[day]++;
	}
	for (k = 0; k < STATS_DAYS; k++)
		if (cnt[k])
			st->cpu_busy_day[k] = stats_round(sum[k] / cnt[k], 1);
	free(busy);
	return PW_OK;
}

/* Days until a filesystem's used % reaches 100, or NAN (not trusted). */
static double
days_to_full(const struct config *cfg, const struct dev_data *dev)
{
	const double *v = dev->v[filesystem_used_pct];
	double slope, now, r2, days, span_h;
	size_t i, first = dev->n, last = 0;

	for (i = 0; v && i < dev->n; i++)
		if (!isnan(v[i])) {
			if (first == dev->n)
				first = i;
			last = i;
		}
	if (first == dev->n ||
	    stats_regress(dev->t, v, dev->n, &slope, &now, &r2) != PW_OK)
		return NAN;
	span_h = (double)(dev->t[last] - dev->t[first]) / 3600;
	days = stats_days_to_reach(slope, now, 100);
	if (!isfinite(days) || days < 0 || span_h < cfg->forecast_min_hours ||
	    !(r2 >= cfg->forecast_min_r2))
		return NAN;
	return days;
}

/* The filesystem closest to full: the soonest forecast, else the fullest. */
static void
filesystems(const struct model *m, const struct config *cfg,
	    struct source_host_stats *st)
{
	const struct dataset *d = &m->data;
	double best_days = NAN, best_used = NAN;
	size_t i;

	st->fs_used_pct_max = st->fs_days_to_full = NAN;
	for (i = 0; i < d->ndev; i++) {
		const struct dev_data *dev = &d->dev[i];
		double days, used = NAN;
		size_t k;

		if (dev->kind != DEV_FS || !dev->v[filesystem_used_pct])
			continue;
		for (k = 0; k < dev->n; k++)
			if (!isnan(dev->v[filesystem_used_pct][k]) &&
			    !(dev->v[filesystem_used_pct][k] <= used))
				used = dev->v[filesystem_used_pct][k];
		days = days_to_full(cfg, dev);
		if ((!isnan(days) && !(days >= best_days)) ||
		    (isnan(days) && isnan(best_days) && !(used <= best_used))) {
			best_days = days;
			best_used = used;
			snprintf(st->fs_fullest, sizeof(st->fs_fullest), "%s",
				 dev->name);
		}
	}
	st->fs_used_pct_max = stats_round(best_used, 1);
	st->fs_days_to_full = stats_round(best_days, 1);
}

/*
 * The open incidents whose configuration item (cmdb_ci) is the host, in
 * its stored fetch; NAN when ServiceNow is not set or the fetch failed.
 * The model lists at most [servicenow] list_max open incidents.
 */
static double
open_incidents(const struct model *m)
{
	const struct model_incidents *inc = &m->incidents;
	double n = 0;
	size_t i;

	if (!inc->status || strcmp(inc->status, "ok") != 0)
		return NAN;
	for (i = 0; i < inc->nopen; i++)
		if (inc->open[i].cmdb_ci &&
		    strcasecmp(inc->open[i].cmdb_ci, m->host) == 0)
			n++;
	return n;
}

/* The figures of st from m's statistics and series. */
static enum pw_status
stats_of_model(const struct model *m, const struct config *cfg,
	       struct source_host_stats *st)
{
	const struct model_metric *busy = host_metric(m, "cpu", "cpu_busy_pct");
	const struct model_metric *mem = host_metric(m, "memory",
						     "mem_used_pct");
	const struct model_metric *load = host_metric(m, "cpu", "load_per_cpu");
	const struct dataset *d = &m->data;

	st->cpu_count = last_of(d->v[HM_cpu_count], d->n);
	st->mem_total_bytes = last_of(d->v[HM_mem_total_bytes], d->n);
	st->cpu_busy_avg = busy ? busy->avg : NAN;
	st->cpu_busy_p95 = busy ? busy->p95 : NAN;
	st->cpu_busy_max = busy ? busy->max : NAN;
	st->mem_used_avg = mem ? mem->avg : NAN;
	st->mem_used_p95 = mem ? mem->p95 : NAN;
	st->mem_used_max = mem ? mem->max : NAN;
	st->load1_per_cpu_p95 = load ? load->p95 : NAN;
	st->disk_await_ms_p95 = worst_device_p95(m, "disk", "disk.await_ms");
	st->tcp_retrans_per_s_avg = stats_round(
		mean_of(d->v[HM_tcp_retrans_segs_per_s], d->n), 2);
	st->coverage_pct = m->coverage.pct;
	st->first_sample = d->n ? d->t[0] : 0;
	st->last_sample = m->coverage.last_snapshot.ts;
	st->store_quantiles = 0;
	filesystems(m, cfg, st);
	return busy_by_day(m, st);
}

enum pw_status
fleet_row_of_model(struct fleet_rows *rows, const struct model *m,
		   const char *source, const struct config *cfg)
{
	struct arena *a = &rows->arena;
	struct fleet_row *r;
	enum pw_status rc;

	if (!(r = fleet_row_add(rows, m->host, source, &rc)))
		return rc;
	r->status = arena_strdup(
		a, m->summary.status ? m->summary.status : "NO DATA");
	r->reason = m->summary.status_reason ?
		arena_strdup(a, m->summary.status_reason) :
		NULL;
	r->critical = m->summary.critical;
	r->warning = m->summary.warning;
	r->open_incidents = open_incidents(m);
	r->incidents_cut = !isnan(r->open_incidents) &&
		m->incidents.open_more > 0;
	r->worst = m->nfindings ? m->findings[0].severity : SEV_OK;
	if (m->nfindings) {
		const struct model_finding *f = &m->findings[0];

		r->top_title = arena_strdup(a, f->title ? f->title : "");
		r->top_severity = model_severity_name(f->severity);
		r->top_resource = f->resource ? arena_strdup(a, f->resource) :
						NULL;
		r->top_device = f->device ? arena_strdup(a, f->device) : NULL;
	}
	if (!r->status || (m->summary.status_reason && !r->reason))
		return PW_ENOMEM;
	return stats_of_model(m, cfg, &r->st);
}
