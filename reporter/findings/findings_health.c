/*
 * findings_health.c - the findings about health checks: an error budget
 * spent (failing URLs), a slow p95 (slow URLs) and a certificate about to
 * expire.  Thresholds come from [findings] health_budget,
 * health_latency_ms and cert_days_left; each finding names its check as
 * the device.  Reads ctx->health only.
 */
#include <math.h>
#include <stdio.h>

#include "findings_int.h"
#include "health.h"

#define HEALTH_RULES 3

size_t
findings_health_max(const struct model_ctx *ctx)
{
	return ctx->health ? HEALTH_RULES * ctx->health->n : 0;
}

/* warn/crit severity of v, upwards (v >= warn) or downwards (v < warn). */
static enum severity
judge(const struct rule_limits *lim, double v, int below)
{
	if (!lim->enabled || isnan(v))
		return SEV_OK;
	if (below)
		return v < lim->crit  ? SEV_CRITICAL :
			v < lim->warn ? SEV_WARNING :
					SEV_OK;
	return v >= lim->crit  ? SEV_CRITICAL :
		v >= lim->warn ? SEV_WARNING :
				 SEV_OK;
}

static enum pw_status
add(struct model_ctx *ctx, struct finding_desc *d, struct found *found,
    size_t *nfound)
{
	enum pw_status rc;

	if (d->sev == SEV_OK)
		return PW_OK;
	if ((rc = finding_fill(ctx, d, &found[*nfound].f)))
		return rc;
	found[*nfound].sev = d->sev;
	found[*nfound].order = *nfound;
	(*nfound)++;
	return PW_OK;
}

/* The longest outage of c: the worst window of its failures. */
static const struct health_outage *
longest_outage(const struct health_stat *c)
{
	const struct health_outage *best = NULL;
	size_t i;

	for (i = 0; i < c->noutages; i++)
		if (!best ||
		    c->outages[i].end - c->outages[i].start >
			    best->end - best->start)
			best = &c->outages[i];
	return best;
}

/* A certificate that expires within [findings] cert_days_left. */
static enum pw_status
cert_finding(struct model_ctx *ctx, const struct health_stat *c,
	     struct found *found, size_t *nfound)
{
	const struct rule_limits *rules = ctx->in->cfg->rules;
	struct finding_desc d;
	char ev[CONFIG_URL_MAX + 512];

	d = (struct finding_desc){
		RULE_cert_days_left,
		judge(&rules[RULE_cert_days_left], c->cert_days_left, 1),
		"health",
		c->name,
		"cert_days_left",
		"Certificate expiring",
		ev,
		"Renew the certificate and deploy it before it expires; then "
		"check that the renewal is automatic.",
		c->cert_expires,
		c->cert_expires,
		0
	};
	snprintf(
		ev, sizeof(ev),
		"the certificate of %s expires %.1f days after the end of the period",
		c->url, c->cert_days_left);
	return add(ctx, &d, found, nfound);
}

static enum pw_status
check_findings(struct model_ctx *ctx, const struct health_stat *c,
	       struct found *found, size_t *nfound)
{
	const struct rule_limits *rules = ctx->in->cfg->rules;
	const struct health_outage *worst = longest_outage(c);
	struct finding_desc d;
	char ev[CONFIG_URL_MAX + 512];
	enum pw_status rc;

	d = (struct finding_desc){
		RULE_health_budget,
		judge(&rules[RULE_health_budget], c->budget_spent_pct, 0),
		"health",
		c->name,
		"error_budget_spent_pct",
		"Health check failing",
		ev,
		"Users could not reach this URL as often as the SLO promises: "
		"see the outage windows, and the server's logs at those times.",
		worst ? worst->start : c->first_ts,
		worst ? worst->end : c->last_ts,
		worst ? (double)(worst->end - worst->start) / 60 : 0
	};
	snprintf(
		ev, sizeof(ev),
		"%zu of %zu probes of %s failed: availability %.3f %% against an SLO of %g %%, %.0f %% of the error budget spent",
		c->failures, c->samples, c->url, c->availability_pct,
		c->slo_pct, c->budget_spent_pct);
	if ((rc = add(ctx, &d, found, nfound)))
		return rc;
	d = (struct finding_desc){
		RULE_health_latency_ms,
		judge(&rules[RULE_health_latency_ms], c->p95_ms, 0),
		"health",
		c->name,
		"latency_p95_ms",
		"Health check slow",
		ev,
		"The phase split shows where the time goes: DNS, connect and TLS "
		"point at the network, first byte at the server.",
		c->first_ts,
		c->last_ts,
		0
	};
	snprintf(ev, sizeof(ev),
		 "%s answered in %.1f ms at p95 (p50 %.1f ms, p99 %.1f ms)",
		 c->url, c->p95_ms, c->p50_ms, c->p99_ms);
	if ((rc = add(ctx, &d, found, nfound)))
		return rc;
	return cert_finding(ctx, c, found, nfound);
}

enum pw_status
findings_health(struct model_ctx *ctx, struct found *found, size_t *nfound)
{
	enum pw_status rc = PW_OK;
	size_t i;

	for (i = 0; ctx->health && i < ctx->health->n && !rc; i++)
		if (ctx->health->checks[i].samples > 0)
			rc = check_findings(ctx, &ctx->health->checks[i], found,
					    nfound);
	return rc;
}
