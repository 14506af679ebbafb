/*
 * pdf_sections.c - the sections after page 1 but the findings
 * (pdf_findings.c) and the services (pdf_services.c): one section per
 * resource (its charts, declared in chart_defs[], and its statistics
 * table), the hour-of-week heatmap and notes (capacity: pdf_capacity.c).  The charts draw
 * the series the model carries (model.data, each device's own), derived
 * from the stored columns by metric.h's table, whose labels name them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "metric.h"
#include "pdf_int.h"

static const struct pdf_rgb palette[CHART_MAX_SERIES] = {
	{ 0.16f, 0.42f, 0.75f }, { 0.93f, 0.5f, 0.1f }, { 0.2f, 0.6f, 0.3f },
	{ 0.55f, 0.3f, 0.7f },   { 0.8f, 0.2f, 0.2f },  { 0.5f, 0.35f, 0.2f },
};

/* A chart of a section: up to four metrics, thresholds from the first. */
struct chart_def {
	const char *section;
	const char *title; /* for a device, after its name */
	const char *unit;
	const char *metrics[4];
	const char *threshold_of; /* metric whose warn/crit to draw */
	int stacked;
	double ymax;
};

static const struct chart_def chart_defs[] = {
	{ "cpu",
	  "CPU utilisation by kind (stacked)",
	  "%",
	  { "cpu_user_pct", "cpu_system_pct", "cpu_iowait_pct",
	    "cpu_steal_pct" },
	  "cpu_busy_pct",
	  1,
	  100 },
	{ "cpu",
	  "Load (1 min) against the CPU count",
	  "",
	  { "load1" },
	  NULL,
	  0,
	  NAN },
	{ "memory",
	  "Memory and swap used",
	  "%",
	  { "mem_used_pct", "swap_used_pct" },
	  "mem_used_pct",
	  0,
	  100 },
	{ "pressure",
	  "Pressure stalls (share of time)",
	  "%",
	  { "psi_cpu_some_pct", "psi_memory_some_pct", "psi_io_some_pct",
	    "psi_io_full_pct" },
	  NULL,
	  0,
	  NAN },
	{ "network",
	  "TCP retransmitted segments",
	  "%",
	  { "tcp_retrans_pct" },
	  "tcp_retrans_pct",
	  0,
	  NAN },
	{ "disk",
	  "Throughput",
	  "B/s",
	  { "disk.read_bytes_per_s", "disk.write_bytes_per_s" },
	  NULL,
	  0,
	  NAN },
	{ "disk", "Await", "ms", { "disk.await_ms" }, "disk.await_ms", 0, NAN },
	{ "disk",
	  "Utilisation",
	  "%",
	  { "disk.util_pct" },
	  "disk.util_pct",
	  0,
	  100 },
	{ "filesystem",
	  "Space and inodes used",
	  "%",
	  { "filesystem.used_pct", "filesystem.inodes_used_pct" },
	  "filesystem.used_pct",
	  0,
	  100 },
	{ "netif",
	  "Traffic",
	  "B/s",
	  { "netif.rx_bytes_per_s", "netif.tx_bytes_per_s" },
	  NULL,
	  0,
	  NAN },
	{ "netif",
	  "Errors and drops",
	  "1/s",
	  { "netif.errors_per_s", "netif.drops_per_s" },
	  NULL,
	  0,
	  NAN },
};


static const struct model_metric *
find_metric(const struct pdf_metrics *ms, const char *id)
{
	size_t i;

	for (i = 0; i < ms->n; i++)
		if (ms->v[i].id && strcmp(ms->v[i].id, id) == 0)
			return &ms->v[i];
	return NULL;
}

/* The CPU count the load is measured against: the last one stored. */
static double
cpu_count(const struct dataset *d)
{
	size_t i;

	for (i = d->n; i > 0; i--)
		if (!isnan(d->v[HM_cpu_count][i - 1]))
			return d->v[HM_cpu_count][i - 1];
	return NAN;
}

static void
draw_chart(struct pdf_doc *doc, const struct chart_def *cd,
	   struct pdf_metrics metrics, const struct dev_data *dev)
{
	const struct dataset *d = &doc->m->data;
	const struct model_metric *thr = cd->threshold_of ?
		find_metric(&metrics, cd->threshold_of) :
		NULL;
	struct chart c;
	char title[600], ref[64];
	int i;

	memset(&c, 0, sizeof(c));
	snprintf(title, sizeof(title), "%s", cd->title);
	c.title = title;
	c.unit = cd->unit;
	c.stacked = cd->stacked;
	c.warn = thr ? thr->warn : NAN;
	c.crit = thr ? thr->crit : NAN;
	c.ref = NAN;
	c.ymax = cd->ymax;
	c.spacing_s = d->spacing_s;
	for (i = 0; i < 4 && cd->metrics[i]; i++) {
		const struct metric_def *m = metric_find(cd->metrics[i]);
		double *buf = doc->pool + (size_t)c.ns * doc->pool_n;

		if (!m || !find_metric(&metrics, cd->metrics[i]))
			continue;
		c.s[c.ns].label = m->label;
		c.s[c.ns].n = metric_series(m, d, dev, buf);
		c.s[c.ns].v = buf;
		c.s[c.ns].t = dev ? dev->t : d->t;
		c.s[c.ns].color = palette[c.ns];
		c.ns++;
	}
	if (c.ns == 0)
		return;
	if (strcmp(cd->metrics[0], "load1") == 0 &&
	    !isnan(c.ref = cpu_count(d))) {
		snprintf(ref, sizeof(ref), "%g CPUs", c.ref);
		c.ref_label = ref;
	}
	pdf_chart(doc, &c);
}

static const struct pdf_col stat_cols[] = {
	{ "Metric", 0.22, PDF_LEFT, 0 },
	{ "avg", 0.075, PDF_RIGHT, 0 },
	{ "p50", 0.075, PDF_RIGHT, 0 },
	{ "p95", 0.075, PDF_RIGHT, 0 },
	{ "p99", 0.075, PDF_RIGHT, 0 },
	{ "max", 0.075, PDF_RIGHT, 0 },
	{ "max at", 0.22, PDF_LEFT, 0 },
	{ "min above warning", 0.095, PDF_RIGHT, 0 },
	{ "change vs last week", 0.09, PDF_RIGHT, 0 },
};

/*
 * A statistic for the table: as the model has it, except that byte rates
 * of ten thousand or more are shown in k, M, G (the column is narrow;
 * the JSON has every digit).
 */
static void
table_num(double v, const char *unit, char *buf, size_t n)
{
	static const char *const pre[] = { "k", "M", "G", "T" };
	double x;
	int i;

	if (!isfinite(v) || strcmp(unit, "B/s") != 0 || fabs(v) < 1e4) {
		pdf_num(v, buf, n);
		return;
	}
	x = v / 1e3; /* at least 10 k here */
	for (i = 0; fabs(x) >= 1e3 && i < 3; i++)
		x /= 1e3;
	snprintf(buf, n, "%.3g %s", x, pre[i]);
}

void
pdf_stats_table(struct pdf_doc *doc, struct pdf_metrics metrics)
{
	struct pdf_table t = { stat_cols, 9, 7.5, 0 };
	char cell[9][160];
	const char *cells[9];
	size_t i, k;

	if (metrics.n == 0)
		return;
	pdf_table_begin(doc, &t);
	for (k = 0; k < metrics.n; k++) {
		const struct model_metric *m = &metrics.v[k];
		const char *unit = pdf_str(doc, m->unit);
		const double stat[5] = { m->avg, m->p50, m->p95, m->p99,
					 m->max };

		snprintf(cell[0], sizeof(cell[0]), "%s%s%s%s",
			 pdf_str(doc, m->label), *unit ? " (" : "", unit,
			 *unit ? ")" : "");
		for (i = 0; i < 5; i++)
			table_num(stat[i], unit, cell[i + 1], sizeof(cell[0]));
		snprintf(cell[6], sizeof(cell[6]), "%s",
			 pdf_time(doc, &m->max_at));
		pdf_num(m->minutes_above_warn, cell[7], sizeof(cell[7]));
		pdf_num(m->change_pct, cell[8], sizeof(cell[8]));
		if (strcmp(cell[8], "-") == 0 &&
		    *pdf_str(doc, m->change_reason))
			snprintf(cell[8], sizeof(cell[8]), "n/a");
		else if (strcmp(cell[8], "-") != 0)
			strncat(cell[8], " %",
				sizeof(cell[8]) - strlen(cell[8]) - 1);
		for (i = 0; i < 9; i++)
			cells[i] = cell[i];
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
}

/* The charts of section id (of one device, under its subheading). */
void
pdf_section_charts(struct pdf_doc *doc, const char *id,
		   struct pdf_metrics metrics, const struct dev_data *dev)
{
	size_t i;

	for (i = 0; i < sizeof(chart_defs) / sizeof(chart_defs[0]); i++)
		if (strcmp(chart_defs[i].section, id) == 0)
			draw_chart(doc, &chart_defs[i], metrics, dev);
}

double
pdf_stats_table_h(size_t nmetrics)
{
	/* the header's two lines, a line a metric, the rule under it */
	return 2 * 7.5 * 1.25 + 6 + (7.5 * 1.25 + 6) * (double)nmetrics + 10;
}

int
pdf_section_ncharts(const char *id)
{
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(chart_defs) / sizeof(chart_defs[0]); i++)
		n += strcmp(chart_defs[i].section, id) == 0;
	return n;
}

/* Why "change vs last week" is n/a: last week's coverage. */
static void
comparison_note(struct pdf_doc *doc)
{
	const struct model_comparison *cmp = &doc->m->comparison;
	const struct model_week *w0 = &cmp->weeks[0];
	char line[256], min[32];

	if (cmp->nweeks == 0 || w0->used)
		return;
	pdf_num(cmp->min_coverage_pct, min, sizeof(min));
	snprintf(line, sizeof(line),
		 "Change vs last week: n/a (%s, %s; a comparison needs %s %%).",
		 pdf_str(doc, cmp->last_week_reason), pdf_str(doc, w0->label),
		 min);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, doc->right - doc->left, line);
	doc->y -= 4;
}

void
pdf_resources(struct pdf_doc *doc)
{
	int noted = 0;
	size_t i;

	for (i = 0; i < doc->m->nresources; i++) {
		const struct model_section *sec = &doc->m->resources[i];
		const char *id = sec->id ? sec->id : "";
		struct pdf_metrics metrics = { sec->metrics, sec->nmetrics };

		if (metrics.n == 0 && sec->ndevices == 0)
			continue;
		/* its charts and table on one page with the heading */
		if (!sec->per_device)
			pdf_need(doc,
				 42 + pdf_section_ncharts(id) * PDF_CHART_H +
					 pdf_stats_table_h(metrics.n));
		else
			pdf_need(doc, 42 + pdf_devices_first_h(doc, id, sec));
		pdf_heading(doc, pdf_str(doc, sec->title));
		/* under the first heading (cppcheck misses the loop) */
		/* cppcheck-suppress knownConditionTrueFalse */
		if (!noted++) {
			comparison_note(doc);
			pdf_view_note(doc);
		}
		if (sec->per_device) {
			pdf_devices(doc, id, sec);
			continue;
		}
		pdf_section_charts(doc, id, metrics, NULL);
		pdf_stats_table(doc, metrics);
		if (strcmp(id, "cpu") == 0) {
			pdf_subheading(doc,
				       "CPU busy by hour of the week "
				       "(local time)");
			pdf_heatmap(doc);
		}
	}
}

void
pdf_notes(struct pdf_doc *doc)
{
	size_t i;

	if (doc->m->nnotes == 0 && !pdf_fallback_nmissing(doc))
		return;
	pdf_heading(doc, "Notes");
	for (i = 0; i < doc->m->nnotes; i++) {
		if (!doc->m->notes[i])
			continue;
		pdf_para(doc, PDF_REGULAR, 8.5, doc->left,
			 doc->right - doc->left,
			 pdf_str(doc, doc->m->notes[i]));
		doc->y -= 4;
	}
	pdf_fallback_note(doc);
}
