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

#include "render_text_int.h"
#include "model_clean.h"

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
check_row(cJSON *c, cJSON *t)
{
	const cJSON *lat = cJSON_GetObjectItem(c, "latency_ms");
	const cJSON *live = cJSON_GetObjectItem(c, "live");
	char av[16], bud[16], p50[16], p95[16], p99[16], now[16], name[128],
		row[256];

	fmt(av, sizeof(av), model_num(c, "availability_pct"), 3);
	fmt(bud, sizeof(bud), model_num(c, "error_budget_spent_pct"), 1);
	fmt(p50, sizeof(p50), model_num(lat, "p50"), 1);
	fmt(p95, sizeof(p95), model_num(lat, "p95"), 1);
	fmt(p99, sizeof(p99), model_num(lat, "p99"), 1);
	if (!cJSON_IsObject(live))
		snprintf(now, sizeof(now), "-");
	else if (cJSON_IsTrue(cJSON_GetObjectItem(live, "ok")))
		snprintf(now, sizeof(now), "ok %.0f",
			 model_num(live, "status"));
	else
		snprintf(now, sizeof(now), "FAILED");
	/* the name cut by display columns, with "…": utf8.h */
	text_col(name, sizeof(name), model_str(c, "name"), 20);
	snprintf(row, sizeof(row), "  %s %8s %9s %8s %8s %8s  %s", name, av,
		 bud, p50, p95, p99, now);
	return cJSON_AddStringToObject(t, "row", row) != NULL;
}

static int
check_details(cJSON *c, cJSON *arr)
{
	const cJSON *ph = cJSON_GetObjectItem(c, "phases_ms"), *o;
	const cJSON *live = cJSON_GetObjectItem(c, "live");
	char line[1600], a[16], b[16], d[16], e[16];

	if (!text_wrap_add(arr, "    ", model_str(c, "url"), 6))
		return 0;
	snprintf(line, sizeof(line), "%.0f probe%s, %.0f failed; SLO %g %%",
		 model_num(c, "samples"),
		 model_num(c, "samples") == 1 ? "" : "s",
		 model_num(c, "failures"), model_num(c, "slo_pct"));
	if (!text_wrap_add(arr, "    ", line, 6))
		return 0;
	if (!isnan(model_num(ph, "total"))) {
		fmt(a, sizeof(a), model_num(ph, "dns"), 1);
		fmt(b, sizeof(b), model_num(ph, "connect"), 1);
		fmt(d, sizeof(d), model_num(ph, "tls"), 1);
		fmt(e, sizeof(e), model_num(ph, "first_byte"), 1);
		snprintf(line, sizeof(line),
			 "dns %s, connect %s, tls %s, "
			 "first byte %s ms",
			 a, b, d, e);
		if (!text_wrap_add(arr, "    phases p50: ", line, 16))
			return 0;
	}
	if (!isnan(model_num(c, "cert_days_left"))) {
		snprintf(line, sizeof(line),
			 "expires %s, %.1f days after the "
			 "period (%s)",
			 model_str(c, "cert_expires"),
			 model_num(c, "cert_days_left"),
			 model_str(c, "cert_status"));
		if (!text_wrap_add(arr, "    certificate: ", line, 17))
			return 0;
	}
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(c, "outages")) {
		snprintf(line, sizeof(line), "%s to %s (%.0f min%s)",
			 model_str(o, "start"), model_str(o, "end"),
			 model_num(o, "minutes"),
			 cJSON_IsTrue(cJSON_GetObjectItem(o, "ongoing")) ?
				 ", still failing at the last probe" :
				 "");
		if (!text_wrap_add(arr, "    outage: ", line, 12))
			return 0;
	}
	if (cJSON_IsObject(live) &&
	    !cJSON_IsTrue(cJSON_GetObjectItem(live, "ok")))
		return text_wrap_add(
			arr, "    now: FAILED: ", model_str(live, "error"), 9);
	if (cJSON_IsObject(live)) {
		snprintf(line, sizeof(line), "ok, status %.0f in %.1f ms",
			 model_num(live, "status"),
			 model_num(live, "total_ms"));
		if (!text_wrap_add(arr, "    now: ", line, 9))
			return 0;
	}
	return 1;
}

int
view_health(cJSON *view)
{
	cJSON *h = cJSON_GetObjectItem(view, "health"), *t, *c, *ct, *det;
	char line[256];
	int n;

	if (!cJSON_IsObject(h))
		return 1;
	if (!(t = cJSON_AddObjectToObject(h, "text")))
		return 0;
	n = cJSON_GetArraySize(cJSON_GetObjectItem(h, "checks"));
	if (strcmp(model_str(h, "status"), "not_configured") == 0)
		snprintf(line, sizeof(line),
			 "No health checks: add "
			 "[health \"NAME\"] sections to perfweek.conf.");
	else if (isnan(model_num(h, "availability_pct")))
		snprintf(line, sizeof(line), "No probe results in the period.");
	else
		snprintf(line, sizeof(line),
			 "%.3f %% of %.0f probes "
			 "succeeded, over %d checks.",
			 model_num(h, "availability_pct"),
			 model_num(h, "samples"), n);
	if (!cJSON_AddStringToObject(t, "head", line) ||
	    !cJSON_AddBoolToObject(t, "has_checks", n > 0))
		return 0;
	snprintf(line, sizeof(line), "  %-20s %8s %9s %8s %8s %8s  %s", "check",
		 "avail %", "budget %", "p50 ms", "p95 ms", "p99 ms", "now");
	if (!cJSON_AddStringToObject(t, "header", line))
		return 0;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(h, "checks")) {
		if (!(ct = cJSON_AddObjectToObject(c, "text")) ||
		    !check_row(c, ct) ||
		    !(det = cJSON_AddArrayToObject(ct, "details")) ||
		    !check_details(c, det))
			return 0;
	}
	return 1;
}
