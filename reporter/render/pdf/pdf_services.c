/*
 * pdf_services.c - the ServiceNow incidents and the health URLs: a short
 * form on page 1 and a full section later.
 *
 * Both sections are optional in the model (docs/report-json.md): when the
 * "incidents" or "health" object is absent nothing is drawn, and when it
 * says the source is not configured or unavailable, that is said in one
 * line with the reason, so a reader never mistakes a failed fetch for no
 * incidents.
 */
#include <stdio.h>
#include <string.h>

#include "pdf_int.h"

#define PAGE_ONE_INCIDENTS 5

static double
width(const struct pdf_doc *doc)
{
	return doc->right - doc->left;
}

/* One line about the source; 1 when there is data to show. */
static int
source_state(struct pdf_doc *doc, const cJSON *sec, const char *what)
{
	const char *status = model_str(sec, "status");
	char line[700];

	if (strcmp(status, "ok") == 0)
		return 1;
	if (strcmp(status, "unavailable") == 0)
		snprintf(line, sizeof(line), "%s unavailable: %s", what,
			 *model_str(sec, "reason") ? model_str(sec, "reason") :
						     "no reason given");
	else
		snprintf(line, sizeof(line), "%s not configured.", what);
	pdf_fill_rgb(doc, pdf_grey);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, width(doc), line);
	pdf_fill_rgb(doc, pdf_black);
	return 0;
}

/* "1 - Critical 2, 2 - High 1" from a list of {name, count}. */
static void
counts_text(const cJSON *arr, const char *key, char *buf, size_t n)
{
	const cJSON *e;
	size_t len = 0;
	char c[32];

	buf[0] = '\0';
	cJSON_ArrayForEach(e, arr) {
		int w;

		pdf_num(cJSON_GetObjectItem(e, "count"), c, sizeof(c));
		w = snprintf(buf + len, n - len, "%s%s %s", len ? ", " : "",
			     model_str(e, key), c);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	if (!buf[0])
		snprintf(buf, n, "none");
}

static void
incident_counts(struct pdf_doc *doc, const cJSON *inc, int full)
{
	char line[1400], by[1000], a[32], b[32], c[32], m[32];

	pdf_num(cJSON_GetObjectItem(inc, "open_total"), a, sizeof(a));
	pdf_num(cJSON_GetObjectItem(inc, "opened_in_period"), b, sizeof(b));
	pdf_num(cJSON_GetObjectItem(inc, "resolved_in_period"), c, sizeof(c));
	pdf_num(cJSON_GetObjectItem(inc, "mttr_hours"), m, sizeof(m));
	snprintf(line, sizeof(line),
		 "%s open incidents; %s opened and %s "
		 "resolved in the period; mean time to resolve %s h.%s",
		 a, b, c, m,
		 cJSON_IsTrue(cJSON_GetObjectItem(inc, "demo")) ?
			 " (Demo data, not a real ServiceNow instance.)" :
			 "");
	pdf_para(doc, PDF_REGULAR, 9, doc->left, width(doc), line);
	counts_text(cJSON_GetObjectItem(inc, "by_priority"), "priority", by,
		    sizeof(by));
	snprintf(line, sizeof(line), "Open by priority: %s.", by);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, width(doc), line);
	if (full) {
		counts_text(cJSON_GetObjectItem(inc, "by_state"), "state", by,
			    sizeof(by));
		snprintf(line, sizeof(line), "Open by state: %s.", by);
		pdf_para(doc, PDF_REGULAR, 9, doc->left, width(doc), line);
		if (*model_str(inc, "fetched")) {
			snprintf(line, sizeof(line), "Fetched %s.",
				 model_str(inc, "fetched"));
			pdf_para(doc, PDF_REGULAR, 9, doc->left, width(doc),
				 line);
		}
	}
	doc->y -= 4;
}

static const struct pdf_col short_cols[] = {
	{ "Number", 0.14, PDF_LEFT },
	{ "Priority", 0.14, PDF_LEFT },
	{ "State", 0.14, PDF_LEFT },
	{ "Description", 0.58, PDF_LEFT },
};
static const struct pdf_col full_cols[] = {
	{ "Number", 0.12, PDF_LEFT },
	{ "Priority", 0.11, PDF_LEFT },
	{ "State", 0.1, PDF_LEFT },
	{ "Opened", 0.15, PDF_LEFT },
	{ "Assignment group", 0.14, PDF_LEFT },
	{ "CI", 0.1, PDF_LEFT },
	{ "Description", 0.28, PDF_LEFT },
};

static void
incident_table(struct pdf_doc *doc, const cJSON *inc, int full)
{
	struct pdf_table t = { full ? full_cols : short_cols, full ? 7 : 4, 7.5,
			       0 };
	const cJSON *open = cJSON_GetObjectItem(inc, "open"), *e;
	const char *cells[7];
	int n = 0;

	if (cJSON_GetArraySize(open) == 0)
		return;
	pdf_table_begin(doc, &t);
	cJSON_ArrayForEach(e, open) {
		if (!full && n++ >= PAGE_ONE_INCIDENTS)
			break;
		cells[0] = model_str(e, "number");
		cells[1] = model_str(e, "priority");
		cells[2] = model_str(e, "state");
		if (full) {
			cells[3] = model_str(e, "opened");
			cells[4] = model_str(e, "assignment_group");
			cells[5] = model_str(e, "cmdb_ci");
			cells[6] = model_str(e, "short_description");
		} else {
			cells[3] = model_str(e, "short_description");
		}
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
	if (!full && cJSON_GetArraySize(open) > PAGE_ONE_INCIDENTS)
		pdf_para(doc, PDF_REGULAR, 8, doc->left, width(doc),
			 "The section ServiceNow incidents lists them all.");
}

void
pdf_incidents_summary(struct pdf_doc *doc)
{
	const cJSON *inc = cJSON_GetObjectItem(doc->in->model, "incidents");

	if (!inc)
		return;
	pdf_subheading(doc, "Open incidents");
	if (source_state(doc, inc, "ServiceNow")) {
		incident_counts(doc, inc, 0);
		incident_table(doc, inc, 0);
	}
}

void
pdf_incidents(struct pdf_doc *doc)
{
	const cJSON *inc = cJSON_GetObjectItem(doc->in->model, "incidents");

	if (!inc)
		return;
	pdf_heading(doc, "ServiceNow incidents");
	if (source_state(doc, inc, "ServiceNow")) {
		incident_counts(doc, inc, 1);
		incident_table(doc, inc, 1);
	}
}

static const struct pdf_col health_short[] = {
	{ "Check", 0.3, PDF_LEFT },         { "Availability", 0.15, PDF_RIGHT },
	{ "p95 latency", 0.15, PDF_RIGHT }, { "Outages", 0.1, PDF_RIGHT },
	{ "Certificate", 0.15, PDF_RIGHT }, { "Now", 0.15, PDF_LEFT },
};
static const struct pdf_col health_full[] = {
	{ "Check and URL", 0.27, PDF_LEFT },
	{ "Avail.", 0.08, PDF_RIGHT },
	{ "Budget spent", 0.08, PDF_RIGHT },
	{ "Latency p50 / p95 / p99 ms", 0.15, PDF_RIGHT },
	{ "DNS / connect / TLS / first byte ms", 0.2, PDF_RIGHT },
	{ "Cert. days", 0.08, PDF_RIGHT },
	{ "Now", 0.14, PDF_LEFT },
};

/* The live status of a check: "OK 200, 85 ms" or its error. */
static void
live_text(const cJSON *live, char *buf, size_t n)
{
	char st[32], ms[32];

	if (!live || cJSON_IsNull(live)) {
		snprintf(buf, n, "-");
		return;
	}
	pdf_num(cJSON_GetObjectItem(live, "status"), st, sizeof(st));
	pdf_num(cJSON_GetObjectItem(live, "total_ms"), ms, sizeof(ms));
	if (cJSON_IsTrue(cJSON_GetObjectItem(live, "ok")))
		snprintf(buf, n, "OK %s, %s ms", st, ms);
	else
		snprintf(buf, n, "failing: %s",
			 *model_str(live, "error") ? model_str(live, "error") :
						     st);
}

static void
health_row(struct pdf_doc *doc, struct pdf_table *t, const cJSON *c, int full)
{
	const cJSON *lat = cJSON_GetObjectItem(c, "latency_ms");
	const cJSON *ph = cJSON_GetObjectItem(c, "phases_ms");
	char v[8][320], a[32], b[32], d[32], e[32];
	const char *cells[7];
	int i;

	snprintf(v[0], sizeof(v[0]), full ? "%s\n%s" : "%s",
		 model_str(c, "name"), model_str(c, "url"));
	pdf_num(cJSON_GetObjectItem(c, "availability_pct"), a, sizeof(a));
	snprintf(v[1], sizeof(v[1]), "%s %%", a);
	if (full) {
		pdf_num(cJSON_GetObjectItem(c, "error_budget_spent_pct"), a,
			sizeof(a));
		snprintf(v[2], sizeof(v[2]), "%s %%", a);
		pdf_num(cJSON_GetObjectItem(lat, "p50"), a, sizeof(a));
		pdf_num(cJSON_GetObjectItem(lat, "p95"), b, sizeof(b));
		pdf_num(cJSON_GetObjectItem(lat, "p99"), d, sizeof(d));
		snprintf(v[3], sizeof(v[3]), "%s / %s / %s", a, b, d);
		pdf_num(cJSON_GetObjectItem(ph, "dns"), a, sizeof(a));
		pdf_num(cJSON_GetObjectItem(ph, "connect"), b, sizeof(b));
		pdf_num(cJSON_GetObjectItem(ph, "tls"), d, sizeof(d));
		pdf_num(cJSON_GetObjectItem(ph, "first_byte"), e, sizeof(e));
		snprintf(v[4], sizeof(v[4]), "%s / %s / %s / %s", a, b, d, e);
		pdf_num(cJSON_GetObjectItem(c, "cert_days_left"), v[5],
			sizeof(v[5]));
		live_text(cJSON_GetObjectItem(c, "live"), v[6], sizeof(v[6]));
	} else {
		pdf_num(cJSON_GetObjectItem(lat, "p95"), a, sizeof(a));
		snprintf(v[2], sizeof(v[2]), "%s ms", a);
		snprintf(v[3], sizeof(v[3]), "%d",
			 cJSON_GetArraySize(cJSON_GetObjectItem(c, "outages")));
		pdf_num(cJSON_GetObjectItem(c, "cert_days_left"), a, sizeof(a));
		snprintf(v[4], sizeof(v[4]), "%s%s", a,
			 strcmp(a, "-") ? " days" : "");
		live_text(cJSON_GetObjectItem(c, "live"), v[5], sizeof(v[5]));
	}
	for (i = 0; i < t->ncols; i++)
		cells[i] = v[i];
	pdf_table_row(doc, t, cells);
}

static void
health_table(struct pdf_doc *doc, const cJSON *h, int full)
{
	struct pdf_table t = { full ? health_full : health_short, full ? 7 : 6,
			       7.5, 0 };
	const cJSON *c;

	if (cJSON_GetArraySize(cJSON_GetObjectItem(h, "checks")) == 0)
		return;
	pdf_table_begin(doc, &t);
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(h, "checks")) {
		health_row(doc, &t, c, full);
	}
	pdf_table_end(doc, &t);
}

void
pdf_health_summary(struct pdf_doc *doc)
{
	const cJSON *h = cJSON_GetObjectItem(doc->in->model, "health");

	if (!h)
		return;
	pdf_subheading(doc, "Health URLs");
	if (source_state(doc, h, "Health checks"))
		health_table(doc, h, 0);
}

static const struct pdf_col outage_cols[] = {
	{ "Check", 0.3, PDF_LEFT },
	{ "From", 0.28, PDF_LEFT },
	{ "To", 0.28, PDF_LEFT },
	{ "Minutes", 0.14, PDF_RIGHT },
};

void
pdf_health(struct pdf_doc *doc)
{
	const cJSON *h = cJSON_GetObjectItem(doc->in->model, "health"), *c, *o;
	struct pdf_table t = { outage_cols, 4, 7.5, 0 };
	const char *cells[4];
	char slo[32], line[128], mins[32];
	int any = 0;

	if (!h)
		return;
	pdf_heading(doc, "Health URLs");
	if (!source_state(doc, h, "Health checks"))
		return;
	pdf_num(cJSON_GetObjectItem(h, "slo_pct"), slo, sizeof(slo));
	snprintf(line, sizeof(line),
		 "Availability objective %s %%; the "
		 "error budget is the unavailability it allows.",
		 slo);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, width(doc), line);
	doc->y -= 4;
	health_table(doc, h, 1);
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(h, "checks")) {
		cJSON_ArrayForEach(o, cJSON_GetObjectItem(c, "outages")) {
			if (!any++) {
				pdf_subheading(doc, "Outages");
				pdf_table_begin(doc, &t);
			}
			pdf_num(cJSON_GetObjectItem(o, "minutes"), mins,
				sizeof(mins));
			cells[0] = model_str(c, "name");
			cells[1] = model_str(o, "start");
			cells[2] = model_str(o, "end");
			cells[3] = mins;
			pdf_table_row(doc, &t, cells);
		}
	}
	if (any)
		pdf_table_end(doc, &t);
}
