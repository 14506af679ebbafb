/*
 * finding.c - one finding as the report model holds it.
 *
 * The rules of findings.c and the health rules of findings_health.c both
 * describe a finding in a struct finding_desc; finding_fill() is the one
 * place that turns it into the model's struct model_finding, so every
 * finding has the same fields (docs/report-json.md).  It judges nothing.
 */
#include "config.h"
#include "findings.h"
#include "findings_int.h"

enum pw_status
finding_fill(struct model_ctx *ctx, const struct finding_desc *d,
	     struct model_finding *out)
{
	struct arena *a = &ctx->m->arena;

	*out = (struct model_finding){ 0 };
	out->rule = config_rule_name(d->rule);
	out->severity = d->sev;
	out->resource = d->resource;
	out->metric = d->metric;
	out->title = d->title;
	out->recommendation = d->recommendation;
	if ((d->device && !(out->device = arena_strdup(a, d->device))) ||
	    !(out->evidence = arena_strdup(a, d->evidence)))
		return PW_ENOMEM;
	stats_time(&out->when.start, ctx->in->tz, d->start);
	stats_time(&out->when.end, ctx->in->tz, d->end);
	out->when.minutes = stats_round(d->minutes, 0);
	return PW_OK;
}
