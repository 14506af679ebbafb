/*
 * pdf_outages.c - the outage windows of the health checks: for each
 * check its [report] outages_max longest, in time order, two windows to
 * a row (from, to, minutes), then a row saying how many more the JSON
 * has.  The windows are the model's, already merged where less than
 * [health] outage_merge_min apart (reporter/source/health_load.c).  "To"
 * is the time of day alone when the window ends the day it began.
 */
#include <stdio.h>
#include <string.h>

#include "pdf_int.h"

#define PER_ROW 2

static const struct pdf_col outage_cols[] = {
	{ "Check", 0.16, PDF_LEFT, 1 },    { "From", 0.24, PDF_LEFT, 0 },
	{ "To", 0.1, PDF_LEFT, 0 },        { "Minutes", 0.08, PDF_RIGHT, 0 },
	{ "From", 0.24, PDF_LEFT, 0 },     { "To", 0.1, PDF_LEFT, 0 },
	{ "Minutes", 0.08, PDF_RIGHT, 0 },
};

/* "20:20" when w ends on the local day it started, else "Thu 00:10". */
static void
end_text(const struct pdf_doc *doc, const struct model_window *w, char *buf,
	 size_t n)
{
	char a[16], b[16];

	if (period_format_local(doc->m->tz, w->start.ts, "%F", a, sizeof(a)) ||
	    period_format_local(doc->m->tz, w->end.ts, "%F", b, sizeof(b)) ||
	    period_format_local(doc->m->tz, w->end.ts,
				strcmp(a, b) ? "%a %H:%M" : "%H:%M", buf, n))
		snprintf(buf, n, "%s", w->end.text);
}

/* Whether outage i of c is among its max longest (ties: the earlier). */
static int
among_longest(const struct model_check *c, size_t i, size_t max)
{
	double m = c->outages[i].w.minutes;
	size_t j, longer = 0;

	for (j = 0; j < c->noutages && longer < max; j++)
		longer += c->outages[j].w.minutes > m ||
			(j < i && c->outages[j].w.minutes == m);
	return longer < max;
}

struct outage_row {
	const char *cells[1 + 3 * PER_ROW];
	char to[PER_ROW][PERIOD_TIME_TEXT_MAX], mins[PER_ROW][32];
	int n; /* windows in the row */
};

static void
row_flush(struct pdf_doc *doc, struct pdf_table *t, struct outage_row *r)
{
	int k;

	if (r->n == 0)
		return;
	for (k = r->n; k < PER_ROW; k++)
		r->cells[1 + 3 * k] = r->cells[2 + 3 * k] =
			r->cells[3 + 3 * k] = "";
	pdf_table_row(doc, t, r->cells);
	r->n = 0;
}

static void
check_outages(struct pdf_doc *doc, struct pdf_table *t,
	      const struct model_check *c, int *any)
{
	size_t max = doc->in->lists.outages > 0 ?
		(size_t)doc->in->lists.outages :
		0;
	struct outage_row r;
	char more[64];
	size_t i, shown = 0;

	memset(&r, 0, sizeof(r));
	r.cells[0] = pdf_str(doc, c->name);
	for (i = 0; i < c->noutages; i++) {
		const struct model_window *o = &c->outages[i].w;

		if (!among_longest(c, i, max))
			continue;
		if (!(*any)++) {
			pdf_subheading(doc, "Outages");
			pdf_table_begin(doc, t);
		}
		end_text(doc, o, r.to[r.n], sizeof(r.to[r.n]));
		pdf_num(o->minutes, r.mins[r.n], sizeof(r.mins[r.n]));
		r.cells[1 + 3 * r.n] = pdf_time(doc, &o->start);
		r.cells[2 + 3 * r.n] = r.to[r.n];
		r.cells[3 + 3 * r.n] = r.mins[r.n];
		if (++r.n == PER_ROW)
			row_flush(doc, t, &r);
		shown++;
	}
	row_flush(doc, t, &r);
	if (shown < c->noutages && *any) {
		snprintf(more, sizeof(more), "and %zu more (see the JSON)",
			 c->noutages - shown);
		r.cells[1] = more;
		r.cells[2] = r.cells[3] = "";
		r.n = 1;
		row_flush(doc, t, &r);
	}
}

void
pdf_outages(struct pdf_doc *doc, const struct model_health *h)
{
	struct pdf_table t = { outage_cols, 1 + 3 * PER_ROW, 7.5, 0 };
	char line[200];
	int any = 0;
	size_t i;

	size_t total = 0;

	for (i = 0; i < h->nchecks; i++) {
		check_outages(doc, &t, &h->checks[i], &any);
		total += h->checks[i].noutages;
	}
	if (!any && total > 0) { /* outages_max = 0 */
		snprintf(line, sizeof(line),
			 "%zu outage windows, not listed ([report] outages_max "
			 "= 0); the JSON lists them.",
			 total);
		pdf_para(doc, PDF_REGULAR, 8, doc->left, doc->right - doc->left,
			 line);
	}
	if (!any)
		return;
	pdf_table_end(doc, &t);
	snprintf(line, sizeof(line),
		 "The %d longest outages of each check, in time order; "
		 "less than %d min apart, one window; the JSON lists all.",
		 doc->in->lists.outages, doc->in->lists.outage_merge_min);
	pdf_need(doc, 2 * 8 * 1.3); /* not a lone line on the next page */
	pdf_para(doc, PDF_REGULAR, 8, doc->left, doc->right - doc->left, line);
}
