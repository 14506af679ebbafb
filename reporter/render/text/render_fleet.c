/*
 * render_fleet.c - the fleet report's text, from the fleet and a
 * template (render_fleet.h).
 *
 * Builds the view (a copy of the fleet's JSON tree with a "text" object
 * of laid-out lines, each made from the fleet's structs), parses the
 * template, renders.  Host names too long for their column are cut in
 * the middle of nothing: text_col() ends them with an ellipsis; the JSON
 * has them whole.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fileio.h"
#include "log.h"
#include "render_fleet.h"
#include "render_text_int.h"
#include "tmpl.h"

#define HOST_W      26
#define RANK_HOST_W 22
#define FLEET_TMPL  ((size_t)1 << 20)

/* A number as the fleet holds it, "-" for none. */
static const char *
num(char *buf, size_t n, double v)
{
	if (isfinite(v))
		snprintf(buf, n, "%.15g", v + 0.0);
	else
		snprintf(buf, n, "-");
	return buf;
}

static int
push(cJSON *arr, const char *line)
{
	cJSON *s = cJSON_CreateString(line);

	if (!s)
		return 0;
	cJSON_AddItemToArray(arr, s);
	return 1;
}

/* The host's name in HOST_W columns. */
static const char *
host_col(struct text_view *v, const struct fleet_host *h, char *buf, size_t n)
{
	text_col(buf, n, text_str(v, h->r.st.host), HOST_W);
	return buf;
}

static int
counts_line(const struct fleet *f, cJSON *t)
{
	char line[256], c[32];
	size_t len;
	int k;

	len = (size_t)snprintf(line, sizeof(line), "%zu:", f->nhosts);
	for (k = 0; k < FLEET_STATUSES && len < sizeof(line); k++)
		len += (size_t)snprintf(line + len, sizeof(line) - len,
					"%s %s %s", k ? "," : "",
					num(c, sizeof(c), f->count[k]),
					fleet_status_names[k]);
	return cJSON_AddStringToObject(t, "counts", line) != NULL;
}

static int
stopped_lines(struct text_view *v, const struct fleet *f, cJSON *t)
{
	cJSON *arr = cJSON_AddArrayToObject(t, "stopped");
	char line[512], col[256], mins[32];
	size_t i;

	snprintf(mins, sizeof(mins), "%.0f min", f->stopped_after_min);
	if (!arr || !cJSON_AddStringToObject(t, "stopped_after", mins) ||
	    !cJSON_AddBoolToObject(t, "has_stopped", f->nstopped > 0))
		return 0;
	for (i = 0; i < f->nstopped; i++) {
		const struct fleet_host *h = &f->hosts[f->stopped[i]];

		snprintf(line, sizeof(line), "  %s %-10s  last sample %s",
			 host_col(v, h, col, sizeof(col)), h->r.status,
			 h->last_sample.ts ? h->last_sample.text : "never");
		if (!push(arr, line))
			return 0;
	}
	return 1;
}

static int
ranking_lines(struct text_view *v, const struct fleet *f, cJSON *t)
{
	cJSON *arr = cJSON_AddArrayToObject(t, "ranking");
	char line[1024], col[256], fit[512], c[32], w[32];
	size_t i;

	snprintf(line, sizeof(line), "  %3s  %-*s %-10s %4s %4s  %s", "#",
		 RANK_HOST_W, "host", "status", "crit", "warn", "top finding");
	if (!arr || !cJSON_AddStringToObject(t, "rank_header", line))
		return 0;
	for (i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];

		text_col(col, sizeof(col), text_str(v, h->r.st.host),
			 RANK_HOST_W);
		text_col(fit, sizeof(fit),
			 h->r.top_title ? text_str(v, h->r.top_title) : "none",
			 78 - 51);
		snprintf(line, sizeof(line), "  %3zu  %s %-10s %4s %4s  %s",
			 i + 1, col, h->r.status,
			 num(c, sizeof(c), h->r.critical),
			 num(w, sizeof(w), h->r.warning), fit);
		while (line[0] && line[strlen(line) - 1] == ' ')
			line[strlen(line) - 1] = '\0';
		if (!push(arr, line))
			return 0;
	}
	return 1;
}

static int
totals_lines(const struct fleet *f, cJSON *t)
{
	cJSON *arr = cJSON_AddArrayToObject(t, "totals");
	char line[512], a[32], b[32], c[32], d[32];

	if (!arr)
		return 0;
	snprintf(line, sizeof(line),
		 "  %s CPU%s, %s GiB of memory on the hosts with data",
		 num(a, sizeof(a), f->cpus), f->cpus == 1 ? "" : "s",
		 num(b, sizeof(b), f->memory_gib));
	if (!push(arr, line))
		return 0;
	snprintf(
		line, sizeof(line),
		"  CPU busy %s %% (mean, weighted by CPUs), memory used %s %% (mean, by GiB)",
		num(a, sizeof(a), f->cpu_busy_avg_pct),
		num(b, sizeof(b), f->mem_used_avg_pct));
	if (!push(arr, line))
		return 0;
	snprintf(
		line, sizeof(line),
		"  findings: %s critical, %s warning; right-sizing could free %s CPUs, %s GiB",
		num(a, sizeof(a), f->critical), num(b, sizeof(b), f->warning),
		num(c, sizeof(c), f->cpus_removable),
		num(d, sizeof(d), f->memory_gib_removable));
	return push(arr, line);
}

static int
heatmap_lines(struct text_view *v, const struct fleet *f, cJSON *t)
{
	cJSON *arr = cJSON_AddArrayToObject(t, "heatmap");
	char line[512], col[256], c[32];
	size_t i, len;
	int k;

	len = (size_t)snprintf(line, sizeof(line), "  %-*s", HOST_W, "host");
	for (k = 0; k < STATS_DAYS; k++)
		len += (size_t)snprintf(line + len, sizeof(line) - len,
					" %6.3s", f->days[k]);
	if (!arr || !cJSON_AddStringToObject(t, "heatmap_header", line))
		return 0;
	for (i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];

		len = (size_t)snprintf(line, sizeof(line), "  %s",
				       host_col(v, h, col, sizeof(col)));
		for (k = 0; k < STATS_DAYS && len < sizeof(line); k++) {
			double d = h->r.st.cpu_busy_day[k];

			if (isnan(d))
				snprintf(c, sizeof(c), "-");
			else
				snprintf(c, sizeof(c), "%.0f", d);
			len += (size_t)snprintf(line + len, sizeof(line) - len,
						" %6s", c);
		}
		if (!push(arr, line))
			return 0;
	}
	return 1;
}

static int
top_lines(struct text_view *v, const struct fleet *f, cJSON *t)
{
	cJSON *arr = cJSON_AddArrayToObject(t, "tops"), *o, *rows;
	char line[512], col[256], c[32];
	size_t i;
	int k;

	for (k = 0; arr && k < FLEET_TOPS; k++) {
		const struct fleet_top *tp = &f->top[k];

		if (!(o = cJSON_CreateObject()))
			return 0;
		cJSON_AddItemToArray(arr, o);
		if (!cJSON_AddStringToObject(o, "title", tp->title) ||
		    !cJSON_AddStringToObject(o, "unit", tp->unit) ||
		    !cJSON_AddNumberToObject(o, "count", (double)tp->n) ||
		    !(rows = cJSON_AddArrayToObject(o, "rows")))
			return 0;
		for (i = 0; i < tp->n; i++) {
			const struct fleet_host *h = &f->hosts[tp->idx[i]];
			double val = fleet_value(h, tp->value);

			snprintf(line, sizeof(line), "  %2zu. %s %9s", i + 1,
				 host_col(v, h, col, sizeof(col)),
				 num(c, sizeof(c), val));
			if (!push(rows, line))
				return 0;
		}
	}
	return arr != NULL;
}

static int
fs_lines(struct text_view *v, const struct fleet *f, cJSON *t)
{
	cJSON *arr = cJSON_AddArrayToObject(t, "fs");
	char line[768], col[256], fs[256], a[32], b[32];
	size_t i;

	snprintf(line, sizeof(line), "  %-*s %-24s %10s %13s", HOST_W, "host",
		 "filesystem", "used max %", "days to full");
	if (!arr || !cJSON_AddStringToObject(t, "fs_header", line) ||
	    !cJSON_AddBoolToObject(t, "has_fs", f->nfs > 0))
		return 0;
	for (i = 0; i < f->nfs; i++) {
		const struct fleet_host *h = &f->hosts[f->fs[i]];

		text_col(fs, sizeof(fs), text_str(v, h->r.st.fs_fullest), 24);
		snprintf(line, sizeof(line), "  %s %s %10s %13s",
			 host_col(v, h, col, sizeof(col)), fs,
			 num(a, sizeof(a), h->r.st.fs_used_pct_max),
			 num(b, sizeof(b), h->r.st.fs_days_to_full));
		if (!push(arr, line))
			return 0;
	}
	return 1;
}

static int
headroom_lines(struct text_view *v, const struct fleet *f, cJSON *t)
{
	cJSON *arr = cJSON_AddArrayToObject(t, "headroom");
	char line[512], col[256], a[32], b[32], c[32], d[32], e[32], g[32];
	size_t i;

	snprintf(line, sizeof(line), "  %-*s %4s %7s %8s %6s %7s %8s", HOST_W,
		 "host", "CPUs", "CPU p95", "headroom", "GiB", "mem p95",
		 "headroom");
	if (!arr || !cJSON_AddStringToObject(t, "headroom_header", line))
		return 0;
	for (i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];
		const struct source_host_stats *st = &h->r.st;

		if (strcmp(h->r.status, "NO DATA") == 0)
			continue;
		snprintf(line, sizeof(line), "  %s %4s %7s %7s%% %6s %7s %7s%%",
			 host_col(v, h, col, sizeof(col)),
			 num(a, sizeof(a), st->cpu_count),
			 num(b, sizeof(b), st->cpu_busy_p95),
			 num(c, sizeof(c), h->cpu_headroom_pct),
			 num(d, sizeof(d), h->memory_gib),
			 num(e, sizeof(e), st->mem_used_p95),
			 num(g, sizeof(g), h->mem_headroom_pct));
		if (!push(arr, line))
			return 0;
	}
	return 1;
}

static int
rightsizing_lines(struct text_view *v, const struct fleet *f, cJSON *t)
{
	cJSON *arr = cJSON_AddArrayToObject(t, "rightsizing");
	char line[512], col[256], a[32], b[32], c[32], d[32], e[32], g[32],
		r[32];
	size_t i;

	snprintf(line, sizeof(line), "  %-*s %4s %7s %6s %6s %7s %6s %6s",
		 HOST_W, "host", "CPUs", "CPU p95", "keep", "remove", "GiB",
		 "keep", "remove");
	if (!arr || !cJSON_AddStringToObject(t, "rightsizing_header", line) ||
	    !cJSON_AddBoolToObject(t, "has_rightsizing", f->nunderused > 0))
		return 0;
	for (i = 0; i < f->nunderused; i++) {
		const struct fleet_host *h = &f->hosts[f->underused[i]];

		snprintf(line, sizeof(line), "  %s %4s %7s %6s %6s %7s %6s %6s",
			 host_col(v, h, col, sizeof(col)),
			 num(a, sizeof(a), h->r.st.cpu_count),
			 num(b, sizeof(b), h->r.st.cpu_busy_p95),
			 num(c, sizeof(c), h->cpus_needed),
			 num(d, sizeof(d), h->cpus_removable),
			 num(e, sizeof(e), h->memory_gib),
			 num(g, sizeof(g), h->memory_gib_needed),
			 num(r, sizeof(r), h->memory_gib_removable));
		if (!push(arr, line))
			return 0;
	}
	snprintf(line, sizeof(line),
		 "  could be removed: %s CPU%s and %s GiB on %zu host%s",
		 num(a, sizeof(a), f->cpus_removable),
		 f->cpus_removable == 1 ? "" : "s",
		 num(b, sizeof(b), f->memory_gib_removable), f->nunderused,
		 f->nunderused == 1 ? "" : "s");
	return cJSON_AddStringToObject(t, "rightsizing_total", line) != NULL;
}

static int
incident_lines(struct text_view *v, const struct fleet *f, cJSON *t)
{
	cJSON *arr = cJSON_AddArrayToObject(t, "incidents");
	char line[512], col[256], c[32];
	size_t i;
	int any = 0;

	for (i = 0; arr && i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];

		if (!(h->r.open_incidents > 0))
			continue;
		any = 1;
		snprintf(line, sizeof(line), "  %s %6s%s open",
			 host_col(v, h, col, sizeof(col)),
			 num(c, sizeof(c), h->r.open_incidents),
			 h->r.incidents_cut ? "+" : "");
		if (!push(arr, line))
			return 0;
	}
	return arr && cJSON_AddBoolToObject(t, "has_incidents", any) != NULL;
}

static int
note_lines(struct text_view *v, const struct fleet *f, cJSON *t)
{
	cJSON *arr = cJSON_AddArrayToObject(t, "notes");
	size_t i;

	for (i = 0; arr && i < f->nnotes; i++)
		if (!text_wrap_add(arr, "  - ", text_str(v, f->notes[i]), 4))
			return 0;
	return arr != NULL;
}

static enum pw_status
view_build(const struct fleet *f, const cJSON *tree, cJSON **out)
{
	struct text_view v = { NULL, { NULL }, PW_OK };
	cJSON *view = cJSON_Duplicate(tree, 1);
	cJSON *t = view ? cJSON_AddObjectToObject(view, "text") : NULL;
	int ok = t && counts_line(f, t) && stopped_lines(&v, f, t) &&
		ranking_lines(&v, f, t) && totals_lines(f, t) &&
		heatmap_lines(&v, f, t) && top_lines(&v, f, t) &&
		fs_lines(&v, f, t) && headroom_lines(&v, f, t) &&
		rightsizing_lines(&v, f, t) && incident_lines(&v, f, t) &&
		note_lines(&v, f, t);
	enum pw_status rc = v.rc ? v.rc : ok ? PW_OK : PW_ENOMEM;

	arena_free(&v.strs);
	if (rc) {
		cJSON_Delete(view);
		return rc;
	}
	*out = view;
	return PW_OK;
}

enum pw_status
render_fleet_text(const struct fleet *f, const cJSON *tree, const char *path,
		  struct buf *out)
{
	struct tmpl_error err;
	struct tmpl *t = NULL;
	struct buf src;
	cJSON *view = NULL;
	enum pw_status rc;

	buf_init(&src, FLEET_TMPL);
	if ((rc = text_template_parse(path, "fleet.txt.mustache",
				      render_fleet_template, &src, &t)) ||
	    (rc = view_build(f, tree, &view)))
		goto out;
	if (tmpl_render_mode(t, view, NULL, TMPL_ESCAPE_NONE, out, &err) !=
	    PW_OK) {
		log_err("%s", err.msg);
		rc = PW_ECONFIG;
	}
out:
	cJSON_Delete(view);
	tmpl_free(t);
	buf_free(&src);
	return rc;
}
