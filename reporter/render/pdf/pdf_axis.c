/*
 * pdf_axis.c - the frame of a chart: the title and legend, the y scale
 * with round ticks and units, day gridlines and labels in the report's
 * time zone, and the lines drawn over the data (reboots, thresholds, a
 * reference such as the CPU count).
 *
 * pdf_chart.c turns the series into paths; this file knows nothing of the
 * data but the top of its range.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pdf_int.h"

/*
 * Positions are rounded to a quarter point: invisible on paper, exact in
 * binary, so libharu writes "806.25" rather than "806.89001" and the
 * page is a third smaller.
 */
double
pdf_quarter(double v)
{
	return round(v * 4) / 4;
}


static double
py(const struct pdf_plot *p, double v)
{
	return pdf_quarter(p->y + (v - p->ymin) / (p->ymax - p->ymin) * p->h);
}

static double
nice_step(double range, int target)
{
	double raw = range / target, mag, f;

	if (!(raw > 0))
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return (f <= 1           ? 1 :
			f <= 2   ? 2 :
			f <= 2.5 ? 2.5 :
			f <= 5   ? 5 :
				   10) *
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
y_axis(struct pdf_doc *doc, const struct pdf_plot *p, const char *unit)
{
	char ulabel[32], lab[32];
	double step = nice_step(p->ymax - p->ymin, 4), v, scale;
	long k;
	int dec;

	scale = axis_unit(unit, p->ymax, ulabel, sizeof(ulabel));
	/* As many decimals as the step needs: 2.5 stays 2.5. */
	for (dec = 0; dec < 3; dec++) {
		double f = step / scale * pow(10, dec);

		if (fabs(f - round(f)) < 1e-6)
			break;
	}
	HPDF_Page_SetLineWidth(doc->page, 0.3f);
	/* ticks counted in whole steps: no drift from adding floats */
	for (k = (long)ceil(p->ymin / step);
	     (double)k * step <= p->ymax + step * 1e-6; k++) {
		double y;

		v = (double)k * step;
		y = py(p, v);

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

/* The midnights inside the plot's span: *first and the count. */
static size_t
midnights_in(const struct pdf_doc *doc, const struct pdf_plot *p, size_t *first)
{
	size_t i = 0, n = 0;

	while (i < doc->nmidnights && doc->midnights[i] <= p->t0)
		i++;
	*first = i;
	while (i + n < doc->nmidnights && doc->midnights[i + n] < p->t1)
		n++;
	return n;
}

/* Day gridlines at local midnight, day names between them. */
static void
x_axis(struct pdf_doc *doc, const struct pdf_plot *p)
{
	double span = (double)(p->t1 - p->t0);
	size_t i, every, m0, nd = midnights_in(doc, p, &m0);
	const int64_t *mid = doc->midnights + m0;
	char lab[32];

	every = nd > 10 ? (nd + 9) / 10 : 1;
	HPDF_Page_SetLineWidth(doc->page, 0.4f);
	pdf_stroke_rgb(doc, (struct pdf_rgb){ 0.7f, 0.7f, 0.75f });
	for (i = 0; i < nd; i++) {
		double x = p->x + (double)(mid[i] - p->t0) / span * p->w;

		HPDF_Page_MoveTo(doc->page, (HPDF_REAL)x, (HPDF_REAL)p->y);
		HPDF_Page_LineTo(doc->page, (HPDF_REAL)x,
				 (HPDF_REAL)(p->y + p->h));
		HPDF_Page_Stroke(doc->page);
	}
	pdf_fill_rgb(doc, pdf_grey);
	/* Day i runs from boundary i to i + 1: start, midnights, end. */
	for (i = 0; i <= nd; i += every) {
		int64_t a = i == 0 ? p->t0 : mid[i - 1];
		int64_t b = i + every - 1 < nd ? mid[i + every - 1] : p->t1;
		double xa = p->x + (double)(a - p->t0) / span * p->w;
		double xb = p->x + (double)(b - p->t0) / span * p->w;

		if (xb - xa < 28 ||
		    period_format_local(doc->m->tz, a,
					every == 1 ? "%a %d" : "%d %b", lab,
					sizeof(lab)) != PW_OK)
			continue;
		pdf_text(doc, PDF_REGULAR, 7,
			 every == 1 ? (xa + xb) / 2 : xa + 1, p->y - 9,
			 every == 1 ? PDF_CENTER : PDF_LEFT, lab);
	}
}

/* A dashed horizontal line with its label at the right end. */
static void
hline(struct pdf_doc *doc, const struct pdf_plot *p, double v, struct pdf_rgb c,
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
	pdf_text(doc, PDF_REGULAR, 6.5, p->x + p->w - 2, y + (below ? -7.5 : 2),
		 PDF_RIGHT, label);
}

/* Title on the left, legend swatches from the right. */
void
pdf_chart_title(struct pdf_doc *doc, const struct chart *c, double y)
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

void
pdf_axis_scale(const struct chart *c, struct pdf_plot *p, double top)
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
reboots(struct pdf_doc *doc, const struct pdf_plot *p)
{
	static const HPDF_UINT16 dot[] = { 1, 2 };
	size_t i;

	for (i = 0; i < doc->nreboots; i++) {
		int64_t t = doc->reboots[i];
		double x;

		if (t < p->t0 || t >= p->t1)
			continue;
		x = pdf_quarter(p->x +
				(double)(t - p->t0) / (double)(p->t1 - p->t0) *
					p->w);
		pdf_stroke_rgb(doc, pdf_grey);
		HPDF_Page_SetLineWidth(doc->page, 0.6f);
		HPDF_Page_SetDash(doc->page, dot, 2, 0);
		HPDF_Page_MoveTo(doc->page, (HPDF_REAL)x, (HPDF_REAL)p->y);
		HPDF_Page_LineTo(doc->page, (HPDF_REAL)x,
				 (HPDF_REAL)(p->y + p->h));
		HPDF_Page_Stroke(doc->page);
		HPDF_Page_SetDash(doc->page, NULL, 0, 0);
		pdf_fill_rgb(doc, pdf_grey);
		pdf_text(doc, PDF_REGULAR, 6.5, x, p->y + p->h + 2, PDF_CENTER,
			 "reboot");
	}
}

/* Threshold and reference lines, over the data so they stay visible. */
static void
thresholds(struct pdf_doc *doc, const struct chart *c, const struct pdf_plot *p)
{
	char lab[64];

	snprintf(lab, sizeof(lab), "warning %g", c->warn);
	hline(doc, p, c->warn, (struct pdf_rgb){ 0.9f, 0.55f, 0.05f }, lab, 1);
	snprintf(lab, sizeof(lab), "critical %g", c->crit);
	hline(doc, p, c->crit, (struct pdf_rgb){ 0.8f, 0.1f, 0.1f }, lab, 0);
	hline(doc, p, c->ref, pdf_grey, c->ref_label ? c->ref_label : "", 0);
}

void
pdf_axis_draw(struct pdf_doc *doc, const struct pdf_plot *p, const char *unit)
{
	pdf_view_shade(doc, p); /* days without data, under the grid */
	y_axis(doc, p, unit);
	x_axis(doc, p);
}

void
pdf_axis_marks(struct pdf_doc *doc, const struct chart *c,
	       const struct pdf_plot *p)
{
	reboots(doc, p);
	thresholds(doc, c, p);
}
