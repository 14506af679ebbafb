/*
 * pdf_services.c - the ServiceNow incidents and the health URLs: a short
 * form on page 1 and a full section later.
 *
 * A model without the section (its status NULL) gets nothing drawn; when
 * it says the source is not configured or unavailable, that is said in
 * one line with the reason, so a reader never mistakes a failed fetch for
 * no incidents.
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
source_state(struct pdf_doc *doc, const char *status, const char *why,
	     const char *what)
{
	const char *reason = pdf_str(doc, why);
	char line[700];

	if (strcmp(status, "ok") == 0)
		return 1;
	if (strcmp(status, "unavailable") == 0)
		snprintf(line, sizeof(line), "%s unavailable: %s", what,
			 *reason ? reason : "no reason given");
	else
		snprintf(line, sizeof(line), "%s not configured.", what);
	pdf_fill_rgb(doc, pdf_grey);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, width(doc), line);
	pdf_fill_rgb(doc, pdf_black);
	return 0;
}

/* "1 - Critical 2, 2 - High 1" from a list of {name, count}. */
static void
counts_text(struct pdf_doc *doc, const struct model_count *v, size_t nv,
	    char *buf, size_t n)
{
	size_t len = 0, i;
	char c[32];

	buf[0] = '\0';
	for (i = 0; i < nv; i++) {
		int w;

		pdf_num(v[i].count, c, sizeof(c));
		w = snprintf(buf + len, n - len, "%s%s %s", len ? ", " : "",
			     pdf_str(doc, v[i].name), c);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	if (!buf[0])
		snprintf(buf, n, "none");
}

static void
incident_counts(struct pdf_doc *doc, const struct model_incidents *inc,
		int full)
{
	char line[1400], by[1000], a[32], b[32], c[32], m[32];

	pdf_num(inc->open_total, a, sizeof(a));
	pdf_num(inc->opened_in_period, b, sizeof(b));
	pdf_num(inc->resolved_in_period, c, sizeof(c));
	pdf_num(inc->mttr_hours, m, sizeof(m));
	snprintf(
		line, sizeof(line),
		"%s open incidents; %s opened and %s resolved in the period; mean time to resolve %s h.%s",
		a, b, c, m,
		inc->demo ? " (Demo data, not a real ServiceNow instance.)" :
			    "");
	pdf_para(doc, PDF_REGULAR, 9, doc->left, width(doc), line);
	counts_text(doc, inc->by_priority, inc->nby_priority, by, sizeof(by));
	snprintf(line, sizeof(line), "Open by priority: %s.", by);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, width(doc), line);
	if (full) {
		counts_text(doc, inc->by_state, inc->nby_state, by, sizeof(by));
		snprintf(line, sizeof(line), "Open by state: %s.", by);
		pdf_para(doc, PDF_REGULAR, 9, doc->left, width(doc), line);
		if (inc->fetched.text[0]) {
			snprintf(line, sizeof(line), "Fetched %s.",
				 pdf_time(doc, &inc->fetched));
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
incident_table(struct pdf_doc *doc, const struct model_incidents *inc, int full)
{
	struct pdf_table t = { full ? full_cols : short_cols, full ? 7 : 4, 7.5,
			       0 };
	const char *cells[7];
	size_t i;

	if (inc->nopen == 0)
		return;
	pdf_table_begin(doc, &t);
	for (i = 0; i < inc->nopen; i++) {
		const struct model_incident *e = &inc->open[i];

		if (!full && i >= PAGE_ONE_INCIDENTS)
			break;
		cells[0] = pdf_str(doc, e->number);
		cells[1] = pdf_str(doc, e->priority);
		cells[2] = pdf_str(doc, e->state);
		if (full) {
			cells[3] = pdf_time(doc, &e->opened);
			cells[4] = pdf_str(doc, e->assignment_group);
			cells[5] = pdf_str(doc, e->cmdb_ci);
			cells[6] = pdf_str(doc, e->short_description);
		} else {
			cells[3] = pdf_str(doc, e->short_description);
		}
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
	if (!full && inc->nopen > PAGE_ONE_INCIDENTS)
		pdf_para(doc, PDF_REGULAR, 8, doc->left, width(doc),
			 "The section ServiceNow incidents lists them all.");
}

void
pdf_incidents_summary(struct pdf_doc *doc)
{
	const struct model_incidents *inc = &doc->m->incidents;

	if (!inc->status)
		return;
	pdf_subheading(doc, "Open incidents");
	if (source_state(doc, inc->status, inc->reason, "ServiceNow")) {
		incident_counts(doc, inc, 0);
		incident_table(doc, inc, 0);
	}
}

void
pdf_incidents(struct pdf_doc *doc)
{
	const struct model_incidents *inc = &doc->m->incidents;

	if (!inc->status)
		return;
	pdf_heading(doc, "ServiceNow incidents");
	if (source_state(doc, inc->status, inc->reason, "ServiceNow")) {
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
live_text(struct pdf_doc *doc, const struct model_check *c, char *buf, size_t n)
{
	const char *error = pdf_str(doc, c->live.error);
	char st[32], ms[32];

	if (!c->has_live) {
		snprintf(buf, n, "-");
		return;
	}
	pdf_num(c->live.status, st, sizeof(st));
	pdf_num(c->live.total_ms, ms, sizeof(ms));
	if (c->live.ok)
		snprintf(buf, n, "OK %s, %s ms", st, ms);
	else
		snprintf(buf, n, "failing: %s", *error ? error : st);
}

static void
health_row(struct pdf_doc *doc, struct pdf_table *t,
	   const struct model_check *c, int full)
{
	char v[8][320], a[32], b[32], d[32], e[32];
	const char *cells[7];
	int i;

	snprintf(v[0], sizeof(v[0]), full ? "%s\n%s" : "%s",
		 pdf_str(doc, c->name), pdf_str(doc, c->url));
	pdf_num(c->availability_pct, a, sizeof(a));
	snprintf(v[1], sizeof(v[1]), "%s %%", a);
	if (full) {
		pdf_num(c->error_budget_spent_pct, a, sizeof(a));
		snprintf(v[2], sizeof(v[2]), "%s %%", a);
		pdf_num(c->latency_p50_ms, a, sizeof(a));
		pdf_num(c->latency_p95_ms, b, sizeof(b));
		pdf_num(c->latency_p99_ms, d, sizeof(d));
		snprintf(v[3], sizeof(v[3]), "%s / %s / %s", a, b, d);
		pdf_num(c->phase_dns_ms, a, sizeof(a));
		pdf_num(c->phase_connect_ms, b, sizeof(b));
		pdf_num(c->phase_tls_ms, d, sizeof(d));
		pdf_num(c->phase_first_byte_ms, e, sizeof(e));
		snprintf(v[4], sizeof(v[4]), "%s / %s / %s / %s", a, b, d, e);
		pdf_num(c->cert_days_left, v[5], sizeof(v[5]));
		live_text(doc, c, v[6], sizeof(v[6]));
	} else {
		pdf_num(c->latency_p95_ms, a, sizeof(a));
		snprintf(v[2], sizeof(v[2]), "%s ms", a);
		snprintf(v[3], sizeof(v[3]), "%zu", c->noutages);
		pdf_num(c->cert_days_left, a, sizeof(a));
		snprintf(v[4], sizeof(v[4]), "%s%s", a,
			 strcmp(a, "-") ? " days" : "");
		live_text(doc, c, v[5], sizeof(v[5]));
	}
	for (i = 0; i < t->ncols; i++)
		cells[i] = v[i];
	pdf_table_row(doc, t, cells);
}

static void
health_table(struct pdf_doc *doc, const struct model_health *h, int full)
{
	struct pdf_table t = { full ? health_full : health_short, full ? 7 : 6,
			       7.5, 0 };
	size_t i;

	if (h->nchecks == 0)
		return;
	pdf_table_begin(doc, &t);
	for (i = 0; i < h->nchecks; i++)
		health_row(doc, &t, &h->checks[i], full);
	pdf_table_end(doc, &t);
}

void
pdf_health_summary(struct pdf_doc *doc)
{
	const struct model_health *h = &doc->m->health;

	if (!h->status)
		return;
	pdf_subheading(doc, "Health URLs");
	if (source_state(doc, h->status, NULL, "Health checks"))
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
	const struct model_health *h = &doc->m->health;
	struct pdf_table t = { outage_cols, 4, 7.5, 0 };
	const char *cells[4];
	char slo[32], line[128], mins[32];
	int any = 0;
	size_t i, j;

	if (!h->status)
		return;
	pdf_heading(doc, "Health URLs");
	if (!source_state(doc, h->status, NULL, "Health checks"))
		return;
	pdf_num(h->slo_pct, slo, sizeof(slo));
	snprintf(
		line, sizeof(line),
		"Availability objective %s %%; the error budget is the unavailability it allows.",
		slo);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, width(doc), line);
	doc->y -= 4;
	health_table(doc, h, 1);
	for (i = 0; i < h->nchecks; i++) {
		const struct model_check *c = &h->checks[i];

		for (j = 0; j < c->noutages; j++) {
			const struct model_window *o = &c->outages[j].w;

			if (!any++) {
				pdf_subheading(doc, "Outages");
				pdf_table_begin(doc, &t);
			}
			pdf_num(o->minutes, mins, sizeof(mins));
			cells[0] = pdf_str(doc, c->name);
			cells[1] = pdf_time(doc, &o->start);
			cells[2] = pdf_time(doc, &o->end);
			cells[3] = mins;
			pdf_table_row(doc, &t, cells);
		}
	}
	if (any)
		pdf_table_end(doc, &t);
}
