/*
 * pdf_chart.c - a time-series chart of the period: lines (or stacked
 * areas) over day gridlines in the report's zone, threshold and reference
 * lines, a y axis with units and round ticks, and a legend.
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

#define PLOT_H		118.0
#define AXIS_W		44.0
#define TITLE_H		28.0
#define XLABEL_H	14.0
#define BUCKETS_PER_PT	0.5
#define GAP_FACTOR	2.5

struct bucket {
	double lo, hi, sum;
	int n;
	int gap;	/* the data broke before this bucket */
};

struct plot {
	double x, y, w, h;	/* plot area */
	double ymin, ymax;
	int64_t t0, t1;
	int nb;
};

/*
 * Positions are rounded to a quarter point: invisible on paper, exact in
 * binary, so libharu writes "806.25" rather than "806.89001" and the
 * page is a third smaller.
 */
static double
quarter(double v)
{
	return round(v * 4) / 4;
}

static double
px(const struct plot *p, int k)
{
	return quarter(p->x + (k + 0.5) * p->w / p->nb);
}

static double
py(const struct plot *p, double v)
{
	return quarter(p->y + (v - p->ymin) / (p->ymax - p->ymin) * p->h);
}

static void
bucketize(const struct plot *p, const int64_t *t, const double *v, size_t n,
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
	HPDF_Page page;
	double ex, ey;		/* the last point written */
	double hx, hy;		/* the point held back */
	double smin, smax;	/* slopes that keep the left-out points */
	int held;
};

static void
pl_start(struct pline *l, HPDF_Page page, double x, double y, int move)
{
	l->page = page;
	if (move)
		HPDF_Page_MoveTo(page, (HPDF_REAL)x, (HPDF_REAL)y);
	else
		HPDF_Page_LineTo(page, (HPDF_REAL)x, (HPDF_REAL)y);
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
		HPDF_Page_LineTo(l->page, (HPDF_REAL)l->hx, (HPDF_REAL)l->hy);
		l->ex = l->hx;
		l->ey = l->hy;
		l->held = 0;
	}
	if (fabs(x - l->ex) > 1e-6) {
		pl_hold(l, x, y, 1);
	} else {
		HPDF_Page_LineTo(l->page, (HPDF_REAL)x, (HPDF_REAL)y);
		l->ex = x;
		l->ey = y;
	}
}

static void
pl_end(struct pline *l)
{
	if (l->held)
		HPDF_Page_LineTo(l->page, (HPDF_REAL)l->hx, (HPDF_REAL)l->hy);
	l->held = 0;
}

static void
envelope(struct pdf_doc *doc, const struct plot *p, const struct bucket *b,
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
			pl_start(&l, doc->page, px(p, a), py(p, b[a].hi), 1);
			for (k = a + 1; k <= e; k++)
				if (b[k].n)
					pl_to(&l, px(p, k), py(p, b[k].hi));
			pl_end(&l);
			pl_start(&l, doc->page, px(p, e), py(p, b[e].lo), 0);
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
line(struct pdf_doc *doc, const struct plot *p, const struct bucket *b,
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
		pl_start(&l, doc->page, px(p, a), py(p, b[a].sum / b[a].n),
		    !area);
		for (k = a + 1; k <= e; k++)
			if (b[k].n)
				pl_to(&l, px(p, k), py(p, b[k].sum / b[k].n));
		pl_end(&l);
		if (a == e && !area)	/* a lone point: a short dash */
			HPDF_Page_LineTo(doc->page, (HPDF_REAL)(px(p, a) + 1),
			    (HPDF_REAL)py(p, b[a].sum / b[a].n));
		if (area) {
			HPDF_Page_LineTo(doc->page, (HPDF_REAL)(px(p, e) +
			    (a == e)), (HPDF_REAL)base);
			HPDF_Page_ClosePath(doc->page);
			HPDF_Page_Fill(doc->page);
		} else {
			HPDF_Page_Stroke(doc->page);
		}
		a = e + 1;
	}
}

static double
nice_step(double range, int target)
{
	double raw = range / target, mag, f;

	if (!(raw > 0))
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) *
	    mag;
}

/* Scale and unit text for the axis: "MB/s" for bytes, "k/s" for counts. */
static double
axis_unit(const char *unit, double top, char *buf, size_t n)
{
	static const char *const pre[] = { "", "k", "M", "G", "T" };
	int i = 0;
	double scale = 1;
	const char *u = strcmp(unit, "1/s") == 0 ? "/s" : unit;

	if (strcmp(unit, "%") != 0)
		while (top / scale >= 1e4 && i < 4)
			scale *= 1e3, i++;
	if (i > 0 && strcmp(unit, "B/s") != 0 && u[0] != '/')
		snprintf(buf, n, "%s %s", pre[i], u);
	else
		snprintf(buf, n, "%s%s", pre[i], u);
	return scale;
}

/* The y axis: ticks, labels, gridlines, the unit on top. */
static void
y_axis(struct pdf_doc *doc, const struct plot *p, const char *unit)
{
	char ulabel[32], lab[32];
	double step = nice_step(p->ymax - p->ymin, 4), v, scale;
	int dec;

	scale = axis_unit(unit, p->ymax, ulabel, sizeof(ulabel));
	/* As many decimals as the step needs: 2.5 stays 2.5. */
	for (dec = 0; dec < 3; dec++) {
		double f = step / scale * pow(10, dec);

		if (fabs(f - round(f)) < 1e-6)
			break;
	}
	HPDF_Page_SetLineWidth(doc->page, 0.3f);
	for (v = ceil(p->ymin / step) * step; v <= p->ymax + step * 1e-6;
	    v += step) {
		double y = py(p, v);

		pdf_stroke_rgb(doc, (struct pdf_rgb){ 0.85f, 0.85f, 0.87f });
		HPDF_Page_MoveTo(doc->page, (HPDF_REAL)p->x, (HPDF_REAL)y);
		HPDF_Page_LineTo(doc->page, (HPDF_REAL)(p->x + p->w),
		    (HPDF_REAL)y);
		HPDF_Page_Stroke(doc->page);
		snprintf(lab, sizeof(lab), "%.*f", dec, v / scale + 0.0);
		pdf_fill_rgb(doc, pdf_grey);
		pdf_text(doc, PDF_REGULAR, 7, p->x - 4, y - 2.5, PDF_RIGHT,
		    lab);
	}
	pdf_text(doc, PDF_REGULAR, 7, p->x - 4, p->y + p->h + 4, PDF_RIGHT,
	    ulabel);
}

/* Day gridlines at local midnight, day names between them. */
static void
x_axis(struct pdf_doc *doc, const struct plot *p)
{
	double span = (double)(p->t1 - p->t0);
	size_t i, every, nd = doc->nmidnights;
	char lab[32];

	every = nd > 10 ? (nd + 9) / 10 : 1;
	HPDF_Page_SetLineWidth(doc->page, 0.4f);
	pdf_stroke_rgb(doc, (struct pdf_rgb){ 0.7f, 0.7f, 0.75f });
	for (i = 0; i < nd; i++) {
		double x = p->x + (double)(doc->midnights[i] - p->t0) / span *
		    p->w;

		HPDF_Page_MoveTo(doc->page, (HPDF_REAL)x, (HPDF_REAL)p->y);
		HPDF_Page_LineTo(doc->page, (HPDF_REAL)x,
		    (HPDF_REAL)(p->y + p->h));
		HPDF_Page_Stroke(doc->page);
	}
	pdf_fill_rgb(doc, pdf_grey);
	/* Day i runs from boundary i to i + 1: start, midnights, end. */
	for (i = 0; i <= nd; i += every) {
		int64_t a = i == 0 ? p->t0 : doc->midnights[i - 1];
		int64_t b = i + every - 1 < nd ? doc->midnights[i + every - 1] :
		    p->t1;
		double xa = p->x + (double)(a - p->t0) / span * p->w;
		double xb = p->x + (double)(b - p->t0) / span * p->w;

		if (xb - xa < 28 || period_format_local(doc->in->tz, a,
		    every == 1 ? "%a %d" : "%d %b", lab, sizeof(lab)) != PW_OK)
			continue;
		pdf_text(doc, PDF_REGULAR, 7, every == 1 ? (xa + xb) / 2 :
		    xa + 1, p->y - 9, every == 1 ? PDF_CENTER : PDF_LEFT, lab);
	}
}

/* A dashed horizontal line with its label at the right end. */
static void
hline(struct pdf_doc *doc, const struct plot *p, double v, struct pdf_rgb c,
    const char *label, int below)
{
	static const HPDF_UINT16 dash[] = { 3, 2 };
	double y, w;

	if (isnan(v) || v < p->ymin || v > p->ymax)
		return;
	y = py(p, v);
	pdf_stroke_rgb(doc, c);
	HPDF_Page_SetLineWidth(doc->page, 0.8f);
	HPDF_Page_SetDash(doc->page, dash, 2, 0);
	HPDF_Page_MoveTo(doc->page, (HPDF_REAL)p->x, (HPDF_REAL)y);
	HPDF_Page_LineTo(doc->page, (HPDF_REAL)(p->x + p->w), (HPDF_REAL)y);
	HPDF_Page_Stroke(doc->page);
	HPDF_Page_SetDash(doc->page, NULL, 0, 0);
	pdf_fill_rgb(doc, c);
	/* The warning's label goes under its line, the critical's above. */
	if (y + 9 > p->y + p->h)
		below = 1;
	/* On a white patch, so a line through it does not hide it. */
	w = pdf_text_width(doc, PDF_REGULAR, 6.5, label);
	pdf_rect(doc, p->x + p->w - 3 - w, y + (below ? -8.5 : 1), w + 2, 7.5,
	    pdf_white);
	pdf_fill_rgb(doc, c);
	pdf_text(doc, PDF_REGULAR, 6.5, p->x + p->w - 2, y + (below ? -7.5 :
	    2), PDF_RIGHT, label);
}

/* Title on the left, legend swatches from the right. */
static void
title_legend(struct pdf_doc *doc, const struct chart *c, double y)
{
	double x = doc->right;
	int i;

	pdf_fill_rgb(doc, pdf_black);
	pdf_text(doc, PDF_BOLD, 9.5, doc->left, y, PDF_LEFT, c->title);
	if (c->ns < 2 && !c->stacked)
		return;
	for (i = c->ns - 1; i >= 0; i--) {
		double w = pdf_text_width(doc, PDF_REGULAR, 7.5, c->s[i].label);

		x -= w;
		pdf_fill_rgb(doc, pdf_black);
		pdf_text(doc, PDF_REGULAR, 7.5, x, y, PDF_LEFT, c->s[i].label);
		pdf_rect(doc, x - 10, y, 7, 7, c->s[i].color);
		x -= 20;
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
gather(struct pdf_doc *doc, const struct chart *c, const struct plot *p,
    struct bucket *b)
{
	double gap_s = c->spacing_s > 0 ? c->spacing_s * GAP_FACTOR : 1e18;
	double top = -INFINITY;
	int i, k;

	for (i = 0; i < c->ns; i++) {
		const double *v = c->s[i].v;

		if (c->stacked) {
			stack_upto(c, i, doc->work);
			v = doc->work;
		}
		bucketize(p, c->s[i].t, v, c->s[i].n, gap_s, b + i * p->nb);
		for (k = 0; k < p->nb; k++)
			if (b[i * p->nb + k].n && b[i * p->nb + k].hi > top)
				top = b[i * p->nb + k].hi;
	}
	return top;
}

static void
y_scale(const struct chart *c, struct plot *p, double top)
{
	double step;

	p->ymin = 0;
	if (!isfinite(top) || top <= 0)
		top = 1;
	if (!isnan(c->ref) && c->ref < 2 * top && c->ref > top)
		top = c->ref;
	if (!isnan(c->warn) && c->warn < 1.3 * top && c->warn > top)
		top = c->warn;
	if (!isnan(c->crit) && c->crit < 1.3 * top && c->crit > top)
		top = c->crit;
	if (!isnan(c->ymax) && top <= c->ymax && top > c->ymax / 2)
		top = c->ymax;
	step = nice_step(top, 4);
	p->ymax = ceil(top / step - 1e-9) * step;
	if (p->ymax <= p->ymin)
		p->ymax = p->ymin + 1;
}

/* Reboots: a dotted line and a mark at the top of the plot. */
static void
reboots(struct pdf_doc *doc, const struct plot *p)
{
	static const HPDF_UINT16 dot[] = { 1, 2 };
	size_t i;

	for (i = 0; i < doc->nreboots; i++) {
		int64_t t = doc->reboots[i];
		double x;

		if (t < p->t0 || t >= p->t1)
			continue;
		x = quarter(p->x + (double)(t - p->t0) / (double)(p->t1 -
		    p->t0) * p->w);
		pdf_stroke_rgb(doc, pdf_grey);
		HPDF_Page_SetLineWidth(doc->page, 0.6f);
		HPDF_Page_SetDash(doc->page, dot, 2, 0);
		HPDF_Page_MoveTo(doc->page, (HPDF_REAL)x, (HPDF_REAL)p->y);
		HPDF_Page_LineTo(doc->page, (HPDF_REAL)x,
		    (HPDF_REAL)(p->y + p->h));
		HPDF_Page_Stroke(doc->page);
		HPDF_Page_SetDash(doc->page, NULL, 0, 0);
		pdf_fill_rgb(doc, pdf_grey);
		pdf_text(doc, PDF_REGULAR, 6.5, x, p->y + p->h + 2,
		    PDF_CENTER, "reboot");
	}
}

/* Threshold and reference lines, over the data so they stay visible. */
static void
thresholds(struct pdf_doc *doc, const struct chart *c, const struct plot *p)
{
	char lab[64];

	snprintf(lab, sizeof(lab), "warning %g", c->warn);
	hline(doc, p, c->warn, (struct pdf_rgb){ 0.9f, 0.55f, 0.05f }, lab, 1);
	snprintf(lab, sizeof(lab), "critical %g", c->crit);
	hline(doc, p, c->crit, (struct pdf_rgb){ 0.8f, 0.1f, 0.1f }, lab, 0);
	hline(doc, p, c->ref, pdf_grey, c->ref_label ? c->ref_label : "", 0);
}

void
pdf_chart(struct pdf_doc *doc, const struct chart *c)
{
	struct plot p;
	struct bucket *b;
	double top, span_s;
	int i, any = 0;

	memset(&p, 0, sizeof(p));
	pdf_need(doc, TITLE_H + PLOT_H + XLABEL_H + 10);
	title_legend(doc, c, doc->y - 10);
	p.x = doc->left + AXIS_W;
	p.w = doc->right - p.x - 2;
	p.h = PLOT_H;
	p.y = doc->y - TITLE_H - PLOT_H;
	p.t0 = doc->start;
	p.t1 = doc->end > doc->start ? doc->end : doc->start + 1;
	span_s = (double)(p.t1 - p.t0);
	p.nb = (int)(p.w * BUCKETS_PER_PT);
	if (c->spacing_s > 0 && span_s / c->spacing_s < p.nb)
		p.nb = (int)ceil(span_s / c->spacing_s);
	if (p.nb < 1)
		p.nb = 1;
	doc->y = p.y - XLABEL_H - 10;
	if (!(b = malloc(sizeof(*b) * (size_t)p.nb * (size_t)(c->ns + 1)))) {
		doc->err.count++;
		return;
	}
	top = gather(doc, c, &p, b);
	y_scale(c, &p, top);
	y_axis(doc, &p, c->unit);
	x_axis(doc, &p);
	/* Draw inside the plot only: a fixed scale may cut a spike. */
	HPDF_Page_GSave(doc->page);
	HPDF_Page_Rectangle(doc->page, (HPDF_REAL)p.x, (HPDF_REAL)p.y,
	    (HPDF_REAL)p.w, (HPDF_REAL)(p.h + 0.5));
	HPDF_Page_Clip(doc->page);
	HPDF_Page_EndPath(doc->page);
	for (i = c->stacked ? c->ns - 1 : 0; c->stacked ? i >= 0 : i < c->ns;
	    i += c->stacked ? -1 : 1) {
		const struct bucket *bi = b + i * p.nb;
		int k;

		for (k = 0; k < p.nb; k++)
			any |= bi[k].n > 0;
		if (!c->stacked)
			envelope(doc, &p, bi, c->s[i].color);
		line(doc, &p, bi, c->s[i].color, c->stacked);
	}
	HPDF_Page_GRestore(doc->page);
	free(b);
	reboots(doc, &p);
	thresholds(doc, c, &p);
	pdf_stroke_rgb(doc, pdf_grey);
	HPDF_Page_SetLineWidth(doc->page, 0.6f);
	HPDF_Page_Rectangle(doc->page, (HPDF_REAL)p.x, (HPDF_REAL)p.y,
	    (HPDF_REAL)p.w, (HPDF_REAL)p.h);
	HPDF_Page_Stroke(doc->page);
	/* Say why a chart looks empty. */
	if (!any || !(top > 0)) {
		pdf_fill_rgb(doc, pdf_grey);
		pdf_text(doc, PDF_REGULAR, 9, p.x + p.w / 2, p.y + p.h / 2,
		    PDF_CENTER, !any ? "no data in the period" :
		    "zero all the period");
	}
	pdf_fill_rgb(doc, pdf_black);
}
