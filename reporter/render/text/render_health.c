/*
 * render_health.c - the text view of the model's health section: a head
 * line, one 78-column row per check and its detail lines (URL, phases,
 * certificate, outages, the live result).  The template places them;
 * the numbers are the model's, unchanged.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "render_text_int.h"

/* "12.3", or "-" for a missing number. */
static void
fmt(char *buf, size_t n, double v, int d)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.*f", d, v);
}

static int
check_row(struct text_view *v, const struct model_check *c, cJSON *t)
{
	char av[16], bud[16], p50[16], p95[16], p99[16], now[16], name[128],
		row[256];

	fmt(av, sizeof(av), c->availability_pct, 3);
	fmt(bud, sizeof(bud), c->error_budget_spent_pct, 1);
	fmt(p50, sizeof(p50), c->latency_p50_ms, 1);
	fmt(p95, sizeof(p95), c->latency_p95_ms, 1);
	fmt(p99, sizeof(p99), c->latency_p99_ms, 1);
	if (!c->has_live)
		snprintf(now, sizeof(now), "-");
	else if (c->live.ok && isfinite(c->live.status))
		snprintf(now, sizeof(now), "ok %.0f", c->live.status);
	else if (c->live.ok)
		snprintf(now, sizeof(now), "ok");
	else
		snprintf(now, sizeof(now), "FAILED");
	/* the name cut by display columns, with "…": utf8.h */
	text_col(name, sizeof(name), text_str(v, c->name), 20);
	snprintf(row, sizeof(row), "  %s %8s %9s %8s %8s %8s  %s", name, av,
		 bud, p50, p95, p99, now);
	return cJSON_AddStringToObject(t, "row", row) != NULL;
}

/* "    phases p50: dns 1.2, connect ...", when the check has phases. */
static int
phases_line(const struct model_check *c, cJSON *arr)
{
	char line[256], a[16], b[16], d[16], e[16];

	if (isnan(c->phase_total_ms))
		return 1;
	fmt(a, sizeof(a), c->phase_dns_ms, 1);
	fmt(b, sizeof(b), c->phase_connect_ms, 1);
	fmt(d, sizeof(d), c->phase_tls_ms, 1);
	fmt(e, sizeof(e), c->phase_first_byte_ms, 1);
	snprintf(line, sizeof(line),
		 "dns %s, connect %s, tls %s, first byte %s ms", a, b, d, e);
	return text_wrap_add(arr, "    phases p50: ", line, 16);
}

/* The outages, then the live result: "now: ok, status 200 in 12.3 ms". */
static int
outages_live(struct text_view *v, const struct model_check *c, cJSON *arr)
{
	char line[1600];
	size_t i;

	for (i = 0; i < c->noutages; i++) {
		const struct model_outage *o = &c->outages[i];

		snprintf(line, sizeof(line), "%s to %s (%.0f min%s)",
			 text_str(v, o->w.start.text),
			 text_str(v, o->w.end.text), o->w.minutes,
			 o->ongoing ? ", still failing at the last probe" : "");
		if (!text_wrap_add(arr, "    outage: ", line, 12))
			return 0;
	}
	if (c->has_live && !c->live.ok)
		return text_wrap_add(arr, "    now: FAILED: ",
				     text_str(v, c->live.error), 9);
	if (c->has_live) {
		/* a time or a status curl did not report is left out */
		int len = snprintf(line, sizeof(line), "ok");

		if (isfinite(c->live.status))
			len += snprintf(line + len, sizeof(line) - (size_t)len,
					", status %.0f", c->live.status);
		if (isfinite(c->live.total_ms))
			snprintf(line + len, sizeof(line) - (size_t)len,
				 " in %.1f ms", c->live.total_ms);
		if (!text_wrap_add(arr, "    now: ", line, 9))
			return 0;
	}
	return 1;
}

static int
check_details(struct text_view *v, const struct model_check *c, cJSON *arr)
{
	char line[1600];

	if (!text_wrap_add(arr, "    ", text_str(v, c->url), 6))
		return 0;
	snprintf(line, sizeof(line), "%.0f probe%s, %.0f failed; SLO %g %%",
		 c->samples, c->samples == 1 ? "" : "s", c->failures,
		 c->slo_pct);
	if (!text_wrap_add(arr, "    ", line, 6) || !phases_line(c, arr))
		return 0;
	if (!isnan(c->cert_days_left)) {
		snprintf(line, sizeof(line),
			 "expires %s, %.1f days after the period (%s)",
			 text_str(v, c->cert_expires.text), c->cert_days_left,
			 text_str(v, c->cert_status));
		if (!text_wrap_add(arr, "    certificate: ", line, 17))
			return 0;
	}
	return outages_live(v, c, arr);
}

/* text.head: how many probes succeeded, or why there are none. */
static void
health_head(const struct model_health *h, char *line, size_t n)
{
	if (h->status && strcmp(h->status, "not_configured") == 0)
		snprintf(
			line, n,
			"No health checks: add [health \"NAME\"] sections to perfweek.conf.");
	else if (isnan(h->availability_pct))
		snprintf(line, n, "No probe results in the period.");
	else
		snprintf(line, n,
			 "%.3f %% of %.0f probes succeeded, over %zu checks.",
			 h->availability_pct, h->samples, h->nchecks);
}

int
text_view_health(struct text_view *v, cJSON *view)
{
	const struct model_health *h = &v->m->health;
	cJSON *ho = text_object(v, view, "health"), *t, *co, *ct, *det;
	char line[256];
	size_t i;

	if (!ho || !(t = cJSON_AddObjectToObject(ho, "text")))
		return 0;
	health_head(h, line, sizeof(line));
	if (!cJSON_AddStringToObject(t, "head", line) ||
	    !cJSON_AddBoolToObject(t, "has_checks", h->nchecks > 0))
		return 0;
	snprintf(line, sizeof(line), "  %-20s %8s %9s %8s %8s %8s  %s", "check",
		 "avail %", "budget %", "p50 ms", "p95 ms", "p99 ms", "now");
	if (!cJSON_AddStringToObject(t, "header", line) ||
	    !text_array(v, ho, "checks", h->nchecks, &co))
		return 0;
	for (i = 0; i < h->nchecks; i++, co = co->next) {
		const struct model_check *c = &h->checks[i];

		if (!(ct = cJSON_AddObjectToObject(co, "text")) ||
		    !check_row(v, c, ct) ||
		    !(det = cJSON_AddArrayToObject(ct, "details")) ||
		    !check_details(v, c, det))
			return 0;
	}
	return 1;
}
