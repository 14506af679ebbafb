/*
 * model_health.c - the model's "health" section, out of struct
 * health_week (health_load.c), and the summary's health availability.
 *
 * The shape is fixed (docs/report-json.md): status, slo_pct, and per
 * check its week and its live result.  Everything except "live" is the
 * stored data's, so --offline reproduces the section byte for byte.
 */
#include <math.h>
#include <string.h>

#include "health.h"

static const char *const phase_keys[HP_COUNT] = { "dns", "connect", "tls",
						  "first_byte", "total" };

const char *
health_cert_status(const struct report_ctx *ctx, double days)
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
add_outages(const struct report_ctx *ctx, const struct health_stat *c, cJSON *o)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "outages"), *w;
	enum pw_status rc = PW_OK;
	size_t i;

	if (!arr)
		return PW_ENOMEM;
	for (i = 0; i < c->noutages && !rc; i++) {
		const struct health_outage *out = &c->outages[i];

		if (!(w = cJSON_CreateObject()))
			return PW_ENOMEM;
		cJSON_AddItemToArray(arr, w);
		if ((rc = report_add_time(ctx, w, "start", out->start)) ||
		    (rc = report_add_time(ctx, w, "end", out->end)) ||
		    (rc = report_add_num(w, "minutes",
					 (double)(out->end - out->start) / 60,
					 1)))
			break;
		if (!cJSON_AddBoolToObject(w, "ongoing", out->ongoing))
			rc = PW_ENOMEM;
	}
	return rc;
}

static enum pw_status
add_live(const struct health_stat *c, cJSON *o)
{
	const struct probe_result *r = &c->live;
	cJSON *l;
	enum pw_status rc;

	if (!c->has_live)
		return cJSON_AddNullToObject(o, "live") ? PW_OK : PW_ENOMEM;
	if (!(l = cJSON_AddObjectToObject(o, "live")) ||
	    !cJSON_AddBoolToObject(l, "ok", r->ok))
		return PW_ENOMEM;
	if ((rc = report_add_num(
		     l, "status",
		     r->http_status > 0 ? (double)r->http_status : NAN, 0)) ||
	    (rc = report_add_num(l, "total_ms", r->total_ms, 1)))
		return rc;
	if (!(r->ok ? cJSON_AddNullToObject(l, "error") :
		      cJSON_AddStringToObject(l, "error", r->error)))
		return PW_ENOMEM;
	return PW_OK;
}

static enum pw_status
check_obj(const struct report_ctx *ctx, const struct health_stat *c, cJSON *o)
{
	const char *cs = health_cert_status(ctx, c->cert_days_left);
	cJSON *lat, *ph;
	enum pw_status rc;
	int j;

	if (!cJSON_AddStringToObject(o, "name", c->name) ||
	    !cJSON_AddStringToObject(o, "url", c->url))
		return PW_ENOMEM;
	if ((rc = report_add_num(o, "samples", (double)c->samples, 0)) ||
	    (rc = report_add_num(o, "failures", (double)c->failures, 0)) ||
	    (rc = report_add_num(o, "slo_pct", c->slo_pct, 4)) ||
	    (rc = report_add_num(o, "availability_pct", c->availability_pct,
				 3)) ||
	    (rc = report_add_num(o, "error_budget_spent_pct",
				 c->budget_spent_pct, 1)))
		return rc;
	if (!(lat = cJSON_AddObjectToObject(o, "latency_ms")) ||
	    !(ph = cJSON_AddObjectToObject(o, "phases_ms")))
		return PW_ENOMEM;
	if ((rc = report_add_num(lat, "p50", c->p50_ms, 1)) ||
	    (rc = report_add_num(lat, "p95", c->p95_ms, 1)) ||
	    (rc = report_add_num(lat, "p99", c->p99_ms, 1)))
		return rc;
	for (j = 0; j < HP_COUNT; j++)
		if ((rc = report_add_num(ph, phase_keys[j], c->phase_p50_ms[j],
					 1)))
			return rc;
	if ((rc = add_outages(ctx, c, o)) ||
	    (rc = report_add_num(o, "cert_days_left", c->cert_days_left, 1)) ||
	    (rc = report_add_time(ctx, o, "cert_expires", c->cert_expires)))
		return rc;
	if (!(cs ? cJSON_AddStringToObject(o, "cert_status", cs) :
		   cJSON_AddNullToObject(o, "cert_status")))
		return PW_ENOMEM;
	return add_live(c, o);
}

enum pw_status
health_note(const struct health_week *hw, cJSON *root)
{
	cJSON *notes = cJSON_GetObjectItem(root, "notes"), *s;

	if (hw->samples == 0 || !notes)
		return PW_OK;
	s = cJSON_CreateString(
		"Health URLs: availability is the share of probes that "
		"succeeded, and the error budget spent is the failed share over "
		"100 % minus the SLO; latency percentiles and phase medians are "
		"over the successful probes only; an outage runs from the first "
		"failed probe to the first successful one after it; certificate "
		"days are counted from the end of the period.");
	if (!s)
		return PW_ENOMEM;
	cJSON_AddItemToArray(notes, s);
	return PW_OK;
}

enum pw_status
health_section(const struct report_ctx *ctx, const struct health_week *hw,
	       cJSON *root)
{
	cJSON *h = cJSON_AddObjectToObject(root, "health"), *arr, *o;
	cJSON *sum = cJSON_GetObjectItem(root, "summary"), *avail;
	enum pw_status rc = PW_OK;
	size_t i;

	if (!h ||
	    !cJSON_AddStringToObject(
		    h, "status",
		    hw->configured || hw->n ? "ok" : "not_configured"))
		return PW_ENOMEM;
	if ((rc = report_add_num(h, "slo_pct", ctx->in->cfg->probe_slo_pct,
				 4)) ||
	    (rc = report_add_num(h, "samples", (double)hw->samples, 0)) ||
	    (rc = report_add_num(h, "failures", (double)hw->failures, 0)) ||
	    (rc = report_add_num(
		     h, "availability_pct",
		     hw->samples ?
			     100.0 * (double)(hw->samples - hw->failures) /
				     (double)hw->samples :
			     NAN,
		     3)))
		return rc;
	if (!(arr = cJSON_AddArrayToObject(h, "checks")))
		return PW_ENOMEM;
	for (i = 0; i < hw->n && !rc; i++) {
		if (!(o = cJSON_CreateObject()))
			return PW_ENOMEM;
		cJSON_AddItemToArray(arr, o);
		rc = check_obj(ctx, &hw->checks[i], o);
	}
	if (rc || !sum || !hw->samples)
		return rc;
	if (!(avail = cJSON_CreateNumber(report_round(
		      100.0 * (double)(hw->samples - hw->failures) /
			      (double)hw->samples,
		      3))))
		return PW_ENOMEM;
	cJSON_ReplaceItemInObject(sum, "health_availability_pct", avail);
	return PW_OK;
}
