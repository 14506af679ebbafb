/*
 * pdf_services.c - the ServiceNow incidents and the health URLs: a short
 * form on page 1 and a full section later.
 *
 * A model without the section (its status NULL) gets nothing drawn; when
 * it says the source is not configured or unavailable, that is said in
 * one line with the reason, so a reader never mistakes a failed fetch for
 * no incidents.
 */
#include <math.h>
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
	{ "Number", 0.14, PDF_LEFT, 0 },
	{ "Priority", 0.14, PDF_LEFT, 0 },
	{ "State", 0.14, PDF_LEFT, 0 },
	{ "Description", 0.58, PDF_LEFT, 1 },
};
static const struct pdf_col full_cols[] = {
	{ "Number", 0.11, PDF_LEFT, 0 },
	{ "Priority", 0.1, PDF_LEFT, 0 },
	{ "State", 0.1, PDF_LEFT, 0 },
	{ "Opened", 0.15, PDF_LEFT, 0 },
	{ "Assignment group", 0.13, PDF_LEFT, 0 },
	{ "CI", 0.13, PDF_LEFT, 1 },
	{ "Description", 0.28, PDF_LEFT, 0 },
};

/*
 * A subheading on page 1, which must stay one page: no new page for it
 * (the lists under it are cut to the room left instead).
 */
static void
page1_heading(struct pdf_doc *doc, const char *title)
{
	doc->y -= 4;
	pdf_text(doc, PDF_BOLD, 11, doc->left, doc->y - 11, PDF_LEFT, title);
	doc->y -= 18;
}

/* Rows of one line that fit page 1's room, after reserve points. */
static size_t
page1_rows(const struct pdf_doc *doc, const struct pdf_table *t, double reserve)
{
	double room = doc->y - doc->bottom - reserve - pdf_table_line_h(t) - 10;

	return room > 0 ? (size_t)(room / pdf_table_line_h(t)) : 0;
}

/*
 * The incident rows of page 1: at most PAGE_ONE_INCIDENTS, and when the
 * health checks' rows would not fit as well, half the lines left (or
 * what the checks do not need): the rest is counted under each list.
 */
static size_t
page1_share(const struct pdf_doc *doc, const struct pdf_table *t)
{
	const struct model_health *h = &doc->m->health;
	double each = pdf_table_line_h(t);
	/* the health heading, its table's header and end, both "more" lines */
	size_t lines = page1_rows(doc, t, 22 + each + 10 + 2 * PDF_MORE_H);
	size_t want = doc->m->incidents.nopen, checks = 0;

	if (want > PAGE_ONE_INCIDENTS)
		want = PAGE_ONE_INCIDENTS;
	if (h->status && strcmp(h->status, "ok") == 0) {
		checks = h->nchecks;
		if (checks > (size_t)doc->in->lists.page1_checks)
			checks = (size_t)doc->in->lists.page1_checks;
	}
	if (want + checks <= lines)
		return want;
	if (lines >= checks && lines - checks > lines / 2)
		return want < lines - checks ? want : lines - checks;
	return want < lines / 2 ? want : lines / 2;
}

static void
incident_table(struct pdf_doc *doc, const struct model_incidents *inc, int full)
{
	struct pdf_table t = { full ? full_cols : short_cols, full ? 7 : 4, 7.5,
			       0 };
	size_t max = full ? inc->nopen : page1_share(doc, &t), i;
	const char *cells[7];

	if (inc->nopen == 0)
		return;
	if (max > 0)
		pdf_table_begin(doc, &t);
	for (i = 0; i < inc->nopen && max > 0; i++) {
		const struct model_incident *e = &inc->open[i];

		if (!full && i >= max)
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
	if (max > 0)
		pdf_table_end(doc, &t);
	if (!full && inc->nopen > max)
		pdf_more(doc,
			 inc->nopen - max +
				 (inc->open_more > 0 ? (size_t)inc->open_more :
						       0),
			 "see the section ServiceNow incidents and the JSON");
	if (full && inc->open_more > 0)
		pdf_more(doc, (size_t)inc->open_more,
			 "not listed, [servicenow] list_max; the JSON counts "
			 "them in open_more");
}

void
pdf_incidents_summary(struct pdf_doc *doc)
{
	const struct model_incidents *inc = &doc->m->incidents;

	if (!inc->status)
		return;
	page1_heading(doc, "Open incidents");
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
	{ "Check", 0.3, PDF_LEFT, 1 },
	{ "Availability", 0.15, PDF_RIGHT, 0 },
	{ "p95 latency", 0.15, PDF_RIGHT, 0 },
	{ "Outages", 0.1, PDF_RIGHT, 0 },
	{ "Certificate", 0.15, PDF_RIGHT, 0 },
	{ "Now", 0.15, PDF_LEFT, 0 },
};
static const struct pdf_col health_full[] = {
	{ "Check and URL", 0.27, PDF_LEFT, 0 },
	{ "Avail.", 0.08, PDF_RIGHT, 0 },
	{ "Budget spent", 0.08, PDF_RIGHT, 0 },
	{ "Latency p50 / p95 / p99 ms", 0.15, PDF_RIGHT, 0 },
	{ "DNS / connect / TLS / first byte ms", 0.2, PDF_RIGHT, 0 },
	{ "Cert. days", 0.08, PDF_RIGHT, 0 },
	{ "Now", 0.14, PDF_LEFT, 0 },
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
	if (c->live.ok && isfinite(c->live.total_ms))
		snprintf(buf, n, "OK %s, %s ms", st, ms);
	else if (c->live.ok)
		snprintf(buf, n, "OK %s", st);
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

	if (full) { /* name and URL a line each, shortened to fit */
		double w = health_full[0].width * width(doc) - 6;
		char n[160], u[160];

		pdf_fit(doc, PDF_REGULAR, 7.5, pdf_str(doc, c->name), w, n,
			sizeof(n));
		pdf_fit(doc, PDF_REGULAR, 7.5, pdf_str(doc, c->url), w, u,
			sizeof(u));
		snprintf(v[0], sizeof(v[0]), "%s\n%s", n, u);
	} else {
		snprintf(v[0], sizeof(v[0]), "%s", pdf_str(doc, c->name));
	}
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

/* "and 30 more (see the JSON)" under a list cut short, or nothing. */
void
pdf_more(struct pdf_doc *doc, size_t more, const char *where)
{
	char line[200];

	if (more == 0)
		return;
	snprintf(line, sizeof(line), "and %zu more (%s)", more, where);
	pdf_fill_rgb(doc, pdf_grey);
	pdf_para(doc, PDF_REGULAR, 8, doc->left, width(doc), line);
	pdf_fill_rgb(doc, pdf_black);
	doc->y -= 4;
}

/* A check in trouble: failing now, at the period's end, or off its SLO. */
static int
failing(const struct model_check *c)
{
	if (c->has_live && !c->live.ok)
		return 1;
	if (c->noutages && c->outages[c->noutages - 1].ongoing)
		return 1;
	return !isnan(c->availability_pct) && c->availability_pct < c->slo_pct;
}

/*
 * Page 1's short list: the failing checks first (the least available
 * first), then the others as the model orders them; at most the
 * configured number, and no more than fit above the page's bottom.
 */
static void
health_short_table(struct pdf_doc *doc, const struct model_health *h)
{
	struct pdf_table t = { health_short, 6, 7.5, 0 };
	size_t order[1024], n = 0, i, j, cap;
	double room = doc->y - doc->bottom - pdf_table_line_h(&t) - 10 -
		PDF_MORE_H;

	for (i = 0; i < h->nchecks && n < 1024; i++)
		if (failing(&h->checks[i]))
			order[n++] = i;
	/* insertion sort of the failing ones, least available first */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 &&
		     h->checks[order[j]].availability_pct <
			     h->checks[order[j - 1]].availability_pct;
		     j--) {
			size_t k = order[j];

			order[j] = order[j - 1];
			order[j - 1] = k;
		}
	for (i = 0; i < h->nchecks && n < 1024; i++)
		if (!failing(&h->checks[i]))
			order[n++] = i;
	cap = doc->in->lists.page1_checks > 0 ?
		(size_t)doc->in->lists.page1_checks :
		0;
	if (room < 0)
		room = 0;
	if (cap > (size_t)(room / pdf_table_line_h(&t)))
		cap = (size_t)(room / pdf_table_line_h(&t));
	if (cap > n)
		cap = n;
	if (cap > 0) {
		pdf_table_begin(doc, &t);
		for (i = 0; i < cap; i++)
			health_row(doc, &t, &h->checks[order[i]], 0);
		pdf_table_end(doc, &t);
	}
	pdf_more(doc, h->nchecks - cap,
		 "see the section Health URLs and the JSON");
}

static void
health_table(struct pdf_doc *doc, const struct model_health *h, int full)
{
	struct pdf_table t = { full ? health_full : health_short, full ? 7 : 6,
			       7.5, 0 };
	size_t i;

	if (h->nchecks == 0)
		return;
	if (!full) {
		health_short_table(doc, h);
		return;
	}
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
	page1_heading(doc, "Health URLs");
	if (source_state(doc, h->status, NULL, "Health checks"))
		health_table(doc, h, 0);
}

void
pdf_health(struct pdf_doc *doc)
{
	const struct model_health *h = &doc->m->health;
	char slo[32], line[160];

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
	pdf_outages(doc, h);
}
