/*
 * pdf_devices.c - the devices of a per-device section (disks,
 * filesystems, network interfaces): the busiest [report] devices_max by
 * the resource's own measure get their charts and statistics, each with
 * its table on the same page; the others share one summary table; the
 * devices whose every value is zero all week are named in one line
 * ("idle all week: ifb0, ifb1") instead of charted.  The JSON has every
 * device in full.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pdf_int.h"

#define DEVICES_MAX 4096 /* devices of one section ranked */

/* How busy a device of a resource is: the mean or max of one or two. */
struct busy_def {
	const char *section;
	const char *label; /* in the summary table's heading */
	const char *metric[2];
	int use_max; /* max, not avg (a filesystem's fullest moment) */
};

static const struct busy_def busy_defs[] = {
	{ "disk", "utilisation %", { "disk.util_pct", NULL }, 0 },
	{ "filesystem", "space used %", { "filesystem.used_pct", NULL }, 1 },
	{ "netif",
	  "rx + tx B/s",
	  { "netif.rx_bytes_per_s", "netif.tx_bytes_per_s" },
	  0 },
};

static const struct busy_def *
busy_def(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(busy_defs) / sizeof(busy_defs[0]); i++)
		if (strcmp(busy_defs[i].section, id) == 0)
			return &busy_defs[i];
	return NULL;
}

static const struct model_metric *
dev_metric(const struct model_device *dv, const char *id)
{
	size_t i;

	for (i = 0; id && i < dv->nmetrics; i++)
		if (dv->metrics[i].id && strcmp(dv->metrics[i].id, id) == 0)
			return &dv->metrics[i];
	return NULL;
}

/* One statistic of the measure: the sum over its metrics; NAN: none. */
static double
measure_stat(const struct busy_def *bd, const struct model_device *dv,
	     int which)
{
	double sum = NAN;
	int k;

	for (k = 0; bd && k < 2; k++) {
		const struct model_metric *m = dev_metric(dv, bd->metric[k]);
		double v;

		if (!m)
			continue;
		v = which == 0 ? m->avg : which == 1 ? m->p95 : m->max;
		if (!isnan(v))
			sum = isnan(sum) ? v : sum + v;
	}
	return sum;
}

static double
busyness(const struct busy_def *bd, const struct model_device *dv)
{
	double v = measure_stat(bd, dv, bd && bd->use_max ? 2 : 0);

	return isnan(v) ? -1 : v;
}

/* Every value of the week zero: no metric with a max other than 0. */
static int
idle(const struct model_device *dv)
{
	size_t i;
	int zero = 0;

	for (i = 0; i < dv->nmetrics; i++) {
		const struct model_metric *m = &dv->metrics[i];

		if (isnan(m->max))
			continue;
		if (m->max != 0 || m->min != 0)
			return 0;
		zero = 1;
	}
	return zero;
}

/*
 * "name (label)" in width: each shortened in the middle on its own (the
 * name gets two thirds), so both stay recognisable.
 */
static void
dev_name(struct pdf_doc *doc, const struct model_device *dv, double width,
	 char *out, size_t n)
{
	const char *label = pdf_str(doc, dv->label);
	char a[400], b[400];

	snprintf(out, n, "%s%s%s%s", pdf_str(doc, dv->name), *label ? " (" : "",
		 label, *label ? ")" : "");
	if (pdf_text_width(doc, PDF_REGULAR, 7.5, out) <= width || !*label)
		return;
	pdf_fit(doc, PDF_REGULAR, 7.5, pdf_str(doc, dv->name), width * 0.64, a,
		sizeof(a));
	snprintf(out, n, "%s (", a);
	pdf_fit(doc, PDF_REGULAR, 7.5, label,
		width - pdf_text_width(doc, PDF_REGULAR, 7.5, out) - 6, b,
		sizeof(b));
	snprintf(out, n, "%s (%s)", a, b);
}

/* The device's title: "name (label)", shortened to one line. */
static void
dev_title(struct pdf_doc *doc, const struct model_device *dv, char *out,
	  size_t n)
{
	const char *label = pdf_str(doc, dv->label);
	char name[1100];

	snprintf(name, sizeof(name), "%s%s%s%s", pdf_str(doc, dv->name),
		 *label ? " (" : "", label, *label ? ")" : "");
	pdf_fit(doc, PDF_BOLD, 11, name, doc->right - doc->left, out, n);
}

/* The height of a charted device: subheading, charts, table. */
static double
charted_h(const char *id, const struct model_device *dv)
{
	return 22 + (dv->data ? pdf_section_ncharts(id) : 0) * PDF_CHART_H +
		pdf_stats_table_h(dv->nmetrics);
}

/* One device's charts and table, started on a new page unless both fit. */
static void
charted(struct pdf_doc *doc, const char *id, const struct model_device *dv)
{
	struct pdf_metrics metrics = { dv->metrics, dv->nmetrics };
	char title[1200];

	dev_title(doc, dv, title, sizeof(title));
	pdf_need(doc, charted_h(id, dv));
	pdf_subheading(doc, title);
	if (dv->data)
		pdf_section_charts(doc, id, metrics, dv->data);
	pdf_stats_table(doc, metrics);
}

static const struct pdf_col rest_cols[] = {
	{ "Device", 0.7, PDF_LEFT, 1 },
	{ "avg", 0.1, PDF_RIGHT, 0 },
	{ "p95", 0.1, PDF_RIGHT, 0 },
	{ "max", 0.1, PDF_RIGHT, 0 },
};

/* The devices not charted nor idle, one row each. */
static void
rest_table(struct pdf_doc *doc, const struct busy_def *bd,
	   const struct model_section *sec, const char *state)
{
	struct pdf_table t = { rest_cols, 4, 7.5, 0 };
	char v[3][64], name[1100], head[120];
	const char *cells[4];
	size_t order[DEVICES_MAX], i, j, n = 0;
	int k;

	for (i = 0; i < sec->ndevices; i++) {
		if (state[i] != 'r')
			continue;
		/* insertion, busiest first */
		for (j = n++; j > 0 &&
		     busyness(bd, &sec->devices[i]) >
			     busyness(bd, &sec->devices[order[j - 1]]);
		     j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	if (n == 0 || !bd)
		return;
	snprintf(head, sizeof(head), "The other %zu, busiest first by %s", n,
		 bd->label);
	pdf_subheading(doc, head);
	pdf_table_begin(doc, &t);
	for (i = 0; i < n; i++) {
		const struct model_device *dv = &sec->devices[order[i]];
		dev_name(doc, dv, 0.7 * (doc->right - doc->left) - 6, name,
			 sizeof(name));
		for (k = 0; k < 3; k++)
			pdf_num(measure_stat(bd, dv, k), v[k], sizeof(v[k]));
		cells[0] = name;
		cells[1] = v[0];
		cells[2] = v[1];
		cells[3] = v[2];
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
}

/* "idle all week: ifb0, ifb1, loop0" for the devices marked 'i'. */
static void
idle_line(struct pdf_doc *doc, const struct model_section *sec,
	  const char *state)
{
	char line[PDF_LINE_MAX];
	size_t i, len = 0;
	int w;

	for (i = 0; i < sec->ndevices; i++) {
		if (state[i] != 'i')
			continue;
		w = snprintf(line + len, sizeof(line) - len, "%s%s",
			     len ? ", " : "idle all week: ",
			     pdf_str(doc, sec->devices[i].name));
		if (w < 0 || (size_t)w >= sizeof(line) - len)
			break;
		len += (size_t)w;
	}
	if (len == 0)
		return;
	pdf_para(doc, PDF_REGULAR, 9, doc->left, doc->right - doc->left, line);
	doc->y -= 4;
}

/*
 * Mark each device: 'c' charted (the busiest max), 'r' the rest, 'i'
 * idle, '-' without metrics.  The charted keep the model's order.
 */
static void
rank(const struct pdf_doc *doc, const struct busy_def *bd,
     const struct model_section *sec, char *state)
{
	size_t max = doc->in->lists.devices > 0 ?
		(size_t)doc->in->lists.devices :
		0;
	size_t i, j;

	for (i = 0; i < sec->ndevices; i++) {
		const struct model_device *dv = &sec->devices[i];

		state[i] = dv->nmetrics == 0 ? '-' : idle(dv) ? 'i' : 'r';
	}
	for (i = 0; i < sec->ndevices; i++) {
		size_t busier = 0;
		double b = busyness(bd, &sec->devices[i]);

		if (state[i] != 'r')
			continue;
		for (j = 0; j < sec->ndevices; j++) {
			double o = busyness(bd, &sec->devices[j]);

			if ((state[j] == 'r' || state[j] == 'c') &&
			    (o > b || (o == b && j < i)))
				busier++;
		}
		if (busier < max || !bd) /* no measure: all charted */
			state[i] = 'c';
	}
}

double
pdf_devices_first_h(const struct pdf_doc *doc, const char *id,
		    const struct model_section *sec)
{
	char state[DEVICES_MAX] = { 0 };
	struct model_section part = *sec;
	size_t i;

	if (part.ndevices > DEVICES_MAX)
		part.ndevices = DEVICES_MAX;
	rank(doc, busy_def(id), &part, state);
	for (i = 0; i < part.ndevices; i++)
		if (state[i] == 'i')
			return 20; /* the idle line */
	for (i = 0; i < part.ndevices; i++)
		if (state[i] == 'c')
			return charted_h(id, &part.devices[i]);
	return 80; /* the other devices' table */
}

void
pdf_devices(struct pdf_doc *doc, const char *id,
	    const struct model_section *sec)
{
	const struct busy_def *bd = busy_def(id);
	char state[DEVICES_MAX] = { 0 };
	struct model_section part = *sec;
	size_t i;

	if (part.ndevices > DEVICES_MAX)
		part.ndevices = DEVICES_MAX;
	rank(doc, bd, &part, state);
	idle_line(doc, &part, state);
	for (i = 0; i < part.ndevices; i++)
		if (state[i] == 'c')
			charted(doc, id, &part.devices[i]);
	rest_table(doc, bd, &part, state);
}
