/*
 * pdf_report.c - pdf_render: the document from start to finish, and its
 * first page (the one a reader on a phone sees): host and period, the
 * status banner, key numbers, the top findings, and open incidents and
 * health availability when the model has those sections.
 *
 * Everything printed comes from the model (or, for the charts, from the
 * series it carries); a number is printed as the JSON holds it, so the
 * PDF and the JSON of one run agree to the last digit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pdf_int.h"

/* The key numbers of page 1: a metric statistic of the host. */
enum key_stat {
	KEY_P95,
	KEY_MAX
};

struct key_number {
	const char *label;
	const char *section, *metric;
	enum key_stat stat;
	const char *unit;
};

static const struct key_number key_numbers[] = {
	{ "CPU busy p95", "cpu", "cpu_busy_pct", KEY_P95, " %" },
	{ "CPU busy max", "cpu", "cpu_busy_pct", KEY_MAX, " %" },
	{ "Load per CPU p95", "cpu", "load_per_cpu", KEY_P95, "" },
	{ "Memory used max", "memory", "mem_used_pct", KEY_MAX, " %" },
	{ "Swap used max", "memory", "swap_used_pct", KEY_MAX, " %" },
	{ "I/O stall p95", "pressure", "psi_io_some_pct", KEY_P95, " %" },
	{ "TCP retransmits p95", "network", "tcp_retrans_pct", KEY_P95, " %" },
};

static const struct model_metric *
host_metric(const struct model *m, const char *section, const char *metric)
{
	size_t i, j;

	for (i = 0; i < m->nresources; i++) {
		const struct model_section *s = &m->resources[i];

		if (!s->id || strcmp(s->id, section) != 0)
			continue;
		for (j = 0; j < s->nmetrics; j++)
			if (s->metrics[j].id &&
			    strcmp(s->metrics[j].id, metric) == 0)
				return &s->metrics[j];
	}
	return NULL;
}

/* The key numbers grid: five boxes a row (two rows for nine). */
#define KEY_PER_ROW 5
struct grid {
	double x, w;
	int n;
};

/* One box of the key numbers grid, on a new row after every fourth. */
static void
key_box(struct pdf_doc *doc, struct grid *g, const char *label,
	const char *value)
{
	if (g->n > 0 && g->n % KEY_PER_ROW == 0) {
		doc->y -= 46;
		g->x = doc->left;
	}
	pdf_rect(doc, g->x, doc->y - 40, g->w - 6, 40, pdf_light);
	pdf_fill_rgb(doc, pdf_grey);
	pdf_text(doc, PDF_REGULAR, 7.5, g->x + 6, doc->y - 12, PDF_LEFT, label);
	pdf_fill_rgb(doc, pdf_black);
	pdf_text(doc, PDF_BOLD, 14, g->x + 6, doc->y - 32, PDF_LEFT, value);
	g->x += g->w;
	g->n++;
}

/* "54.6 %" from a number and its unit; "-" alone for null. */
static void
with_unit(double v, const char *unit, char *buf, size_t n)
{
	char num[64];

	pdf_num(v, num, sizeof(num));
	snprintf(buf, n, "%s%s", num, strcmp(num, "-") ? unit : "");
}

static void
key_numbers_grid(struct pdf_doc *doc)
{
	const struct model *model = doc->m;
	const struct model_summary *sum = &model->summary;
	struct grid g = { doc->left, (doc->right - doc->left + 6) / KEY_PER_ROW,
			  0 };
	char val[80];
	size_t i;

	pdf_subheading(doc, "Key numbers");
	for (i = 0; i < sizeof(key_numbers) / sizeof(key_numbers[0]); i++) {
		const struct key_number *k = &key_numbers[i];
		const struct model_metric *m = host_metric(model, k->section,
							   k->metric);

		if (!m)
			continue;
		with_unit(k->stat == KEY_MAX ? m->max : m->p95, k->unit, val,
			  sizeof(val));
		key_box(doc, &g, k->label, val);
	}
	with_unit(model->coverage.pct, " %", val, sizeof(val));
	key_box(doc, &g, "Data coverage", val);
	/* The services' numbers when their sections are in the model. */
	if (model->incidents.status) {
		with_unit(sum->open_incidents, "", val, sizeof(val));
		key_box(doc, &g, "Open incidents", val);
	}
	if (model->health.status) {
		with_unit(sum->health_availability_pct, " %", val, sizeof(val));
		key_box(doc, &g, "Health availability", val);
	}
	doc->y -= 54;
}

static void
banner(struct pdf_doc *doc)
{
	const struct model_summary *sum = &doc->m->summary;
	const char *status = pdf_str(doc, sum->status);
	const char *reason = pdf_str(doc, sum->status_reason);
	char counts[128], c[32], w[32];

	pdf_num(sum->critical, c, sizeof(c));
	pdf_num(sum->warning, w, sizeof(w));
	snprintf(counts, sizeof(counts), "%s critical, %s warning findings", c,
		 w);
	pdf_rect(doc, doc->left, doc->y - 36, doc->right - doc->left, 36,
		 pdf_severity_rgb(status));
	pdf_fill_rgb(doc, pdf_white);
	pdf_text(doc, PDF_BOLD, 20, doc->left + 12, doc->y - 26, PDF_LEFT,
		 *status ? status : "UNKNOWN");
	pdf_text(doc, PDF_REGULAR, 10, doc->right - 12, doc->y - 23, PDF_RIGHT,
		 counts);
	doc->y -= 48;
	/* NO DATA, INCOMPLETE: why, under the banner, in its colour */
	if (*reason) {
		doc->y += 6;
		pdf_fill_rgb(doc, pdf_severity_rgb(status));
		pdf_para(doc, PDF_BOLD, 10, doc->left, doc->right - doc->left,
			 reason);
		doc->y -= 6;
	}
	pdf_fill_rgb(doc, pdf_black);
}

/*
 * s wrapped at x in w from doc->y down, at most max lines (the last cut
 * with an ellipsis): page 1 is bounded by construction.
 */
static void
para_max(struct pdf_doc *doc, enum pdf_face face, double size, double x,
	 double w, int max, const char *s)
{
	int n = pdf_wrap_draw(doc, face, size, x, doc->y - size, w, size * 1.3,
			      max, PDF_LEFT, s);

	doc->y -= n * size * 1.3;
}

/*
 * The host's name as the title, the subtitle at its right; a name too
 * long for the line beside it wraps below the subtitle, smaller, instead
 * of running over it and off the page.
 */
static void
title_host(struct pdf_doc *doc, double width)
{
	static const char sub[] = "Weekly performance report";
	double room = width - pdf_text_width(doc, PDF_REGULAR, 11, sub) - 12;
	int fits = pdf_text_width(doc, PDF_BOLD, 20, doc->host) <= room;

	pdf_fill_rgb(doc, pdf_grey);
	pdf_text(doc, PDF_REGULAR, 11, doc->right, doc->y - (fits ? 20 : 11),
		 PDF_RIGHT, sub);
	pdf_fill_rgb(doc, pdf_black);
	if (fits) {
		pdf_text(doc, PDF_BOLD, 20, doc->left, doc->y - 20, PDF_LEFT,
			 doc->host);
		doc->y -= 32;
		return;
	}
	doc->y -= 16;
	para_max(doc, PDF_BOLD, 16, doc->left, width, 2, doc->host);
	doc->y -= 4;
}

static void
title_block(struct pdf_doc *doc)
{
	const struct model_coverage *cov = &doc->m->coverage;
	const struct model_period *per = &doc->m->period;
	const char *sim = pdf_str(doc, doc->m->simulated);
	const char *dst = pdf_str(doc, per->dst_note);
	const char *warning = pdf_str(doc, cov->warning);
	double width = doc->right - doc->left;
	char line[800], a[32], b[32], c[32];

	title_host(doc, width);
	pdf_fill_rgb(doc, pdf_black);
	snprintf(line, sizeof(line), "Period %s: %s to %s (%s)", doc->label,
		 pdf_time(doc, &per->start), pdf_time(doc, &per->end),
		 pdf_str(doc, per->timezone));
	pdf_para(doc, PDF_REGULAR, 9.5, doc->left, width, line);
	if (*dst)
		pdf_para(doc, PDF_REGULAR, 9.5, doc->left, width, dst);
	pdf_num(cov->stored, a, sizeof(a));
	pdf_num(cov->expected, b, sizeof(b));
	pdf_num(cov->gap_count, c, sizeof(c));
	snprintf(line, sizeof(line),
		 "Generated %s. %s of %s expected snapshots, %s gap%s, %zu "
		 "reboot%s.",
		 pdf_time(doc, &doc->m->generated), a, b, c,
		 cov->gap_count == 1 ? "" : "s", cov->nreboots,
		 cov->nreboots == 1 ? "" : "s");
	pdf_para(doc, PDF_REGULAR, 9.5, doc->left, width, line);
	if (*warning)
		pdf_para(doc, PDF_REGULAR, 9.5, doc->left, width, warning);
	if (*sim) {
		snprintf(line, sizeof(line), "SIMULATED DATA: %s", sim);
		pdf_fill_rgb(doc, (struct pdf_rgb){ 0.7f, 0.35f, 0 });
		pdf_para(doc, PDF_BOLD, 9, doc->left, width, line);
		pdf_fill_rgb(doc, pdf_black);
	}
	doc->y -= 8;
}

/* A finding as a short block: tag, title, evidence, when, advice. */
static void
finding_block(struct pdf_doc *doc, const struct model_finding *f, int i)
{
	const struct model_window *when = &f->when;
	const char *sev = model_severity_name(f->severity);
	const char *device = pdf_str(doc, f->device);
	const char *advice = pdf_str(doc, f->recommendation);
	double x = doc->left + 66, w = doc->right - x;
	char line[1200], span[400], fit[1200];

	pdf_need(doc, 60);
	pdf_rect(doc, doc->left, doc->y - 13, 60, 13, pdf_severity_rgb(sev));
	pdf_fill_rgb(doc, pdf_white);
	pdf_text(doc, PDF_BOLD, 7.5, doc->left + 30, doc->y - 9.5, PDF_CENTER,
		 sev);
	pdf_fill_rgb(doc, pdf_black);
	snprintf(line, sizeof(line), "%d. %s (%s%s%s)", i,
		 pdf_str(doc, f->title), pdf_str(doc, f->resource),
		 *device ? " " : "", device);
	pdf_fit(doc, PDF_BOLD, 10, line, w, fit, sizeof(fit));
	pdf_text(doc, PDF_BOLD, 10, x, doc->y - 10, PDF_LEFT, fit);
	doc->y -= 15;
	para_max(doc, PDF_REGULAR, 8.5, x, w, 2, pdf_str(doc, f->evidence));
	if (when->start.text[0] || when->end.text[0]) {
		model_window_text(when, span, sizeof(span));
		snprintf(line, sizeof(line), "When: %s", pdf_str(doc, span));
		pdf_fill_rgb(doc, pdf_grey);
		para_max(doc, PDF_REGULAR, 8.5, x, w, 1, line);
	}
	if (*advice) {
		snprintf(line, sizeof(line), "What to do: %s", advice);
		pdf_fill_rgb(doc, (struct pdf_rgb){ 0.15f, 0.3f, 0.5f });
		para_max(doc, PDF_REGULAR, 8.5, x, w, 1, line);
	}
	pdf_fill_rgb(doc, pdf_black);
	doc->y -= 6;
}

void
pdf_page_one(struct pdf_doc *doc)
{
	const struct model_summary *sum = &doc->m->summary;
	int i = 0;
	size_t k;

	title_block(doc);
	banner(doc);
	key_numbers_grid(doc);
	pdf_subheading(doc, "Top findings");
	for (k = 0; k < sum->ntop; k++)
		if (sum->top[k] < doc->m->nfindings)
			finding_block(doc, &doc->m->findings[sum->top[k]], ++i);
	if (i == 0)
		pdf_para(doc, PDF_REGULAR, 9.5, doc->left,
			 doc->right - doc->left,
			 "Nothing to report: no rule fired this week.");
}

/* The local midnights inside the period, for the day gridlines. */
static enum pw_status
find_midnights(struct pdf_doc *doc)
{
	size_t cap = (size_t)((doc->end - doc->start) / 86400) + 3;
	char hm[8];
	int64_t t;

	if (!(doc->midnights = calloc(cap, sizeof(*doc->midnights))))
		return PW_ENOMEM;
	/* Every zone offset is a multiple of 15 minutes. */
	for (t = doc->start - doc->start % 900; t < doc->end; t += 900) {
		if (t <= doc->start || doc->nmidnights >= cap)
			continue;
		if (period_format_local(doc->m->tz, t, "%H%M", hm,
					sizeof(hm)) == PW_OK &&
		    strcmp(hm, "0000") == 0)
			doc->midnights[doc->nmidnights++] = t;
	}
	return PW_OK;
}

static enum pw_status
doc_setup(struct pdf_doc *doc, const struct pdf_input *in)
{
	const struct model *m = in->m;
	const struct dataset *d = &m->data;
	size_t n = d->n, i;

	doc->in = in;
	doc->m = m;
	doc->host = pdf_str(doc, m->host);
	doc->label = pdf_str(doc, m->period.label);
	doc->start = m->period.start.ts;
	doc->end = m->period.end.ts;
	snprintf(doc->period_text, sizeof(doc->period_text), "%s (%s)",
		 doc->label, pdf_str(doc, m->period.timezone));
	for (i = 0; i < m->coverage.nreboots; i++)
		if (doc->nreboots <
		    sizeof(doc->reboots) / sizeof(doc->reboots[0]))
			doc->reboots[doc->nreboots++] =
				m->coverage.reboots[i].booted.ts;
	for (i = 0; i < d->ndev; i++)
		if (d->dev[i].n > n)
			n = d->dev[i].n;
	doc->pool_n = n + 1;
	doc->work = malloc(doc->pool_n * sizeof(double));
	doc->pool = malloc(doc->pool_n * CHART_MAX_SERIES * sizeof(double));
	if (!doc->work || !doc->pool)
		return PW_ENOMEM;
	if (find_midnights(doc))
		return PW_ENOMEM;
	pdf_view_setup(doc);
	return PW_OK;
}

enum pw_status
pdf_render(const struct pdf_input *in, struct buf *out)
{
	struct pdf_doc *doc = calloc(1, sizeof(*doc));
	enum pw_status rc;

	if (!doc) {
		log_err("out of memory rendering the PDF");
		return PW_ENOMEM;
	}
	rc = doc_setup(doc, in);
	if (!rc)
		rc = pdf_doc_open(doc, in->m->generated.ts);
	if (!rc) {
		pdf_new_page(doc);
		pdf_page_one(doc);
		pdf_incidents_summary(doc);
		pdf_health_summary(doc);
		pdf_findings(doc);
		pdf_resources(doc);
		pdf_capacity(doc);
		pdf_incidents(doc);
		pdf_health(doc);
		pdf_notes(doc);
		rc = doc->nomem ? PW_ENOMEM : pdf_doc_finish(doc, out);
	}
	if (rc == PW_ENOMEM)
		log_err("out of memory rendering the PDF");
	pdf_doc_close(doc);
	free(doc->midnights);
	free(doc->work);
	free(doc->pool);
	arena_free(&doc->text);
	free(doc);
	return rc;
}

enum pw_status
pdf_check_config(const struct config *cfg)
{
	const char *paths[2] = { cfg->pdf_font, cfg->pdf_font_bold };
	const char *keys[2] = { "pdf_font", "pdf_font_bold" };
	struct pdf_font f;
	int i;

	if (strcmp(cfg->paper, "a4") != 0 &&
	    strcmp(cfg->paper, "letter") != 0) {
		log_err("[report] paper is '%s': a4 or letter", cfg->paper);
		return PW_ECONFIG;
	}
	/* Read and parse both fonts now, so no file is written in vain. */
	for (i = 0; i < 2; i++) {
		if (!*paths[i]) /* no bold file: pdf_font stroked */
			continue;
		if (pdf_font_load(paths[i], keys[i], &f))
			return PW_ECONFIG;
		pdf_font_free(&f);
	}
	return PW_OK;
}
