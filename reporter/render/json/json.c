/*
 * json.c - the report model as the JSON tree of docs/report-json.md.
 *
 * The keys come in the order the report has always written them, which
 * users' scripts and templates may rely on: each object is written here
 * in full, a null for what is unknown (a NaN, a NULL string, a time 0),
 * and the keys of a sustained finding's episodes only for sustained
 * findings.  summary.top_findings repeats the first findings in full.
 * Numbers are written as the model holds them, already rounded
 * (stats_round).  The other sections are in json_sections.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "json_int.h"

int
json_num(cJSON *o, const char *key, double v)
{
	cJSON *it = isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();

	if (!it)
		return 0;
	cJSON_AddItemToObject(o, key, it);
	return 1;
}

int
json_str(cJSON *o, const char *key, const char *s, enum utf8_clean how)
{
	char *c;
	int ok;

	if (!s)
		return cJSON_AddNullToObject(o, key) != NULL;
	if (utf8_is_clean(s, how))
		return cJSON_AddStringToObject(o, key, s) != NULL;
	if (!(c = utf8_clean(s, how)))
		return 0;
	ok = cJSON_AddStringToObject(o, key, c) != NULL;
	free(c);
	return ok;
}

int
json_time(cJSON *o, const char *key, const struct model_time *t)
{
	char tskey[64];

	snprintf(tskey, sizeof(tskey), "%s_ts", key);
	if (t->ts == 0)
		return cJSON_AddNullToObject(o, key) &&
			cJSON_AddNullToObject(o, tskey);
	return cJSON_AddStringToObject(o, key, t->text) &&
		cJSON_AddNumberToObject(o, tskey, (double)t->ts);
}

cJSON *
json_push(cJSON *arr)
{
	cJSON *o = cJSON_CreateObject();

	if (o)
		cJSON_AddItemToArray(arr, o);
	return o;
}

static int
header(cJSON *root, const struct model *m, enum utf8_clean how)
{
	const struct model_period *p = &m->period;
	cJSON *per;

	return json_str(root, "schema", MODEL_SCHEMA, how) &&
		json_str(root, "host", m->host, how) &&
		(per = cJSON_AddObjectToObject(root, "period")) &&
		json_str(per, "label", p->label, how) &&
		json_str(per, "timezone", p->timezone, how) &&
		json_time(per, "start", &p->start) &&
		json_time(per, "end", &p->end) &&
		json_num(per, "hours", p->hours) &&
		json_str(per, "dst_note", p->dst_note, how) &&
		json_time(root, "generated", &m->generated) &&
		json_str(root, "simulated", m->simulated, how) &&
		json_str(root, "source", m->source, how);
}

static int
coverage(cJSON *root, const struct model_coverage *c, enum utf8_clean how)
{
	cJSON *o, *gaps, *reboots, *g;
	size_t i;

	if (!(o = cJSON_AddObjectToObject(root, "coverage")) ||
	    !json_num(o, "interval_s", c->interval_s) ||
	    !json_num(o, "expected", c->expected) ||
	    !json_num(o, "stored", c->stored) || !json_num(o, "pct", c->pct) ||
	    !(gaps = cJSON_AddArrayToObject(o, "gaps")) ||
	    !(reboots = cJSON_AddArrayToObject(o, "reboots")))
		return 0;
	for (i = 0; i < c->ngaps; i++)
		if (!(g = json_push(gaps)) ||
		    !json_time(g, "start", &c->gaps[i].w.start) ||
		    !json_time(g, "end", &c->gaps[i].w.end) ||
		    !json_num(g, "missed", c->gaps[i].missed) ||
		    !json_num(g, "minutes", c->gaps[i].w.minutes))
			return 0;
	for (i = 0; i < c->nreboots; i++)
		if (!(g = json_push(reboots)) ||
		    !json_time(g, "booted", &c->reboots[i].booted) ||
		    !json_time(g, "first_snapshot",
			       &c->reboots[i].first_snapshot))
			return 0;
	return json_num(o, "gap_count", c->gap_count) &&
		json_num(o, "gap_minutes", c->gap_minutes) &&
		json_str(o, "warning", c->warning, how) &&
		json_num(o, "min_pct", c->min_pct) &&
		json_time(o, "last_snapshot", &c->last_snapshot);
}

static int
window(cJSON *o, const struct model_window *w)
{
	return json_time(o, "start", &w->start) &&
		json_time(o, "end", &w->end) &&
		json_num(o, "minutes", w->minutes);
}

static int
episodes(cJSON *o, const struct model_finding *f)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "episodes"), *e;
	size_t i;

	if (!arr)
		return 0;
	for (i = 0; i < f->nepisodes; i++)
		if (!(e = json_push(arr)) || !window(e, &f->episodes[i].w) ||
		    !json_num(e, "peak", f->episodes[i].peak))
			return 0;
	return json_num(o, "episode_count", f->episode_count) &&
		json_num(o, "episode_minutes", f->episode_minutes);
}

static int
finding(cJSON *arr, const struct model_finding *f, enum utf8_clean how)
{
	cJSON *o = json_push(arr), *when;

	if (!o || !json_str(o, "rule", f->rule, how) ||
	    !json_str(o, "severity", model_severity_name(f->severity), how) ||
	    !json_str(o, "resource", f->resource, how) ||
	    !json_str(o, "device", f->device, how) ||
	    !json_str(o, "metric", f->metric, how) ||
	    !json_str(o, "title", f->title, how) ||
	    !json_str(o, "evidence", f->evidence, how) ||
	    !(when = cJSON_AddObjectToObject(o, "when")) ||
	    !window(when, &f->when) ||
	    !json_str(o, "recommendation", f->recommendation, how))
		return 0;
	return !f->sustained || episodes(o, f);
}

static int
summary(cJSON *root, const struct model *m, enum utf8_clean how)
{
	const struct model_summary *s = &m->summary;
	cJSON *o, *top;
	size_t i;

	if (!(o = cJSON_AddObjectToObject(root, "summary")) ||
	    !json_str(o, "status", s->status, how) ||
	    !json_str(o, "status_reason", s->status_reason, how) ||
	    !json_str(o, "findings_status", s->findings_status, how) ||
	    !(top = cJSON_AddArrayToObject(o, "top_findings")))
		return 0;
	for (i = 0; i < s->ntop; i++)
		if (s->top[i] >= m->nfindings ||
		    !finding(top, &m->findings[s->top[i]], how))
			return 0;
	return json_num(o, "critical", s->critical) &&
		json_num(o, "warning", s->warning) &&
		json_num(o, "info", s->info) &&
		json_num(o, "open_incidents", s->open_incidents) &&
		json_num(o, "health_availability_pct",
			 s->health_availability_pct);
}

static int
comparison(cJSON *root, const struct model_comparison *c, enum utf8_clean how)
{
	cJSON *o, *weeks, *w;
	size_t i;

	if (!(o = cJSON_AddObjectToObject(root, "comparison")) ||
	    !json_num(o, "min_coverage_pct", c->min_coverage_pct) ||
	    !(weeks = cJSON_AddArrayToObject(o, "weeks")))
		return 0;
	for (i = 0; i < c->nweeks; i++)
		if (!(w = json_push(weeks)) ||
		    !json_str(w, "label", c->weeks[i].label, how) ||
		    !json_num(w, "coverage_pct", c->weeks[i].coverage_pct) ||
		    !cJSON_AddBoolToObject(w, "used", c->weeks[i].used))
			return 0;
	return json_num(o, "weeks_used", c->weeks_used) &&
		json_str(o, "last_week_reason", c->last_week_reason, how) &&
		json_str(o, "four_weeks_reason", c->four_weeks_reason, how);
}

static int
model_tree(cJSON *root, const struct model *m, enum utf8_clean how)
{
	cJSON *arr, *notes, *s;
	size_t i;

	if (!header(root, m, how) || !coverage(root, &m->coverage, how) ||
	    !summary(root, m, how) ||
	    !(arr = cJSON_AddArrayToObject(root, "findings")))
		return 0;
	for (i = 0; i < m->nfindings; i++)
		if (!finding(arr, &m->findings[i], how))
			return 0;
	if (!comparison(root, &m->comparison, how) ||
	    !json_resources(root, m, how) ||
	    !json_capacity(root, &m->capacity, how) ||
	    !json_incidents(root, &m->incidents, how) ||
	    !json_health(root, &m->health, how) ||
	    !(notes = cJSON_AddArrayToObject(root, "notes")))
		return 0;
	for (i = 0; i < m->nnotes; i++) {
		char *c = utf8_clean(m->notes[i], how);

		s = c ? cJSON_CreateString(c) : NULL;
		free(c);
		if (!s)
			return 0;
		cJSON_AddItemToArray(notes, s);
	}
	return 1;
}

cJSON *
json_model_tree(const struct model *m, enum utf8_clean how)
{
	cJSON *root = cJSON_CreateObject();

	if (root && !model_tree(root, m, how)) {
		cJSON_Delete(root);
		root = NULL;
	}
	return root;
}

enum pw_status
render_json(const struct model *m, struct buf *out)
{
	/* The stored text, but valid UTF-8 (utf8.h) */
	cJSON *tree = json_model_tree(m, UTF8_FIX_INVALID);
	char *json = tree ? cJSON_Print(tree) : NULL;
	enum pw_status rc;

	cJSON_Delete(tree);
	if (!json)
		return PW_ENOMEM;
	if (!(rc = buf_adds(out, json)))
		rc = buf_add(out, "\n", 1);
	free(json);
	return rc;
}
