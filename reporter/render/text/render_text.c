/*
 * render_text.c - the text report, from the model and a template.
 *
 * Builds the view (a copy of the model with "text" objects of laid-out
 * lines), parses the template, renders.  Owns the layout of the 80-column
 * lines; the order and wording of the report are the template's.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "log.h"
#include "model_clean.h"
#include "render_text.h"
#include "render_text_int.h"
#include "tmpl.h"

#define WIDTH        TEXT_WIDTH
#define TEMPLATE_CAP ((size_t)1 << 20)

/* A number in at most 9 characters: 12.3, 4567, 12.3k, 1.2M, 3.4G. */
static void
fmt_num(char *buf, size_t n, double v, int decimals)
{
	static const char suffix[] = " kMGTP";
	double a = fabs(v);
	int s = 0;

	if (isnan(v)) {
		snprintf(buf, n, "-");
		return;
	}
	if (a >= 100000) {
		while (a >= 1000 && s < 5)
			a /= 1000, v /= 1000, s++;
		snprintf(buf, n, "%.1f%c", v, suffix[s]);
		return;
	}
	snprintf(buf, n, "%.*f", a >= 1000 ? 0 : decimals, v);
	/* 6.90 -> 6.9, 40.00 -> 40: no more digits than the model has */
	if (strchr(buf, '.')) {
		char *e = buf + strlen(buf) - 1;

		while (*e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
	}
}

/* "Tue 14:05" out of "Tue 2026-11-17 14:05 CET". */
static void
short_time(char *buf, size_t n, const char *local)
{
	char day[8], hm[8];

	if (sscanf(local, "%3s %*s %5s", day, hm) == 2)
		snprintf(buf, n, "%s %s", day, hm);
	else
		snprintf(buf, n, "-");
}

static int
add_str(cJSON *o, const char *key, const char *s)
{
	return cJSON_AddStringToObject(o, key, s) != NULL;
}

static int
add_wrapped(cJSON *o, const char *key, const char *prefix, const char *text,
	    size_t indent)
{
	char *w = text_wrap(prefix, text, indent);
	int ok = w && add_str(o, key, w);

	free(w);
	return ok;
}

static int
metric_row(cJSON *m)
{
	char label[256], col[128], avg[16], p95[16], max[16], at[16], chg[16],
		row[256];
	const char *unit = model_str(m, "unit");
	int d = 1;
	double c = model_num(m, "change_pct");
	cJSON *t;

	if (fabs(model_num(m, "avg")) < 10)
		d = 2;
	snprintf(label, sizeof(label), "%s%s%s", model_str(m, "label"),
		 unit[0] ? " " : "", unit);
	fmt_num(avg, sizeof(avg), model_num(m, "avg"), d);
	fmt_num(p95, sizeof(p95), model_num(m, "p95"), d);
	fmt_num(max, sizeof(max), model_num(m, "max"), d);
	short_time(at, sizeof(at), model_str(m, "max_at"));
	if (isnan(c) && *model_str(m, "change_reason"))
		snprintf(chg, sizeof(chg), "n/a");
	else if (isnan(c))
		snprintf(chg, sizeof(chg), "-");
	else
		snprintf(chg, sizeof(chg), "%+.0f%%", c);
	text_col(col, sizeof(col), label, 24);
	snprintf(row, sizeof(row), "  %s %9s %9s %9s  %-10s %7s", col, avg, p95,
		 max, at, chg);
	return (t = cJSON_AddObjectToObject(m, "text")) &&
		add_str(t, "row", row);
}

static int
view_resources(cJSON *view)
{
	cJSON *sec, *m, *dev;

	cJSON_ArrayForEach(sec, cJSON_GetObjectItem(view, "resources")) {
		int has = 0;
		cJSON *t = cJSON_AddObjectToObject(sec, "text");
		char hdr[128];

		snprintf(hdr, sizeof(hdr), "  %-24s %9s %9s %9s  %-10s %7s",
			 "metric", "avg", "p95", "max", "max at", "vs prev");
		if (!t || !add_str(t, "header", hdr))
			return 0;
		cJSON_ArrayForEach(m, cJSON_GetObjectItem(sec, "metrics")) {
			has = 1;
			if (!metric_row(m))
				return 0;
		}
		cJSON_ArrayForEach(dev, cJSON_GetObjectItem(sec, "devices")) {
			cJSON_ArrayForEach(
				m, cJSON_GetObjectItem(dev, "metrics")) {
				has = 1;
				if (!metric_row(m))
					return 0;
			}
		}
		if (!cJSON_AddBoolToObject(t, "has_data", has))
			return 0;
	}
	return 1;
}

/* The episodes a finding's text lists before "and N more". */
#define TEXT_EPISODES_MAX 5

/* "2 episodes: Tue 2026-11-10 09:55 UTC (120 min), ..., and N more". */
static void
episodes_line(const cJSON *f, char *buf, size_t sz)
{
	const cJSON *e;
	double count = model_num(f, "episode_count");
	size_t len;
	int i = 0;

	buf[0] = '\0';
	if (!(count > 1))
		return;
	len = (size_t)snprintf(buf, sz, "%.0f in all:", count);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(f, "episodes")) {
		if (i == TEXT_EPISODES_MAX || len >= sz)
			break;
		len += (size_t)snprintf(buf + len, sz - len, "%s %s (%.0f min)",
					i++ ? "," : "", model_str(e, "start"),
					model_num(e, "minutes"));
	}
	if (count > i && len < sz)
		snprintf(buf + len, sz - len, ", and %.0f more (see the JSON)",
			 count - i);
}

static int
view_findings(cJSON *view)
{
	cJSON *f;
	int i = 0;

	cJSON_ArrayForEach(f, cJSON_GetObjectItem(view, "findings")) {
		const cJSON *w = cJSON_GetObjectItem(f, "when");
		char head[256], when[256], eps[640];
		const char *dev = model_str(f, "device");
		cJSON *t = cJSON_AddObjectToObject(f, "text");

		snprintf(head, sizeof(head), "%2d. [%s] %s (%s%s%s)", ++i,
			 model_str(f, "severity"), model_str(f, "title"),
			 model_str(f, "resource"), dev[0] ? ", " : "", dev);
		if (model_num(w, "minutes") > 0)
			snprintf(when, sizeof(when), "%s to %s (%.0f min)",
				 model_str(w, "start"), model_str(w, "end"),
				 model_num(w, "minutes"));
		else
			snprintf(when, sizeof(when), "%s", model_str(w, "end"));
		episodes_line(f, eps, sizeof(eps));
		if (!t || !add_str(t, "head", head) ||
		    (eps[0] &&
		     !add_wrapped(t, "episodes", "    Episodes: ", eps, 14)) ||
		    !add_wrapped(t, "evidence", "    Evidence: ",
				 model_str(f, "evidence"), 14) ||
		    !add_wrapped(t, "when", "    When:     ", when, 14) ||
		    !add_wrapped(t, "recommendation", "    Do:       ",
				 model_str(f, "recommendation"), 14))
			return 0;
	}
	return 1;
}

static int
view_capacity(const cJSON *model, cJSON *t)
{
	const cJSON *cap = cJSON_GetObjectItem(model, "capacity");
	const cJSON *cpu = cJSON_GetObjectItem(cap, "cpu"), *d;
	cJSON *arr = cJSON_AddArrayToObject(t, "capacity");
	char line[512];

	if (!arr)
		return 0;
	if (cJSON_IsObject(cpu)) {
		snprintf(
			line, sizeof(line),
			"%.0f CPUs at a p95 of %.1f %% "
			"busy: a runnable task finds all CPUs busy with "
			"probability %.2f (Erlang C) and waits on average %.2f "
			"times its service time; headroom to %.0f %%: %.0f %%.",
			model_num(cpu, "cpus"), model_num(cpu, "p95_busy_pct"),
			model_num(cpu, "erlang_c"),
			model_num(cpu, "wait_ratio"),
			model_num(cap, "target_util_pct"),
			model_num(cpu, "headroom_pct"));
		if (!text_wrap_add(arr, "  CPU:  ", line, 8))
			return 0;
	}
	cJSON_ArrayForEach(d, cJSON_GetObjectItem(cap, "services")) {
		char prefix[96];

		snprintf(prefix, sizeof(prefix),
			 "  %s: ", model_str(d, "service"));
		snprintf(line, sizeof(line),
			 "%.2f requests/s at a mean "
			 "response time of %.4f s: on average %.2f requests in "
			 "flight (Little's law, L = lambda W).",
			 model_num(d, "requests_per_s"),
			 model_num(d, "response_time_s"),
			 model_num(d, "concurrency"));
		if (!text_wrap_add(arr, prefix, line, 8))
			return 0;
	}
	cJSON_ArrayForEach(d, cJSON_GetObjectItem(cap, "disks")) {
		char prefix[96];

		snprintf(prefix, sizeof(prefix),
			 "  %s: ", model_str(d, "name"));
		snprintf(
			line, sizeof(line),
			"p95 utilisation %.1f %%: response "
			"times %.2f times the service time (M/M/1); headroom to "
			"%.0f %%: %.0f %%.",
			model_num(d, "p95_util_pct"), model_num(d, "stretch"),
			model_num(cap, "target_util_pct"),
			model_num(d, "headroom_pct"));
		if (!text_wrap_add(arr, prefix, line, 8))
			return 0;
	}
	return 1;
}

/*
 * text.status_reason, and text.comparison: why "vs prev" is n/a when last
 * week is not covered enough to compare with.
 */
static int
view_status(const cJSON *model, cJSON *t)
{
	const cJSON *cmp = cJSON_GetObjectItem(model, "comparison");
	const cJSON *w0 = cJSON_GetArrayItem(cJSON_GetObjectItem(cmp, "weeks"),
					     0);
	const char *why = model_str(cJSON_GetObjectItem(model, "summary"),
				    "status_reason");
	cJSON *arr = cJSON_AddArrayToObject(t, "comparison");
	char line[256];

	if (!arr ||
	    (*why && !add_wrapped(t, "status_reason", "        ", why, 8)))
		return 0;
	if (!w0 || cJSON_IsTrue(cJSON_GetObjectItem(w0, "used")) ||
	    !(model_num(cJSON_GetObjectItem(model, "coverage"), "stored") > 0))
		return 1;
	snprintf(line, sizeof(line), "n/a (%s, %s)",
		 model_str(cmp, "last_week_reason"), model_str(w0, "label"));
	return text_wrap_add(arr, "Change against last week: ", line, 4);
}

/* The gaps the text lists: the first TEXT_GAPS_MAX, then "and N more". */
#define TEXT_GAPS_MAX 20

static int
view_gaps(const cJSON *cov, cJSON *t)
{
	const cJSON *gaps = cJSON_GetObjectItem(cov, "gaps"), *g;
	cJSON *list = cJSON_AddArrayToObject(t, "gaps"), *copy;
	double total = model_num(cov, "gap_count");
	int i = 0;
	char more[96];

	if (!list)
		return 0;
	cJSON_ArrayForEach(g, gaps) {
		if (i++ == TEXT_GAPS_MAX)
			break;
		copy = cJSON_Duplicate(g, 1);
		if (!copy || !cJSON_AddItemToArray(list, copy))
			return 0;
	}
	if (!(total > TEXT_GAPS_MAX))
		return 1;
	snprintf(more, sizeof(more), "and %.0f more gaps (see the JSON)",
		 total - TEXT_GAPS_MAX);
	return cJSON_AddStringToObject(t, "gaps_more", more) != NULL;
}

static int
view_root(const cJSON *model, cJSON *view)
{
	const cJSON *cov = cJSON_GetObjectItem(model, "coverage"), *n;
	cJSON *t = cJSON_AddObjectToObject(view, "text"), *notes;
	char line[256];

	const char *sim = cJSON_GetStringValue(
		cJSON_GetObjectItem(model, "simulated"));
	const char *warn = cJSON_GetStringValue(
		cJSON_GetObjectItem(cov, "warning"));

	snprintf(line, sizeof(line),
		 "%.1f %% (%.0f of %.0f expected "
		 "snapshots every %.0f s); gaps: %.0f, reboots: %d",
		 model_num(cov, "pct"), model_num(cov, "stored"),
		 model_num(cov, "expected"), model_num(cov, "interval_s"),
		 model_num(cov, "gap_count"),
		 cJSON_GetArraySize(cJSON_GetObjectItem(cov, "reboots")));
	if (!t || !view_gaps(cov, t) ||
	    !add_wrapped(t, "coverage_head", "Coverage:  ", line, 11) ||
	    !add_wrapped(t, "coverage", "  ", line, 2) ||
	    (sim &&
	     !add_wrapped(t, "simulated", "*** SIMULATED DATA: ", sim, 4)) ||
	    (warn &&
	     !add_wrapped(t, "coverage_warning", "           Warning: ", warn,
			  20)) ||
	    !cJSON_AddBoolToObject(
		    t, "has_top",
		    cJSON_GetArraySize(cJSON_GetObjectItem(
			    cJSON_GetObjectItem(model, "summary"),
			    "top_findings")) > 0) ||
	    !view_capacity(model, t) || !view_status(model, t) ||
	    !(notes = cJSON_AddArrayToObject(t, "notes")))
		return 0;
	cJSON_ArrayForEach(n, cJSON_GetObjectItem(model, "notes"))
		if (!text_wrap_add(notes, "  - ", cJSON_GetStringValue(n), 4))
			return 0;
	return 1;
}

/* Partials of a user's template: NAME.mustache in the template's dir. */
struct partials_dir {
	char dir[PATH_MAX];
	struct buf text;
};

static const char *
partial_lookup(void *ctx, const char *name, size_t *len)
{
	struct partials_dir *pd = ctx;
	char rel[PATH_MAX];

	if (strchr(name, '/') ||
	    snprintf(rel, sizeof(rel), "%s.mustache", name) >= (int)sizeof(rel))
		return NULL;
	buf_free(&pd->text);
	buf_init(&pd->text, TEMPLATE_CAP);
	if (fileio_read(pd->dir, rel, &pd->text) != PW_OK)
		return NULL;
	*len = pd->text.len;
	return pd->text.data;
}

/*
 * The view's strings are clean, but a line cut by snprintf or a user's
 * template may still end in half a character: the report that leaves is
 * valid UTF-8 whatever happened, as iconv and mail readers need.
 */
static enum pw_status
text_valid(struct buf *out)
{
	char *fixed;
	enum pw_status rc;

	if (utf8_is_clean(out->data, UTF8_FIX_INVALID))
		return PW_OK;
	if (!(fixed = utf8_clean(out->data, UTF8_FIX_INVALID))) {
		buf_free(out);
		return PW_ENOMEM;
	}
	buf_reset(out);
	rc = buf_adds(out, fixed);
	free(fixed);
	return rc;
}

enum pw_status
render_text(const cJSON *model, const char *path, struct buf *out)
{
	struct partials_dir pd;
	struct tmpl_partials partials = { partial_lookup, &pd };
	struct tmpl_error err;
	struct tmpl *t = NULL;
	struct buf src;
	cJSON *view = NULL;
	const char *name = "report.txt.mustache", *text;
	size_t len;
	enum pw_status rc = PW_OK;

	buf_init(&src, TEMPLATE_CAP);
	buf_init(&pd.text, TEMPLATE_CAP);
	snprintf(pd.dir, sizeof(pd.dir), "/nonexistent");
	if (path) {
		const char *slash = strrchr(path, '/');

		rc = fileio_read(path[0] == '/' ? "/" : ".", path, &src);
		if (rc == PW_ENOTFOUND)
			log_err("cannot open template '%s': no such file",
				path);
		if (rc)
			goto out;
		name = path;
		snprintf(pd.dir, sizeof(pd.dir), "%.*s",
			 slash ? (int)(slash - path) : 1, slash ? path : ".");
		text = src.data;
		len = src.len;
	} else {
		text = render_default_template;
		len = strlen(text);
	}
	if (tmpl_parse(name, text, len, &t, &err) != PW_OK) {
		log_err("%s", err.msg);
		rc = PW_ECONFIG;
		goto out;
	}
	/* The view's text from outside is cleaned once, here (model_clean.h). */
	if (!(view = model_clean_copy(model, UTF8_FOR_DISPLAY)) ||
	    !view_root(view, view) || !view_findings(view) ||
	    !view_resources(view) ||
	    !render_view_incidents(view, cJSON_GetObjectItem(view, "text")) ||
	    !view_health(view)) {
		rc = PW_ENOMEM;
		goto out;
	}
	buf_init(out, RENDER_TEXT_CAP);
	/* Plain text: {{x}} writes & < > " as they are, in any template. */
	if (tmpl_render_mode(t, view, &partials, TMPL_ESCAPE_NONE, out, &err) !=
	    PW_OK) {
		log_err("%s", err.msg);
		rc = PW_ECONFIG;
		goto out;
	}
	rc = text_valid(out);
out:
	cJSON_Delete(view);
	tmpl_free(t);
	buf_free(&src);
	buf_free(&pd.text);
	return rc;
}
