/*
 * render_text.c - the text report, from the model and a template.
 *
 * Builds the view (a copy of the model's JSON tree with "text" objects of
 * laid-out lines, made from the model's structs: model.h), parses the
 * template, renders.  Owns the layout of the 80-column lines; the order
 * and wording of the report are the template's.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "log.h"
#include "model.h"
#include "render_text.h"
#include "render_text_int.h"
#include "tmpl.h"
#include "utf8.h"

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
metric_row(struct text_view *v, const struct model_metric *mm, cJSON *o)
{
	char label[256], col[128], avg[16], p95[16], max[16], at[16], chg[16],
		row[256];
	const char *unit = text_str(v, mm->unit);
	int d = fabs(mm->avg) < 10 ? 2 : 1;
	cJSON *t;

	snprintf(label, sizeof(label), "%s%s%s", text_str(v, mm->label),
		 unit[0] ? " " : "", unit);
	fmt_num(avg, sizeof(avg), mm->avg, d);
	fmt_num(p95, sizeof(p95), mm->p95, d);
	fmt_num(max, sizeof(max), mm->max, d);
	text_time(v, &mm->max_at, "%a %H:%M", at, sizeof(at));
	if (isnan(mm->change_pct) && mm->change_reason && mm->change_reason[0])
		snprintf(chg, sizeof(chg), "n/a");
	else if (isnan(mm->change_pct))
		snprintf(chg, sizeof(chg), "-");
	else
		snprintf(chg, sizeof(chg), "%+.0f%%", mm->change_pct);
	text_col(col, sizeof(col), label, 24);
	snprintf(row, sizeof(row), "  %s %9s %9s %9s  %-10s %7s", col, avg, p95,
		 max, at, chg);
	return (t = cJSON_AddObjectToObject(o, "text")) &&
		add_str(t, "row", row);
}

/* A row in each of obj's metrics[], the n metrics of mm. */
static int
metric_rows(struct text_view *v, cJSON *obj, const struct model_metric *mm,
	    size_t n)
{
	cJSON *o;
	size_t i;

	if (!text_array(v, obj, "metrics", n, &o))
		return 0;
	for (i = 0; i < n; i++, o = o->next)
		if (!metric_row(v, &mm[i], o))
			return 0;
	return 1;
}

static int
view_section(struct text_view *v, const struct model_section *s, cJSON *so)
{
	cJSON *t = cJSON_AddObjectToObject(so, "text"), *dev;
	int has = s->nmetrics > 0;
	char hdr[128];
	size_t k;

	snprintf(hdr, sizeof(hdr), "  %-24s %9s %9s %9s  %-10s %7s", "metric",
		 "avg", "p95", "max", "max at", "vs prev");
	if (!t || !add_str(t, "header", hdr) ||
	    !metric_rows(v, so, s->metrics, s->nmetrics) ||
	    !text_array(v, so, "devices", s->ndevices, &dev))
		return 0;
	for (k = 0; k < s->ndevices; k++, dev = dev->next) {
		has |= s->devices[k].nmetrics > 0;
		if (!metric_rows(v, dev, s->devices[k].metrics,
				 s->devices[k].nmetrics))
			return 0;
	}
	return cJSON_AddBoolToObject(t, "has_data", has) != NULL;
}

static int
view_resources(struct text_view *v, cJSON *view)
{
	const struct model *m = v->m;
	cJSON *so;
	size_t i;

	if (!text_array(v, view, "resources", m->nresources, &so))
		return 0;
	for (i = 0; i < m->nresources; i++, so = so->next)
		if (!view_section(v, &m->resources[i], so))
			return 0;
	return 1;
}

/* The episodes a finding's text lists before "and N more". */
#define TEXT_EPISODES_MAX 5

/* "2 episodes: Tue 2026-11-10 09:55 UTC (120 min), ..., and N more". */
static void
episodes_line(struct text_view *v, const struct model_finding *f, char *buf,
	      size_t sz)
{
	double count = f->episode_count;
	size_t len, i;

	buf[0] = '\0';
	if (!f->sustained || !(count > 1))
		return;
	len = (size_t)snprintf(buf, sz, "%.0f in all:", count);
	for (i = 0; i < f->nepisodes; i++) {
		const struct model_episode *e = &f->episodes[i];

		if (i == TEXT_EPISODES_MAX || len >= sz)
			break;
		len += (size_t)snprintf(
			buf + len, sz - len, "%s %s (%.0f min)", i ? "," : "",
			text_str(v, e->w.start.text), e->w.minutes);
	}
	if (count > (double)i && len < sz)
		snprintf(buf + len, sz - len, ", and %.0f more (see the JSON)",
			 count - (double)i);
}

static int
view_finding(struct text_view *v, const struct model_finding *f, size_t i,
	     cJSON *fo)
{
	const struct model_window *w = &f->when;
	char head[256], span[256], when[256], eps[640];
	const char *dev = text_str(v, f->device);
	cJSON *t = cJSON_AddObjectToObject(fo, "text");

	snprintf(head, sizeof(head), "%2zu. [%s] %s (%s%s%s)", i + 1,
		 model_severity_name(f->severity), text_str(v, f->title),
		 text_str(v, f->resource), dev[0] ? ", " : "", dev);
	model_window_text(w, span, sizeof(span));
	snprintf(when, sizeof(when), "%s", text_str(v, span));
	episodes_line(v, f, eps, sizeof(eps));
	return t && add_str(t, "head", head) &&
		(!eps[0] ||
		 add_wrapped(t, "episodes", "    Episodes: ", eps, 14)) &&
		add_wrapped(t, "evidence",
			    "    Evidence: ", text_str(v, f->evidence), 14) &&
		add_wrapped(t, "when", "    When:     ", when, 14) &&
		add_wrapped(t, "recommendation",
			    "    Do:       ", text_str(v, f->recommendation),
			    14);
}

static int
view_findings(struct text_view *v, cJSON *view)
{
	const struct model *m = v->m;
	cJSON *fo;
	size_t i;

	if (!text_array(v, view, "findings", m->nfindings, &fo))
		return 0;
	for (i = 0; i < m->nfindings; i++, fo = fo->next)
		if (!view_finding(v, &m->findings[i], i, fo))
			return 0;
	return 1;
}

/*
 * text.status_reason, and text.comparison: why "vs prev" is n/a when last
 * week is not covered enough to compare with.
 */
static int
view_status(struct text_view *v, cJSON *t)
{
	const struct model *m = v->m;
	const struct model_comparison *cmp = &m->comparison;
	const struct model_week *w0 = cmp->nweeks ? &cmp->weeks[0] : NULL;
	const char *why = text_str(v, m->summary.status_reason);
	cJSON *arr = cJSON_AddArrayToObject(t, "comparison");
	char line[256];

	if (!arr ||
	    (*why && !add_wrapped(t, "status_reason", "        ", why, 8)))
		return 0;
	if (!w0 || w0->used || !(m->coverage.stored > 0))
		return 1;
	snprintf(line, sizeof(line), "n/a (%s, %s)",
		 text_str(v, cmp->last_week_reason), text_str(v, w0->label));
	return text_wrap_add(arr, "Change against last week: ", line, 4);
}

/* The gaps the text lists: the first TEXT_GAPS_MAX, then "and N more". */
#define TEXT_GAPS_MAX 20

/* text.gaps: the view's own gap objects (those of coverage.gaps), copied. */
static int
view_gaps(struct text_view *v, cJSON *view, cJSON *t)
{
	const struct model_coverage *cov = &v->m->coverage;
	cJSON *list = cJSON_AddArrayToObject(t, "gaps"), *g, *copy;
	size_t i;
	char more[96];

	if (!list ||
	    !text_array(v, text_object(v, view, "coverage"), "gaps", cov->ngaps,
			&g))
		return 0;
	for (i = 0; i < cov->ngaps && i < TEXT_GAPS_MAX; i++, g = g->next) {
		copy = cJSON_Duplicate(g, 1);
		if (!copy || !cJSON_AddItemToArray(list, copy))
			return 0;
	}
	if (!(cov->gap_count > TEXT_GAPS_MAX))
		return 1;
	snprintf(more, sizeof(more), "and %.0f more gaps (see the JSON)",
		 cov->gap_count - TEXT_GAPS_MAX);
	return cJSON_AddStringToObject(t, "gaps_more", more) != NULL;
}

/* The view's own text object t: coverage, capacity, status, notes. */
static int
view_root(struct text_view *v, cJSON *view, cJSON *t)
{
	const struct model *m = v->m;
	const struct model_coverage *cov = &m->coverage;
	cJSON *notes;
	char line[256];
	size_t i;

	snprintf(
		line, sizeof(line),
		"%.1f %% (%.0f of %.0f expected snapshots every %.0f s); gaps: %.0f, reboots: %zu",
		cov->pct, cov->stored, cov->expected, cov->interval_s,
		cov->gap_count, cov->nreboots);
	if (!t || !view_gaps(v, view, t) ||
	    !add_wrapped(t, "coverage_head", "Coverage:  ", line, 11) ||
	    !add_wrapped(t, "coverage", "  ", line, 2) ||
	    (m->simulated &&
	     !add_wrapped(t, "simulated", "*** SIMULATED DATA: ",
			  text_str(v, m->simulated), 4)) ||
	    (cov->warning &&
	     !add_wrapped(t, "coverage_warning", "           Warning: ",
			  text_str(v, cov->warning), 20)) ||
	    !cJSON_AddBoolToObject(t, "has_top", m->summary.ntop > 0) ||
	    !text_view_capacity(v, t) || !view_status(v, t) ||
	    !(notes = cJSON_AddArrayToObject(t, "notes")))
		return 0;
	for (i = 0; i < m->nnotes; i++)
		if (!text_wrap_add(notes, "  - ", text_str(v, m->notes[i]), 4))
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

/* The view: the tree, copied, with the "text" objects made from m. */
static enum pw_status
view_build(const struct model *m, const cJSON *tree, cJSON **out)
{
	struct text_view v = { m, { NULL }, PW_OK };
	cJSON *view = cJSON_Duplicate(tree, 1);
	cJSON *t = view ? cJSON_AddObjectToObject(view, "text") : NULL;
	int ok = t && view_root(&v, view, t) && view_findings(&v, view) &&
		view_resources(&v, view) && text_view_incidents(&v, view, t) &&
		text_view_health(&v, view);
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
text_template_parse(const char *path, const char *name, const char *builtin,
		    struct buf *src, struct tmpl **t)
{
	struct tmpl_error err;
	enum pw_status rc;
	const char *text = builtin;
	size_t len = strlen(builtin);

	if (path) {
		rc = fileio_read(path[0] == '/' ? "/" : ".", path, src);
		if (rc == PW_ENOTFOUND)
			log_err("cannot open template '%s': no such file",
				path);
		if (rc)
			return rc;
		name = path;
		text = src->data;
		len = src->len;
	}
	if (tmpl_parse(name, text, len, t, &err) != PW_OK) {
		log_err("%s", err.msg);
		return PW_ECONFIG;
	}
	return PW_OK;
}

enum pw_status
render_text(const struct model *m, const cJSON *tree, const char *path,
	    struct buf *out)
{
	struct partials_dir pd;
	struct tmpl_partials partials = { partial_lookup, &pd };
	struct tmpl_error err;
	struct tmpl *t = NULL;
	struct buf src;
	cJSON *view = NULL;
	enum pw_status rc;

	buf_init(&src, TEMPLATE_CAP);
	buf_init(&pd.text, TEMPLATE_CAP);
	snprintf(pd.dir, sizeof(pd.dir), "/nonexistent");
	if (path) {
		const char *slash = strrchr(path, '/');

		snprintf(pd.dir, sizeof(pd.dir), "%.*s",
			 slash ? (int)(slash - path) : 1, slash ? path : ".");
	}
	if ((rc = text_template_parse(path, "report.txt.mustache",
				      render_default_template, &src, &t)) ||
	    (rc = view_build(m, tree, &view)))
		goto out;
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
