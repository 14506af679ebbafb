/*
 * pdf_fleet_pages.c - the fleet PDF after page 1: the host x day heatmap
 * of CPU busy, the four top-10 lists, the filesystems closest to full,
 * capacity headroom, right-sizing, the open incidents by host, and every
 * host's one-line row.
 *
 * The heatmap is one row per host in the ranking's order, breaking
 * across pages with its day labels repeated; a day without samples is
 * grey with no number.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pdf_fleet_int.h"

#define HEAT_ROW_H  11.0
#define HEAT_HOST_W 0.34 /* of the content width */

static void
heat_header(struct pdf_doc *doc, const struct fleet *f, double x0,
	    double cell_w)
{
	int k;

	pdf_fill_rgb(doc, pdf_grey);
	for (k = 0; k < STATS_DAYS; k++)
		pdf_text(doc, PDF_REGULAR, 7, x0 + (k + 0.5) * cell_w,
			 doc->y - 8, PDF_CENTER, f->days[k]);
	pdf_fill_rgb(doc, pdf_black);
	doc->y -= 12;
}

static void
heat_row(struct pdf_doc *doc, const struct fleet_host *h, double x0,
	 double cell_w)
{
	char name[600], lab[16];
	double y = doc->y - HEAT_ROW_H;
	int k;

	pdf_fit(doc, PDF_REGULAR, 7.5, pdf_str(doc, h->r.st.host),
		x0 - doc->left - 6, name, sizeof(name));
	pdf_fill_rgb(doc, pdf_black);
	pdf_text(doc, PDF_REGULAR, 7.5, doc->left, y + 3, PDF_LEFT, name);
	for (k = 0; k < STATS_DAYS; k++) {
		double v = h->r.st.cpu_busy_day[k];
		double x = x0 + k * cell_w;

		pdf_rect(doc, x + 0.5, y + 0.5, cell_w - 1, HEAT_ROW_H - 1,
			 isnan(v) ? (struct pdf_rgb){ 0.8f, 0.8f, 0.8f } :
				    pdf_heat_rgb(v));
		if (isnan(v))
			continue;
		snprintf(lab, sizeof(lab), "%.0f", v);
		pdf_fill_rgb(doc, v > 70 ? pdf_white : pdf_black);
		pdf_text(doc, PDF_REGULAR, 6.5, x + cell_w / 2, y + 3,
			 PDF_CENTER, lab);
	}
	pdf_fill_rgb(doc, pdf_black);
	doc->y -= HEAT_ROW_H;
}

static void
heatmap(struct pdf_doc *doc, const struct fleet *f)
{
	double x0 = doc->left + HEAT_HOST_W * (doc->right - doc->left);
	double cell_w = (doc->right - x0) / STATS_DAYS;
	size_t i;

	pdf_new_page(doc);
	pdf_heading(doc, "CPU busy by host and day");
	pdf_fill_rgb(doc, pdf_grey);
	pdf_para(
		doc, PDF_REGULAR, 8, doc->left, doc->right - doc->left,
		"The mean CPU busy % of each 24 hours from the period's start; grey: no sample that day. Hosts in the ranking's order.");
	doc->y -= 4;
	heat_header(doc, f, x0, cell_w);
	for (i = 0; i < f->nhosts; i++) {
		if (doc->y - HEAT_ROW_H < doc->bottom) {
			pdf_new_page(doc);
			heat_header(doc, f, x0, cell_w);
		}
		heat_row(doc, &f->hosts[i], x0, cell_w);
	}
	doc->y -= 8;
}

static void
tops(struct pdf_doc *doc, const struct fleet *f)
{
	static const struct pdf_col cols[] = {
		{ "#", 0.06, PDF_RIGHT, 1 },
		{ "host", 0.74, PDF_LEFT, 0 },
		{ "value", 0.2, PDF_RIGHT, 1 },
	};
	char title[128], rank[24], val[32];
	size_t i;
	int k;

	pdf_need(doc, 320); /* the heading with its first list */
	pdf_heading(doc, "Top 10 hosts");
	for (k = 0; k < FLEET_TOPS; k++) {
		struct pdf_table t = { cols, 3, 8.5, 0 };

		snprintf(title, sizeof(title), "%s (%s)", f->top[k].title,
			 f->top[k].unit);
		pdf_subheading(doc, title);
		if (!f->top[k].n) {
			pdf_para(doc, PDF_REGULAR, 8.5, doc->left,
				 doc->right - doc->left, "no data");
			continue;
		}
		pdf_table_begin(doc, &t);
		for (i = 0; i < f->top[k].n; i++) {
			const struct fleet_host *h =
				&f->hosts[f->top[k].idx[i]];
			const char *cells[3] = { rank,
						 pdf_str(doc, h->r.st.host),
						 val };

			snprintf(rank, sizeof(rank), "%zu", i + 1);
			pdf_num(fleet_value(h, f->top[k].value), val,
				sizeof(val));
			pdf_table_row(doc, &t, cells);
		}
		pdf_table_end(doc, &t);
	}
}

static void
filesystems(struct pdf_doc *doc, const struct fleet *f)
{
	static const struct pdf_col cols[] = {
		{ "host", 0.34, PDF_LEFT, 0 },
		{ "filesystem", 0.34, PDF_LEFT, 0 },
		{ "used max %", 0.14, PDF_RIGHT, 1 },
		{ "days to full", 0.18, PDF_RIGHT, 1 },
	};
	struct pdf_table t = { cols, 4, 8.5, 0 };
	char used[32], days[32];
	size_t i;

	pdf_heading(doc, "Filesystems closest to full");
	if (!f->nfs) {
		pdf_para(doc, PDF_REGULAR, 9, doc->left, doc->right - doc->left,
			 "No filesystem data.");
		return;
	}
	pdf_table_begin(doc, &t);
	for (i = 0; i < f->nfs; i++) {
		const struct fleet_host *h = &f->hosts[f->fs[i]];
		const char *cells[4] = { pdf_str(doc, h->r.st.host),
					 pdf_str(doc, h->r.st.fs_fullest), used,
					 days };

		pdf_num(h->r.st.fs_used_pct_max, used, sizeof(used));
		pdf_num(h->r.st.fs_days_to_full, days, sizeof(days));
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
}

static void
headroom(struct pdf_doc *doc, const struct fleet *f)
{
	static const struct pdf_col cols[] = {
		{ "host", 0.34, PDF_LEFT, 0 },
		{ "CPUs", 0.09, PDF_RIGHT, 1 },
		{ "CPU p95 %", 0.12, PDF_RIGHT, 1 },
		{ "CPU headroom %", 0.14, PDF_RIGHT, 1 },
		{ "GiB", 0.09, PDF_RIGHT, 1 },
		{ "memory p95 %", 0.1, PDF_RIGHT, 1 },
		{ "memory headroom %", 0.12, PDF_RIGHT, 1 },
	};
	struct pdf_table t = { cols, 7, 8, 0 };
	char v[6][32], title[128];
	size_t i;

	snprintf(title, sizeof(title), "Capacity headroom to %g %% at p95",
		 f->target_util_pct);
	pdf_heading(doc, title);
	pdf_table_begin(doc, &t);
	for (i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];
		const char *cells[7] = { pdf_str(doc, h->r.st.host),
					 v[0],
					 v[1],
					 v[2],
					 v[3],
					 v[4],
					 v[5] };

		if (strcmp(h->r.status, "NO DATA") == 0)
			continue;
		pdf_num(h->r.st.cpu_count, v[0], sizeof(v[0]));
		pdf_num(h->r.st.cpu_busy_p95, v[1], sizeof(v[1]));
		pdf_num(h->cpu_headroom_pct, v[2], sizeof(v[2]));
		pdf_num(h->memory_gib, v[3], sizeof(v[3]));
		pdf_num(h->r.st.mem_used_p95, v[4], sizeof(v[4]));
		pdf_num(h->mem_headroom_pct, v[5], sizeof(v[5]));
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
}

static void
rightsizing(struct pdf_doc *doc, const struct fleet *f)
{
	static const struct pdf_col cols[] = {
		{ "host", 0.28, PDF_LEFT, 0 },
		{ "CPUs", 0.07, PDF_RIGHT, 1 },
		{ "CPU p95 %", 0.1, PDF_RIGHT, 1 },
		{ "keep CPUs", 0.09, PDF_RIGHT, 1 },
		{ "remove CPUs", 0.1, PDF_RIGHT, 1 },
		{ "GiB", 0.07, PDF_RIGHT, 1 },
		{ "mem max %", 0.09, PDF_RIGHT, 1 },
		{ "keep GiB", 0.09, PDF_RIGHT, 1 },
		{ "remove GiB", 0.11, PDF_RIGHT, 1 },
	};
	struct pdf_table t = { cols, 9, 7.5, 0 };
	char v[8][32], line[600];
	size_t i;

	pdf_heading(doc, "Right-sizing");
	snprintf(
		line, sizeof(line),
		"Hosts whose CPU busy p95 stayed under %g %% and memory used p95 under %g %% all week. Keep ceil(CPUs x CPU p95 / %g %%) CPUs and ceil(GiB x memory max / %g %%) GiB, at least 1 of each; the rest could be removed: %g CPU%s and %g GiB in all.",
		f->underused_cpu_pct, f->underused_mem_pct, f->target_util_pct,
		f->target_util_pct, f->cpus_removable,
		f->cpus_removable == 1 ? "" : "s", f->memory_gib_removable);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, doc->right - doc->left, line);
	doc->y -= 4;
	if (!f->nunderused)
		return;
	pdf_table_begin(doc, &t);
	for (i = 0; i < f->nunderused; i++) {
		const struct fleet_host *h = &f->hosts[f->underused[i]];
		const char *cells[9] = { pdf_str(doc, h->r.st.host),
					 v[0],
					 v[1],
					 v[2],
					 v[3],
					 v[4],
					 v[5],
					 v[6],
					 v[7] };

		pdf_num(h->r.st.cpu_count, v[0], sizeof(v[0]));
		pdf_num(h->r.st.cpu_busy_p95, v[1], sizeof(v[1]));
		pdf_num(h->cpus_needed, v[2], sizeof(v[2]));
		pdf_num(h->cpus_removable, v[3], sizeof(v[3]));
		pdf_num(h->memory_gib, v[4], sizeof(v[4]));
		pdf_num(h->r.st.mem_used_max, v[5], sizeof(v[5]));
		pdf_num(h->memory_gib_needed, v[6], sizeof(v[6]));
		pdf_num(h->memory_gib_removable, v[7], sizeof(v[7]));
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
}

/*
 * The open incidents of each host (cmdb_ci), in the ranking's order;
 * nothing without ServiceNow (every count NAN).
 */
static void
incidents(struct pdf_doc *doc, const struct fleet *f)
{
	static const struct pdf_col cols[] = {
		{ "host", 0.55, PDF_LEFT, 0 },
		{ "status", 0.2, PDF_LEFT, 1 },
		{ "open incidents", 0.25, PDF_RIGHT, 1 },
	};
	struct pdf_table t = { cols, 3, 8, 0 };
	size_t i, known = 0, any = 0;
	char n[32], v[40];

	for (i = 0; i < f->nhosts; i++) {
		known += !isnan(f->hosts[i].r.open_incidents);
		any += f->hosts[i].r.open_incidents > 0;
	}
	if (!known)
		return;
	pdf_heading(doc, "Open incidents by host (ServiceNow, cmdb_ci)");
	if (!any) {
		pdf_para(
			doc, PDF_REGULAR, 9, doc->left, doc->right - doc->left,
			"No open incident names a host of the fleet as its configuration item.");
		doc->y -= 4;
		return;
	}
	pdf_table_begin(doc, &t);
	for (i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];
		const char *cells[3] = { pdf_str(doc, h->r.st.host),
					 h->r.status, v };

		if (!(h->r.open_incidents > 0))
			continue;
		pdf_num(h->r.open_incidents, n, sizeof(n));
		snprintf(v, sizeof(v), "%s%s", n,
			 h->r.incidents_cut ? "+" : "");
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
}

static void
every_host(struct pdf_doc *doc, const struct fleet *f)
{
	struct pdf_table t = { pdf_fleet_host_cols, 6, 8, 0 };
	size_t i;

	pdf_heading(doc, "Every host");
	pdf_table_begin(doc, &t);
	for (i = 0; i < f->nhosts; i++)
		pdf_fleet_host_row(doc, &t, &f->hosts[i]);
	pdf_table_end(doc, &t);
}

static void
notes(struct pdf_doc *doc, const struct fleet *f)
{
	size_t i;

	pdf_heading(doc, "Notes");
	for (i = 0; i < f->nnotes; i++) {
		pdf_para(doc, PDF_REGULAR, 8.5, doc->left,
			 doc->right - doc->left, pdf_str(doc, f->notes[i]));
		doc->y -= 3;
	}
}

void
pdf_fleet_pages(struct pdf_doc *doc, const struct fleet *f)
{
	heatmap(doc, f);
	tops(doc, f);
	filesystems(doc, f);
	headroom(doc, f);
	rightsizing(doc, f);
	incidents(doc, f);
	every_host(doc, f);
	notes(doc, f);
}
