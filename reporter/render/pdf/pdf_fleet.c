/*
 * pdf_fleet.c - pdf_fleet_render: the fleet's document and its page 1
 * (pdf_fleet.h); the later pages are pdf_fleet_pages.c's.
 *
 * Page 1 is bounded by construction: the stopped hosts and the ranking
 * are cut to what fits, each saying how many more the later pages (the
 * host table) and the JSON have.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pdf_fleet_int.h"

#define STOPPED_MAX 8

static void
title(struct pdf_doc *doc, const struct fleet *f)
{
	double width = doc->right - doc->left;
	char line[800];

	pdf_fill_rgb(doc, pdf_grey);
	pdf_text(doc, PDF_REGULAR, 11, doc->right, doc->y - 20, PDF_RIGHT,
		 "Weekly fleet report");
	pdf_fill_rgb(doc, pdf_black);
	snprintf(line, sizeof(line), "%s", f->group ? f->group : "Every host");
	pdf_fit(doc, PDF_BOLD, 20, pdf_str(doc, line), width - 140, line,
		sizeof(line));
	pdf_text(doc, PDF_BOLD, 20, doc->left, doc->y - 20, PDF_LEFT, line);
	doc->y -= 32;
	snprintf(line, sizeof(line), "Period %s: %s to %s (%s). Generated %s.",
		 pdf_str(doc, f->period.label), f->period.start.text,
		 f->period.end.text, pdf_str(doc, f->period.timezone),
		 f->generated.text);
	pdf_para(doc, PDF_REGULAR, 9.5, doc->left, width, line);
	doc->y -= 8;
}

/* The counts by status: one coloured box each. */
static void
counts(struct pdf_doc *doc, const struct fleet *f)
{
	double w = (doc->right - doc->left + 6) / (FLEET_STATUSES + 1), x;
	char v[32];
	int k;

	x = doc->left;
	pdf_rect(doc, x, doc->y - 44, w - 6, 44, pdf_light);
	pdf_fill_rgb(doc, pdf_grey);
	pdf_text(doc, PDF_REGULAR, 8, x + 6, doc->y - 12, PDF_LEFT, "hosts");
	snprintf(v, sizeof(v), "%zu", f->nhosts);
	pdf_fill_rgb(doc, pdf_black);
	pdf_text(doc, PDF_BOLD, 18, x + 6, doc->y - 36, PDF_LEFT, v);
	for (k = 0; k < FLEET_STATUSES; k++) {
		x = doc->left + (k + 1) * w;
		pdf_rect(doc, x, doc->y - 44, w - 6, 44,
			 pdf_severity_rgb(fleet_status_names[k]));
		pdf_fill_rgb(doc, pdf_white);
		pdf_text(doc, PDF_BOLD, 8, x + 6, doc->y - 12, PDF_LEFT,
			 fleet_status_names[k]);
		pdf_num(f->count[k], v, sizeof(v));
		pdf_text(doc, PDF_BOLD, 18, x + 6, doc->y - 36, PDF_LEFT, v);
	}
	pdf_fill_rgb(doc, pdf_black);
	doc->y -= 56;
}

static void
week_numbers(struct pdf_doc *doc, const struct fleet *f)
{
	char line[600], a[32], b[32], c[32], d[32], e[32], g[32], h[32], i[32];

	pdf_num(f->cpus, a, sizeof(a));
	pdf_num(f->memory_gib, b, sizeof(b));
	pdf_num(f->cpu_busy_avg_pct, c, sizeof(c));
	pdf_num(f->mem_used_avg_pct, d, sizeof(d));
	pdf_num(f->critical, e, sizeof(e));
	pdf_num(f->warning, g, sizeof(g));
	pdf_num(f->cpus_removable, h, sizeof(h));
	pdf_num(f->memory_gib_removable, i, sizeof(i));
	snprintf(
		line, sizeof(line),
		"%s CPU%s and %s GiB on the hosts with data. CPU busy %s %% on average (weighted by CPUs), memory used %s %% (by GiB). Findings: %s critical, %s warning. Right-sizing could remove %s CPU%s and %s GiB.",
		a, f->cpus == 1 ? "" : "s", b, c, d, e, g, h,
		f->cpus_removable == 1 ? "" : "s", i);
	pdf_subheading(doc, "The week across the fleet");
	pdf_para(doc, PDF_REGULAR, 9.5, doc->left, doc->right - doc->left,
		 line);
	doc->y -= 6;
}

static void
stopped(struct pdf_doc *doc, const struct fleet *f)
{
	static const struct pdf_col cols[] = {
		{ "host", 0.5, PDF_LEFT, 0 },
		{ "status", 0.18, PDF_LEFT, 1 },
		{ "last sample", 0.32, PDF_LEFT, 1 },
	};
	struct pdf_table t = { cols, 3, 8.5, 0 };
	size_t i;

	if (!f->nstopped)
		return;
	pdf_subheading(doc, "Stopped reporting");
	pdf_table_begin(doc, &t);
	for (i = 0; i < f->nstopped && i < STOPPED_MAX; i++) {
		const struct fleet_host *h = &f->hosts[f->stopped[i]];
		const char *cells[3] = {
			pdf_str(doc, h->r.st.host), h->r.status,
			h->last_sample.ts ? h->last_sample.text : "never"
		};

		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
	pdf_more(doc, f->nstopped - i, "all in the JSON's stopped[]");
}

void
pdf_fleet_host_row(struct pdf_doc *doc, struct pdf_table *t,
		   const struct fleet_host *h)
{
	char rank[16], crit[32], warn[32], top[1200];
	const char *cells[6];

	pdf_num(h->rank, rank, sizeof(rank));
	pdf_num(h->r.critical, crit, sizeof(crit));
	pdf_num(h->r.warning, warn, sizeof(warn));
	if (h->r.top_title)
		snprintf(top, sizeof(top), "[%s] %s", h->r.top_severity,
			 pdf_str(doc, h->r.top_title));
	else
		snprintf(top, sizeof(top), "none");
	cells[0] = rank;
	cells[1] = pdf_str(doc, h->r.st.host);
	cells[2] = h->r.status;
	cells[3] = crit;
	cells[4] = warn;
	cells[5] = top;
	pdf_table_row(doc, t, cells);
}

const struct pdf_col pdf_fleet_host_cols[6] = {
	{ "#", 0.05, PDF_RIGHT, 1 },     { "host", 0.3, PDF_LEFT, 0 },
	{ "status", 0.13, PDF_LEFT, 1 }, { "crit", 0.06, PDF_RIGHT, 1 },
	{ "warn", 0.06, PDF_RIGHT, 1 },  { "top finding", 0.4, PDF_LEFT, 1 },
};

/* The height of h's row: its name wrapped in the host column. */
static double
row_h(struct pdf_doc *doc, const struct pdf_table *t,
      const struct fleet_host *h)
{
	double w = pdf_fleet_host_cols[1].width * (doc->right - doc->left) - 6;
	int n = pdf_wrap_count(doc, PDF_REGULAR, t->size,
			       pdf_str(doc, h->r.st.host), w);

	return (n > 1 ? n : 1) * pdf_table_line_h(t);
}

/* The top of the ranking, as many rows as page 1 has room for. */
static void
ranking(struct pdf_doc *doc, const struct fleet *f)
{
	struct pdf_table t = { pdf_fleet_host_cols, 6, 8.5, 0 };
	size_t i;

	pdf_subheading(doc, "Hosts ranked by their worst finding");
	pdf_table_begin(doc, &t);
	for (i = 0; i < f->nhosts; i++) {
		if (doc->y - row_h(doc, &t, &f->hosts[i]) - PDF_MORE_H - 12 <
		    doc->bottom)
			break;
		pdf_fleet_host_row(doc, &t, &f->hosts[i]);
	}
	pdf_table_end(doc, &t);
	pdf_more(doc, f->nhosts - i, "every host in the table at the end");
}

static void
page_one(struct pdf_doc *doc, const struct fleet *f)
{
	title(doc, f);
	counts(doc, f);
	week_numbers(doc, f);
	stopped(doc, f);
	ranking(doc, f);
}

enum pw_status
pdf_fleet_render(const struct pdf_fleet_input *in, struct buf *out)
{
	struct pdf_doc *doc = calloc(1, sizeof(*doc));
	struct pdf_input pin = { NULL,
				 in->font_path,
				 in->bold_path,
				 in->paper,
				 { 0, 0, 0, 0, 0, 0 } };
	const struct fleet *f = in->f;
	char host[300];
	enum pw_status rc;

	if (!doc) {
		log_err("out of memory rendering the PDF");
		return PW_ENOMEM;
	}
	doc->in = &pin;
	snprintf(host, sizeof(host), "fleet%s%s", f->group ? " " : "",
		 f->group ? f->group : "");
	doc->host = host;
	doc->label = pdf_str(doc, f->period.label);
	snprintf(doc->period_text, sizeof(doc->period_text), "%s (%s)",
		 doc->label, pdf_str(doc, f->period.timezone));
	rc = pdf_doc_open(doc, f->generated.ts);
	if (!rc) {
		pdf_new_page(doc);
		page_one(doc, f);
		pdf_fleet_pages(doc, f);
		rc = doc->nomem ? PW_ENOMEM : pdf_doc_finish(doc, out);
	}
	if (rc == PW_ENOMEM)
		log_err("out of memory rendering the PDF");
	pdf_doc_close(doc);
	arena_free(&doc->text);
	free(doc);
	return rc;
}
