/*
 * model_health.c - the model's health section, out of struct
 * health_week (health_load.c), and the summary's health availability.
 *
 * The shape is fixed (docs/report-json.md): status, slo_pct, and per
 * check its week and its live result.  Everything except live is the
 * stored data's, so --offline reproduces the section byte for byte.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_parts.h"

const char *
model_cert_status(const struct model_ctx *ctx, double days)
{
	const struct rule_limits *lim =
		&ctx->in->cfg->rules[RULE_cert_days_left];

	if (isnan(days))
		return NULL;
	if (days < lim->crit)
		return "CRITICAL";
	if (days < lim->warn)
		return "WARNING";
	return "OK";
}

static enum pw_status
add_outages(const struct model_ctx *ctx, const struct health_stat *c,
	    struct model_check *o)
{
	size_t i;

	o->noutages = 0;
	if (c->noutages &&
	    !(o->outages = arena_alloc(&ctx->m->arena, c->noutages,
				       sizeof(*o->outages))))
		return PW_ENOMEM;
	for (i = 0; i < c->noutages; i++) {
		const struct health_outage *out = &c->outages[i];
		struct model_outage *w = &o->outages[o->noutages++];

		stats_time(&w->w.start, ctx->in->tz, out->start);
		stats_time(&w->w.end, ctx->in->tz, out->end);
		w->w.minutes = stats_round((double)(out->end - out->start) / 60,
					   1);
		w->ongoing = out->ongoing;
	}
	return PW_OK;
}

static enum pw_status
add_live(const struct model_ctx *ctx, const struct health_stat *c,
	 struct model_check *o)
{
	const struct probe_result *r = &c->live;

	o->has_live = c->has_live;
	if (!c->has_live)
		return PW_OK;
	o->live.ok = r->ok;
	o->live.status = r->http_status > 0 ? (double)r->http_status : NAN;
	o->live.total_ms = stats_round(r->total_ms, 1);
	o->live.error = NULL;
	if (!r->ok && !(o->live.error = arena_strdup(&ctx->m->arena, r->error)))
		return PW_ENOMEM;
	return PW_OK;
}

static enum pw_status
check_fill(const struct model_ctx *ctx, const struct health_stat *c,
	   struct model_check *o)
{
	struct arena *a = &ctx->m->arena;
	enum pw_status rc;

	if (!(o->name = arena_strdup(a, c->name)) ||
	    !(o->url = arena_strdup(a, c->url)))
		return PW_ENOMEM;
	o->samples = stats_round((double)c->samples, 0);
	o->failures = stats_round((double)c->failures, 0);
	o->slo_pct = stats_round(c->slo_pct, 4);
	o->availability_pct = stats_round(c->availability_pct, 3);
	o->error_budget_spent_pct = stats_round(c->budget_spent_pct, 1);
	o->latency_p50_ms = stats_round(c->p50_ms, 1);
	o->latency_p95_ms = stats_round(c->p95_ms, 1);
	o->latency_p99_ms = stats_round(c->p99_ms, 1);
	o->phase_dns_ms = stats_round(c->phase_p50_ms[HP_DNS], 1);
	o->phase_connect_ms = stats_round(c->phase_p50_ms[HP_CONNECT], 1);
	o->phase_tls_ms = stats_round(c->phase_p50_ms[HP_TLS], 1);
	o->phase_first_byte_ms = stats_round(c->phase_p50_ms[HP_FIRST_BYTE], 1);
	o->phase_total_ms = stats_round(c->phase_p50_ms[HP_TOTAL], 1);
	if ((rc = add_outages(ctx, c, o)))
		return rc;
	o->cert_days_left = stats_round(c->cert_days_left, 1);
	stats_time(&o->cert_expires, ctx->in->tz, c->cert_expires);
	o->cert_status = model_cert_status(ctx, c->cert_days_left);
	return add_live(ctx, c, o);
}

const char *
model_health_note(const struct health_week *hw, int merge_min, char *buf,
		  size_t n)
{
	char merged[120] = "";
	int w;

	if (hw->samples == 0)
		return NULL;
	if (merge_min > 0)
		snprintf(merged, sizeof(merged),
			 ", and outages less than %d min apart are one "
			 "([health] outage_merge_min)",
			 merge_min);
	w = snprintf(
		buf, n,
		"Health URLs: availability is the share of probes that "
		"succeeded, and the error budget spent is the failed share over "
		"100 %% minus the SLO; latency percentiles and phase medians are "
		"over the successful probes only; an outage runs from the first "
		"failed probe to the first successful one after it%s; "
		"certificate days are counted from the end of the period.",
		merged);
	return w > 0 && (size_t)w < n ? buf : NULL;
}

enum pw_status
model_health_section(const struct model_ctx *ctx, const struct health_week *hw,
		     struct model *m)
{
	struct model_health *h = &m->health;
	double avail = hw->samples ?
		100.0 * (double)(hw->samples - hw->failures) /
			(double)hw->samples :
		NAN;
	enum pw_status rc = PW_OK;
	size_t i;

	h->status = hw->configured || hw->n ? "ok" : "not_configured";
	h->slo_pct = stats_round(ctx->in->cfg->probe_slo_pct, 4);
	h->samples = stats_round((double)hw->samples, 0);
	h->failures = stats_round((double)hw->failures, 0);
	h->availability_pct = stats_round(avail, 3);
	h->nchecks = 0;
	if (hw->n &&
	    !(h->checks = arena_alloc(&m->arena, hw->n, sizeof(*h->checks))))
		return PW_ENOMEM;
	for (i = 0; i < hw->n && !rc; i++)
		rc = check_fill(ctx, &hw->checks[i], &h->checks[h->nchecks++]);
	m->summary.health_availability_pct = h->availability_pct;
	return rc;
}
