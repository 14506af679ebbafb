/*
 * pdf_heatmap.c - the hour-of-week heatmap: the mean CPU busy percentage
 * of each local weekday and hour (7 x 24 cells) with a colour legend.
 *
 * Cells are placed by the local hour and weekday of each sample in the
 * report's zone, so a DST week puts its samples where the clock on the
 * wall was.  A cell without samples stays grey with no number.
 */
#include <math.h>
#include <stdio.h>

#include "metric.h"
#include "pdf_int.h"

#define ROW_H   15.0
#define LABEL_W 34.0

static const char *const days[7] = { "Mon", "Tue", "Wed", "Thu",
				     "Fri", "Sat", "Sun" };

/* White-blue through amber to deep red over 0..100 %. */
static struct pdf_rgb
heat(double pct)
{
	static const struct {
		double at;
		struct pdf_rgb c;
	} stops[] = {
		{ 0, { 0.92f, 0.95f, 0.98f } },
		{ 40, { 0.99f, 0.85f, 0.45f } },
		{ 75, { 0.93f, 0.42f, 0.16f } },
		{ 100, { 0.62f, 0.05f, 0.10f } },
	};
	size_t i;
	float f;

	if (!(pct > 0))
		return stops[0].c;
	for (i = 1; i < sizeof(stops) / sizeof(stops[0]); i++)
		if (pct <= stops[i].at)
			break;
	if (i == sizeof(stops) / sizeof(stops[0]))
		return stops[i - 1].c;
	f = (float)((pct - stops[i - 1].at) / (stops[i].at - stops[i - 1].at));
	return (struct pdf_rgb){
		stops[i - 1].c.r + (stops[i].c.r - stops[i - 1].c.r) * f,
		stops[i - 1].c.g + (stops[i].c.g - stops[i - 1].c.g) * f,
		stops[i - 1].c.b + (stops[i].c.b - stops[i - 1].c.b) * f
	};
}

struct pdf_rgb
pdf_heat_rgb(double pct)
{
	return heat(pct);
}

static void
legend(struct pdf_doc *doc, double x, double y, double w)
{
	char lab[16];
	int i, steps = 20;

	pdf_fill_rgb(doc, pdf_black);
	pdf_text(doc, PDF_REGULAR, 7.5, x, y + 2, PDF_LEFT, "CPU busy, mean");
	x += 70;
	w -= 70;
	for (i = 0; i < steps; i++)
		pdf_rect(doc, x + i * w / steps, y, w / steps + 0.3, 8,
			 heat((i + 0.5) * 100.0 / steps));
	pdf_fill_rgb(doc, pdf_grey);
	for (i = 0; i <= 4; i++) {
		snprintf(lab, sizeof(lab), "%d %%", i * 25);
		pdf_text(doc, PDF_REGULAR, 6.5, x + i * w / 4, y - 8,
			 i == 0         ? PDF_LEFT :
				 i == 4 ? PDF_RIGHT :
					  PDF_CENTER,
			 lab);
	}
	pdf_rect(doc, x + w + 20, y, 12, 8,
		 (struct pdf_rgb){ 0.8f, 0.8f, 0.8f });
	pdf_text(doc, PDF_REGULAR, 6.5, x + w + 35, y + 1, PDF_LEFT, "no data");
}

void
pdf_heatmap(struct pdf_doc *doc)
{
	const struct dataset *d = &doc->m->data;
	const struct metric_def *m = metric_find("cpu_busy_pct");
	double sum[7][24] = { { 0 } }, cell_w, x0, y0;
	int cnt[7][24] = { { 0 } }, r, h;
	size_t i, n;
	char lab[8];

	if (!m)
		return;
	n = metric_series(m, d, NULL, doc->work);
	for (i = 0; i < n; i++) {
		int wd = period_local_wday(doc->m->tz, d->t[i]);
		int hr = period_local_hour(doc->m->tz, d->t[i]);

		if (wd < 0 || hr < 0 || isnan(doc->work[i]))
			continue;
		sum[wd][hr] += doc->work[i];
		cnt[wd][hr]++;
	}
	pdf_need(doc, 14 + 8 * ROW_H + 40);
	x0 = doc->left + LABEL_W;
	cell_w = (doc->right - x0) / 24;
	y0 = doc->y - 12;
	pdf_fill_rgb(doc, pdf_grey);
	for (h = 0; h < 24; h++) {
		snprintf(lab, sizeof(lab), "%02d", h);
		pdf_text(doc, PDF_REGULAR, 6.5, x0 + (h + 0.5) * cell_w, y0 + 3,
			 PDF_CENTER, lab);
	}
	for (r = 0; r < 7; r++) {
		double y = y0 - (r + 1) * ROW_H;

		pdf_fill_rgb(doc, pdf_black);
		pdf_text(doc, PDF_REGULAR, 8, doc->left, y + 4, PDF_LEFT,
			 days[r]);
		for (h = 0; h < 24; h++) {
			double mean = cnt[r][h] ? sum[r][h] / cnt[r][h] : NAN;
			double x = x0 + h * cell_w;

			pdf_rect(doc, x + 0.5, y + 0.5, cell_w - 1, ROW_H - 1,
				 isnan(mean) ?
					 (struct pdf_rgb){ 0.8f, 0.8f, 0.8f } :
					 heat(mean));
			if (isnan(mean))
				continue;
			snprintf(lab, sizeof(lab), "%.0f", mean);
			pdf_fill_rgb(doc, mean > 70 ? pdf_white : pdf_black);
			pdf_text(doc, PDF_REGULAR, 6, x + cell_w / 2, y + 5,
				 PDF_CENTER, lab);
		}
	}
	doc->y = y0 - 7 * ROW_H - 14;
	legend(doc, doc->left, doc->y - 8, 260);
	doc->y -= 30;
}
