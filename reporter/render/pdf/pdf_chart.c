/*
 * pdf_chart.c - a time-series chart of the period: the series as lines
 * with a min/max band, or as stacked areas, inside the frame that
 * pdf_axis.c draws (axes, day gridlines, thresholds, legend).
 *
 * A week at 10-second resolution has 60,480 samples per series, far more
 * than the chart has points across, so the samples are first gathered
 * into buckets, at most BUCKETS_PER_PT per point of width: the line goes
 * through each bucket's mean and a lighter band shows its minimum and
 * maximum, so a short spike stays visible while the page stays small.
 * A break in the data (a sample missing for longer than GAP_FACTOR
 * intervals, or a NaN) ends the line; the next sample starts a new one.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"

#define PLOT_H         118.0
#define AXIS_W         44.0
#define TITLE_H        28.0
#define XLABEL_H       14.0
#define BUCKETS_PER_PT 0.5
#define GAP_FACTOR     2.5

struct bucket {
	double lo, hi, sum;
	int n;
	int gap; /* the data broke before this bucket */
};

static double
px(const struct pdf_plot *p, int k)
{
	return pdf_quarter(p->x + (k + 0.5) * p->w / p->nb);
}

static double
py(const struct pdf_plot *p, double v)
{
	return pdf_quarter(p->y + (v - p->ymin) / (p->ymax - p->ymin) * p->h);
}

static void
bucketize(const struct pdf_plot *p, const int64_t *t, const double *v, size_t n,
	  double gap_s, struct bucket *b)
{
	int64_t prev_t = 0;
	int prev_ok = 0, k;
	size_t i;

	for (k = 0; k < p->nb; k++)
		b[k] = (struct bucket){ INFINITY, -INFINITY, 0, 0, 0 };
	for (i = 0; i < n; i++) {
		if (t[i] < p->t0 || t[i] >= p->t1)
			continue;
		if (isnan(v[i])) {
			prev_ok = 0;
			continue;
		}
		k = (int)((t[i] - p->t0) * p->nb / (p->t1 - p->t0));
		if (!prev_ok || (double)(t[i] - prev_t) > gap_s)
			b[k].gap = 1;
		if (v[i] < b[k].lo)
			b[k].lo = v[i];
		if (v[i] > b[k].hi)
			b[k].hi = v[i];
		b[k].sum += v[i];
		b[k].n++;
		prev_t = t[i];
		prev_ok = 1;
	}
}

/* Runs of buckets with data and no break: [*a, *b], from *a on. */
static int
next_run(const struct bucket *b, int nb, int *a, int *e)
{
	int k = *a;

	while (k < nb && b[k].n == 0)
		k++;
	if (k >= nb)
		return 0;
	*a = k;
	for (*e = k++; k < nb; k++) {
		if (b[k].n == 0)
			continue;
		if (b[k].gap)
			break;
		*e = k;
	}
	return 1;
}

static struct pdf_rgb
lighter(struct pdf_rgb c, float f)
{
	return (struct pdf_rgb){ c.r + (1 - c.r) * f, c.g + (1 - c.g) * f,
				 c.b + (1 - c.b) * f };
}

/*
 * A polyline that leaves out the points a straight segment draws within
 * SIMPLIFY_PT anyway: the slopes from the last point written that pass
 * near every point left out since form an interval, and a new point
 * whose slope falls inside it replaces the point held back.  A smooth
 * mean line loses most of its points, a noisy one few; what is drawn
 * stays within a fifth of a point of the data.
 */
#define SIMPLIFY_PT 0.2

struct pline {
	struct pdf_path path; /* the segments, batched */
	double ex, ey;        /* the last point written */
	double hx, hy;        /* the point held back */
	double smin, smax;    /* slopes that keep the left-out points */
	int held;
};

static void
pl_start(struct pline *l, struct pdf_doc *doc, double x, double y, int move)
{
	pdf_path_begin(&l->path, doc);
	if (move)
		HPDF_Page_MoveTo(doc->page, (HPDF_REAL)x, (HPDF_REAL)y);
	else
		pdf_path_line(&l->path, x, y);
	l->ex = x;
	l->ey = y;
	l->held = 0;
}

static void
pl_hold(struct pline *l, double x, double y, int first)
{
	double dx = x - l->ex, a = (y - SIMPLIFY_PT - l->ey) / dx;
	double b = (y + SIMPLIFY_PT - l->ey) / dx;

	if (a > b) {
		double t = a;

		a = b;
		b = t;
	}
	if (first || a > l->smin)
		l->smin = a;
	if (first || b < l->smax)
		l->smax = b;
	l->hx = x;
	l->hy = y;
	l->held = 1;
}

static void
pl_to(struct pline *l, double x, double y)
{
	double dx = x - l->ex, s;

	if (l->held && fabs(dx) > 1e-6 && (l->hx - l->ex) * dx > 0 &&
	    fabs(x - l->ex) > fabs(l->hx - l->ex)) {
		s = (y - l->ey) / dx;
		if (s >= l->smin && s <= l->smax) {
			pl_hold(l, x, y, 0);
			return;
		}
	}
	if (l->held) {
		pdf_path_line(&l->path, l->hx, l->hy);
		l->ex = l->hx;
		l->ey = l->hy;
		l->held = 0;
	}
	if (fabs(x - l->ex) > 1e-6) {
		pl_hold(l, x, y, 1);
	} else {
		pdf_path_line(&l->path, x, y);
		l->ex = x;
		l->ey = y;
	}
}

static void
pl_end(struct pline *l)
{
	if (l->held)
		pdf_path_line(&l->path, l->hx, l->hy);
	l->held = 0;
	pdf_path_flush(&l->path);
}

static void
envelope(struct pdf_doc *doc, const struct pdf_plot *p, const struct bucket *b,
	 struct pdf_rgb c)
{
	struct pline l;
	int a = 0, e, k, spread;

	/* A run whose band would hide behind the line gets none. */
	pdf_fill_rgb(doc, lighter(c, 0.7f));
	while (next_run(b, p->nb, &a, &e)) {
		for (spread = 0, k = a; k <= e; k++)
			if (b[k].n > 1 && py(p, b[k].hi) - py(p, b[k].lo) > 1)
				spread = 1;
		if (spread) {
			pl_start(&l, doc, px(p, a), py(p, b[a].hi), 1);
			for (k = a + 1; k <= e; k++)
				if (b[k].n)
					pl_to(&l, px(p, k), py(p, b[k].hi));
			pl_end(&l);
			pl_start(&l, doc, px(p, e), py(p, b[e].lo), 0);
			for (k = e - 1; k >= a; k--)
				if (b[k].n)
					pl_to(&l, px(p, k), py(p, b[k].lo));
			pl_end(&l);
			HPDF_Page_ClosePath(doc->page);
			HPDF_Page_Fill(doc->page);
		}
		a = e + 1;
	}
}

/* The mean line; filled down to the axis when area is set. */
static void
line(struct pdf_doc *doc, const struct pdf_plot *p, const struct bucket *b,
     struct pdf_rgb c, int area)
{
	struct pline l;
	int a = 0, e, k;
	double base = py(p, p->ymin > 0 ? p->ymin : 0);

	pdf_stroke_rgb(doc, c);
	pdf_fill_rgb(doc, c);
	HPDF_Page_SetLineWidth(doc->page, 0.9f);
	while (next_run(b, p->nb, &a, &e)) {
		if (area)
			HPDF_Page_MoveTo(doc->page, (HPDF_REAL)px(p, a),
					 (HPDF_REAL)base);
		pl_start(&l, doc, px(p, a), py(p, b[a].sum / b[a].n), !area);
		for (k = a + 1; k <= e; k++)
			if (b[k].n)
				pl_to(&l, px(p, k), py(p, b[k].sum / b[k].n));
		pl_end(&l);
		if (a == e && !area) /* a lone point: a short dash */
			HPDF_Page_LineTo(doc->page, (HPDF_REAL)(px(p, a) + 1),
					 (HPDF_REAL)py(p, b[a].sum / b[a].n));
		if (area) {
			HPDF_Page_LineTo(doc->page,
					 (HPDF_REAL)(px(p, e) + (a == e)),
					 (HPDF_REAL)base);
			HPDF_Page_ClosePath(doc->page);
			HPDF_Page_Fill(doc->page);
		} else {
			HPDF_Page_Stroke(doc->page);
		}
		a = e + 1;
	}
}

/* Stacked sums of the series up to k, NaN only where all are NaN. */
static void
stack_upto(const struct chart *c, int k, double *out)
{
	size_t i, n = c->s[0].n;
	int j;

	for (i = 0; i < n; i++) {
		double sum = 0;
		int any = 0;

		for (j = 0; j <= k; j++)
			if (i < c->s[j].n && !isnan(c->s[j].v[i]))
				sum += c->s[j].v[i], any = 1;
		out[i] = any ? sum : NAN;
	}
}

/* Bucket every series (stacked sums for a stacked chart); data max. */
static double
gather(struct pdf_doc *doc, const struct chart *c, const struct pdf_plot *p,
       struct bucket *b)
{
	double gap_s = c->spacing_s > 0 ? c->spacing_s * GAP_FACTOR : 1e18;
	double top = -INFINITY;
	int i, k;

	for (i = 0; i < c->ns; i++) {
		const double *v = c->s[i].v;
		struct bucket *bi = b + (size_t)i * (size_t)p->nb;

		if (c->stacked) {
			stack_upto(c, i, doc->work);
			v = doc->work;
		}
		bucketize(p, c->s[i].t, v, c->s[i].n, gap_s, bi);
		for (k = 0; k < p->nb; k++)
			if (bi[k].n && bi[k].hi > top)
				top = bi[k].hi;
	}
	return top;
}

/* The plot area below the title, and how many buckets across. */
static void
layout(struct pdf_doc *doc, const struct chart *c, struct pdf_plot *p)
{
	double span_s;

	memset(p, 0, sizeof(*p));
	p->x = doc->left + AXIS_W;
	p->w = doc->right - p->x - 2;
	p->h = PLOT_H;
	p->y = doc->y - TITLE_H - PLOT_H;
	p->t0 = doc->view_t0; /* pdf_view.c */
	p->t1 = doc->view_t1;
	span_s = (double)(p->t1 - p->t0);
	/* Fewer buckets than samples, and no more than there are samples. */
	p->nb = (int)(p->w * BUCKETS_PER_PT);
	if (c->spacing_s > 0 && span_s / c->spacing_s < p->nb)
		p->nb = (int)ceil(span_s / c->spacing_s);
	if (p->nb < 1)
		p->nb = 1;
}

/* The series, clipped to the plot; whether any bucket had data. */
static int
series(struct pdf_doc *doc, const struct chart *c, const struct pdf_plot *p,
       const struct bucket *b)
{
	int i, k, any = 0;

	/* Draw inside the plot only: a fixed scale may cut a spike. */
	HPDF_Page_GSave(doc->page);
	HPDF_Page_Rectangle(doc->page, (HPDF_REAL)p->x, (HPDF_REAL)p->y,
			    (HPDF_REAL)p->w, (HPDF_REAL)(p->h + 0.5));
	HPDF_Page_Clip(doc->page);
	HPDF_Page_EndPath(doc->page);
	/* Stacked areas from the top down, each over the one above it. */
	for (i = c->stacked ? c->ns - 1 : 0; c->stacked ? i >= 0 : i < c->ns;
	     i += c->stacked ? -1 : 1) {
		const struct bucket *bi = b + (size_t)i * (size_t)p->nb;

		for (k = 0; k < p->nb; k++)
			/* every bucket was set by bucketize() in scale() */
			/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult) */
			any |= bi[k].n > 0;
		if (!c->stacked)
			envelope(doc, p, bi, c->s[i].color);
		line(doc, p, bi, c->s[i].color, c->stacked);
	}
	HPDF_Page_GRestore(doc->page);
	return any;
}

void
pdf_chart(struct pdf_doc *doc, const struct chart *c)
{
	struct pdf_plot p;
	struct bucket *b;
	double top;
	int any;

	pdf_need(doc, TITLE_H + PLOT_H + XLABEL_H + 10);
	pdf_chart_title(doc, c, doc->y - 10);
	layout(doc, c, &p);
	doc->y = p.y - XLABEL_H - 10;
	if (!(b = malloc(sizeof(*b) * (size_t)p.nb * (size_t)(c->ns + 1)))) {
		doc->err.count++;
		return;
	}
	top = gather(doc, c, &p, b);
	pdf_axis_scale(c, &p, top);
	pdf_axis_draw(doc, &p, c->unit);
	any = series(doc, c, &p, b);
	free(b);
	pdf_axis_marks(doc, c, &p);
	pdf_stroke_rgb(doc, pdf_grey);
	HPDF_Page_SetLineWidth(doc->page, 0.6f);
	HPDF_Page_Rectangle(doc->page, (HPDF_REAL)p.x, (HPDF_REAL)p.y,
			    (HPDF_REAL)p.w, (HPDF_REAL)p.h);
	HPDF_Page_Stroke(doc->page);
	/* Say why a chart looks empty. */
	if (!any || !(top > 0)) {
		pdf_fill_rgb(doc, pdf_grey);
		pdf_text(doc, PDF_REGULAR, 9, p.x + p.w / 2, p.y + p.h / 2,
			 PDF_CENTER,
			 !any ? "no data in the period" :
				"zero all the period");
	}
	pdf_fill_rgb(doc, pdf_black);
}
