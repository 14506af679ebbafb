/*
 * pdf_view.c - the time the charts span.  A full period is the period;
 * a partial one (the collector started on Thursday, or stopped) is the
 * local days from the first sample's to the last one's, so its data is
 * not a hairline at one end of a week, and a day among those without a
 * single host sample is shaded and labelled "no data".  The section
 * pages say which days the charts span (pdf_sections.c).
 */
#include <stdio.h>

#include "pdf_int.h"

/* The last day boundary (the start, a midnight) at or before t. */
static int64_t
day_floor(const struct pdf_doc *doc, int64_t t)
{
	int64_t b = doc->start;
	size_t i;

	for (i = 0; i < doc->nmidnights && doc->midnights[i] <= t; i++)
		b = doc->midnights[i];
	return b;
}

/* The first day boundary (a midnight, the end) at or after t. */
static int64_t
day_ceil(const struct pdf_doc *doc, int64_t t)
{
	size_t i;

	for (i = 0; i < doc->nmidnights; i++)
		if (doc->midnights[i] >= t)
			return doc->midnights[i];
	return doc->end;
}

void
pdf_view_setup(struct pdf_doc *doc)
{
	const struct dataset *d = &doc->m->data;
	int64_t first, last;

	doc->view_t0 = doc->start;
	doc->view_t1 = doc->end > doc->start ? doc->end : doc->start + 1;
	if (d->n == 0 || doc->end <= doc->start)
		return;
	/* by the samples' times, as the shading goes */
	first = d->t[0];
	last = d->t[d->n - 1];
	if (first < doc->start)
		first = doc->start;
	if (last >= doc->end)
		last = doc->end - 1;
	if (first > last)
		return;
	doc->view_t0 = day_floor(doc, first);
	doc->view_t1 = day_ceil(doc, last);
	if (doc->view_t1 <= doc->view_t0)
		doc->view_t1 = doc->end;
}

int
pdf_view_partial(const struct pdf_doc *doc)
{
	return doc->view_t0 > doc->start || doc->view_t1 < doc->end;
}

/* A host sample in [a, b): the series is in time order. */
static int
has_sample(const struct dataset *d, int64_t a, int64_t b)
{
	size_t lo = 0, hi = d->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->t[mid] < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->n && d->t[lo] < b;
}

static void
shade(struct pdf_doc *doc, const struct pdf_plot *p, int64_t a, int64_t b)
{
	double span = (double)(p->t1 - p->t0);
	double xa = p->x + (double)(a - p->t0) / span * p->w;
	double xb = p->x + (double)(b - p->t0) / span * p->w;

	pdf_rect(doc, xa, p->y, xb - xa, p->h,
		 (struct pdf_rgb){ 0.9f, 0.9f, 0.92f });
	if (xb - xa < 30)
		return;
	pdf_fill_rgb(doc, pdf_grey);
	pdf_text(doc, PDF_REGULAR, 7.5, (xa + xb) / 2, p->y + p->h / 2,
		 PDF_CENTER, "no data");
	pdf_fill_rgb(doc, pdf_black);
}

void
pdf_view_shade(struct pdf_doc *doc, const struct pdf_plot *p)
{
	const struct dataset *d = &doc->m->data;
	int64_t a = p->t0, b;
	size_t i = 0;

	if (d->n == 0)
		return; /* the chart says "no data in the period" */
	while (a < p->t1) {
		while (i < doc->nmidnights && doc->midnights[i] <= a)
			i++;
		b = i < doc->nmidnights && doc->midnights[i] < p->t1 ?
			doc->midnights[i] :
			p->t1;
		if (!has_sample(d, a, b))
			shade(doc, p, a, b);
		a = b;
	}
}

void
pdf_view_note(struct pdf_doc *doc)
{
	char a[32], b[32], line[200];

	if (!pdf_view_partial(doc) ||
	    period_format_local(doc->m->tz, doc->view_t0, "%a %d", a,
				sizeof(a)) != PW_OK ||
	    period_format_local(doc->m->tz, doc->view_t1 - 1, "%a %d", b,
				sizeof(b)) != PW_OK)
		return;
	snprintf(line, sizeof(line),
		 "The period has data from %s to %s only: the charts span "
		 "those days, and a day among them without any is shaded.",
		 a, b);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, doc->right - doc->left, line);
	doc->y -= 4;
}
