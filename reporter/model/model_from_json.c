/*
 * model_from_json.c - TRANSITIONAL: the struct model of model.h, read
 * from the cJSON tree the builders still make.
 *
 * It lets the renderers move to the structs before the builders fill
 * them directly; it goes when they do.  Only the renderers' callers use
 * it.  The series are borrowed: out->data is a shallow copy of *data,
 * which the caller clears (memset) before model_free.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model.h"
#include "model_from_json.h"

struct rd {
	struct model *m;
	int oom;
};

static const cJSON *
obj(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

static double
num(const cJSON *o, const char *key)
{
	const cJSON *it = obj(o, key);

	return cJSON_IsNumber(it) ? it->valuedouble : NAN;
}

static const char *
str(struct rd *r, const cJSON *o, const char *key)
{
	const cJSON *it = obj(o, key);
	const char *s;

	if (!cJSON_IsString(it))
		return NULL;
	if (!(s = arena_strdup(&r->m->arena, it->valuestring)))
		r->oom = 1;
	return s;
}

static void *
arr(struct rd *r, const cJSON *a, size_t size, size_t *n)
{
	void *p;

	*n = cJSON_IsArray(a) ? (size_t)cJSON_GetArraySize(a) : 0;
	if (*n == 0)
		return NULL;
	if (!(p = arena_alloc(&r->m->arena, *n, size)))
		r->oom = 1, *n = 0;
	return p;
}

static void
tm(const cJSON *o, const char *key, struct model_time *t)
{
	const cJSON *it = obj(o, key);
	char tskey[64];
	double ts;

	memset(t, 0, sizeof(*t));
	if (!cJSON_IsString(it))
		return;
	snprintf(tskey, sizeof(tskey), "%s_ts", key);
	ts = num(o, tskey);
	t->ts = isnan(ts) ? 0 : (int64_t)ts;
	snprintf(t->text, sizeof(t->text), "%s", it->valuestring);
}

static void
window(const cJSON *o, struct model_window *w)
{
	tm(o, "start", &w->start);
	tm(o, "end", &w->end);
	w->minutes = num(o, "minutes");
}

static enum severity
sev(const char *s)
{
	if (!s)
		return SEV_OK;
	if (strcmp(s, "CRITICAL") == 0)
		return SEV_CRITICAL;
	if (strcmp(s, "WARNING") == 0)
		return SEV_WARNING;
	return strcmp(s, "INFO") == 0 ? SEV_INFO : SEV_OK;
}

static void
read_coverage(struct rd *r, const cJSON *c, struct model_coverage *cov)
{
	const cJSON *it;
	size_t i = 0;

	cov->interval_s = num(c, "interval_s");
	cov->expected = num(c, "expected");
	cov->stored = num(c, "stored");
	cov->pct = num(c, "pct");
	cov->gaps = arr(r, obj(c, "gaps"), sizeof(*cov->gaps), &cov->ngaps);
	cJSON_ArrayForEach(it, obj(c, "gaps")) {
		if (i >= cov->ngaps)
			break;
		window(it, &cov->gaps[i].w);
		cov->gaps[i++].missed = num(it, "missed");
	}
	cov->reboots = arr(r, obj(c, "reboots"), sizeof(*cov->reboots),
			   &cov->nreboots);
	i = 0;
	cJSON_ArrayForEach(it, obj(c, "reboots")) {
		if (i >= cov->nreboots)
			break;
		tm(it, "booted", &cov->reboots[i].booted);
		tm(it, "first_snapshot", &cov->reboots[i++].first_snapshot);
	}
	cov->gap_count = num(c, "gap_count");
	cov->gap_minutes = num(c, "gap_minutes");
	cov->warning = str(r, c, "warning");
	cov->min_pct = num(c, "min_pct");
	tm(c, "last_snapshot", &cov->last_snapshot);
}

static void
read_finding(struct rd *r, const cJSON *o, struct model_finding *f)
{
	const cJSON *eps = obj(o, "episodes"), *it;
	size_t i = 0;

	f->rule = str(r, o, "rule");
	f->severity = sev(cJSON_GetStringValue(obj(o, "severity")));
	f->resource = str(r, o, "resource");
	f->device = str(r, o, "device");
	f->metric = str(r, o, "metric");
	f->title = str(r, o, "title");
	f->evidence = str(r, o, "evidence");
	window(obj(o, "when"), &f->when);
	f->recommendation = str(r, o, "recommendation");
	f->sustained = cJSON_IsArray(eps);
	f->episodes = arr(r, eps, sizeof(*f->episodes), &f->nepisodes);
	cJSON_ArrayForEach(it, eps) {
		if (i >= f->nepisodes)
			break;
		window(it, &f->episodes[i].w);
		f->episodes[i++].peak = num(it, "peak");
	}
	f->episode_count = num(o, "episode_count");
	f->episode_minutes = num(o, "episode_minutes");
}

static void
read_summary(const cJSON *root, struct rd *r, struct model *m)
{
	const cJSON *s = obj(root, "summary");
	size_t i, k;

	m->summary.status = str(r, s, "status");
	m->summary.status_reason = str(r, s, "status_reason");
	m->summary.findings_status = str(r, s, "findings_status");
	m->summary.critical = num(s, "critical");
	m->summary.warning = num(s, "warning");
	m->summary.info = num(s, "info");
	m->summary.open_incidents = num(s, "open_incidents");
	m->summary.health_availability_pct = num(s, "health_availability_pct");
	/* the top findings are the first ones, in order */
	k = (size_t)cJSON_GetArraySize(obj(s, "top_findings"));
	if (k > MODEL_TOP)
		k = MODEL_TOP;
	if (k > m->nfindings)
		k = m->nfindings;
	for (i = 0; i < k; i++)
		m->summary.top[i] = i;
	m->summary.ntop = k;
}

static void
read_metric(struct rd *r, const cJSON *o, struct model_metric *mm)
{
	mm->id = str(r, o, "id");
	mm->label = str(r, o, "label");
	mm->unit = str(r, o, "unit");
	mm->samples = num(o, "samples");
	mm->avg = num(o, "avg");
	mm->min = num(o, "min");
	mm->p50 = num(o, "p50");
	mm->p90 = num(o, "p90");
	mm->p95 = num(o, "p95");
	mm->p99 = num(o, "p99");
	mm->max = num(o, "max");
	tm(o, "max_at", &mm->max_at);
	mm->warn = num(o, "warn");
	mm->crit = num(o, "crit");
	mm->minutes_above_warn = num(o, "minutes_above_warn");
	mm->minutes_above_crit = num(o, "minutes_above_crit");
	mm->busiest_hour = num(o, "busiest_hour");
	mm->busiest_day = str(r, o, "busiest_day");
	mm->prev_avg = num(o, "prev_avg");
	mm->change_pct = num(o, "change_pct");
	mm->change_4w_pct = num(o, "change_4w_pct");
	mm->change_4w_weeks = num(o, "change_4w_weeks");
	mm->change_reason = str(r, o, "change_reason");
	mm->change_4w_reason = str(r, o, "change_4w_reason");
}

static void
read_metrics(struct rd *r, const cJSON *a, struct model_metric **out, size_t *n)
{
	const cJSON *it;
	size_t i = 0;

	*out = arr(r, a, sizeof(**out), n);
	cJSON_ArrayForEach(it, a) {
		if (i >= *n)
			break;
		read_metric(r, it, &(*out)[i++]);
	}
}

static const struct dev_data *
dev_series(const struct dataset *d, const char *section, const char *name)
{
	enum dev_kind kind;
	size_t i;

	if (strcmp(section, "disk") == 0)
		kind = DEV_DISK;
	else if (strcmp(section, "filesystem") == 0)
		kind = DEV_FS;
	else
		kind = DEV_NETIF;
	for (i = 0; d && name && i < d->ndev; i++)
		if (d->dev[i].kind == kind && strcmp(d->dev[i].name, name) == 0)
			return &d->dev[i];
	return NULL;
}

static void
read_resources(struct rd *r, const cJSON *a, const struct dataset *data)
{
	struct model *m = r->m;
	const cJSON *it, *dv;
	size_t i = 0, j;

	m->resources = arr(r, a, sizeof(*m->resources), &m->nresources);
	cJSON_ArrayForEach(it, a) {
		struct model_section *s;

		if (i >= m->nresources)
			break;
		s = &m->resources[i++];
		s->id = str(r, it, "id");
		s->title = str(r, it, "title");
		s->per_device = cJSON_IsArray(obj(it, "devices"));
		read_metrics(r, obj(it, "metrics"), &s->metrics, &s->nmetrics);
		s->devices = arr(r, obj(it, "devices"), sizeof(*s->devices),
				 &s->ndevices);
		j = 0;
		cJSON_ArrayForEach(dv, obj(it, "devices")) {
			struct model_device *d;

			if (j >= s->ndevices)
				break;
			d = &s->devices[j++];
			d->name = str(r, dv, "name");
			d->label = str(r, dv, "label");
			read_metrics(r, obj(dv, "metrics"), &d->metrics,
				     &d->nmetrics);
			d->data = s->id ? dev_series(data, s->id, d->name) :
					  NULL;
		}
	}
}

static void
read_capacity(struct rd *r, const cJSON *c, struct model_capacity *cap)
{
	const cJSON *cpu = obj(c, "cpu"), *it;
	size_t i = 0;

	cap->target_util_pct = num(c, "target_util_pct");
	cap->has_cpu = cJSON_IsObject(cpu);
	cap->cpu.cpus = num(cpu, "cpus");
	cap->cpu.p95_busy_pct = num(cpu, "p95_busy_pct");
	cap->cpu.erlang_c = num(cpu, "erlang_c");
	cap->cpu.wait_ratio = num(cpu, "wait_ratio");
	cap->cpu.headroom_pct = num(cpu, "headroom_pct");
	cap->disks = arr(r, obj(c, "disks"), sizeof(*cap->disks), &cap->ndisks);
	cJSON_ArrayForEach(it, obj(c, "disks")) {
		if (i >= cap->ndisks)
			break;
		cap->disks[i].name = str(r, it, "name");
		cap->disks[i].p95_util_pct = num(it, "p95_util_pct");
		cap->disks[i].stretch = num(it, "stretch");
		cap->disks[i++].headroom_pct = num(it, "headroom_pct");
	}
	cap->services = arr(r, obj(c, "services"), sizeof(*cap->services),
			    &cap->nservices);
	i = 0;
	cJSON_ArrayForEach(it, obj(c, "services")) {
		if (i >= cap->nservices)
			break;
		cap->services[i].service = str(r, it, "service");
		cap->services[i].requests_per_s = num(it, "requests_per_s");
		cap->services[i].response_time_s = num(it, "response_time_s");
		cap->services[i++].concurrency = num(it, "concurrency");
	}
}

static void
read_comparison(struct rd *r, const cJSON *c, struct model_comparison *cmp)
{
	const cJSON *it;
	size_t i = 0;

	cmp->min_coverage_pct = num(c, "min_coverage_pct");
	cJSON_ArrayForEach(it, obj(c, "weeks")) {
		if (i >= MODEL_WEEKS)
			break;
		cmp->weeks[i].label = str(r, it, "label");
		cmp->weeks[i].coverage_pct = num(it, "coverage_pct");
		cmp->weeks[i++].used = cJSON_IsTrue(obj(it, "used"));
	}
	cmp->nweeks = i;
	cmp->weeks_used = num(c, "weeks_used");
	cmp->last_week_reason = str(r, c, "last_week_reason");
	cmp->four_weeks_reason = str(r, c, "four_weeks_reason");
}

static void
read_counts(struct rd *r, const cJSON *a, const char *key,
	    struct model_count **out, size_t *n)
{
	const cJSON *it;
	size_t i = 0;

	*out = arr(r, a, sizeof(**out), n);
	cJSON_ArrayForEach(it, a) {
		if (i >= *n)
			break;
		(*out)[i].name = str(r, it, key);
		(*out)[i++].count = num(it, "count");
	}
}

static void
read_incidents(struct rd *r, const cJSON *c, struct model_incidents *inc)
{
	const cJSON *it;
	size_t i = 0;

	inc->status = str(r, c, "status");
	inc->reason = str(r, c, "reason");
	tm(c, "fetched", &inc->fetched);
	inc->demo = cJSON_IsTrue(obj(c, "demo"));
	inc->open_total = num(c, "open_total");
	inc->opened_in_period = num(c, "opened_in_period");
	inc->resolved_in_period = num(c, "resolved_in_period");
	inc->mttr_hours = num(c, "mttr_hours");
	read_counts(r, obj(c, "by_priority"), "priority", &inc->by_priority,
		    &inc->nby_priority);
	read_counts(r, obj(c, "by_state"), "state", &inc->by_state,
		    &inc->nby_state);
	inc->open = arr(r, obj(c, "open"), sizeof(*inc->open), &inc->nopen);
	cJSON_ArrayForEach(it, obj(c, "open")) {
		struct model_incident *x;

		if (i >= inc->nopen)
			break;
		x = &inc->open[i++];
		x->number = str(r, it, "number");
		x->short_description = str(r, it, "short_description");
		x->priority = str(r, it, "priority");
		x->state = str(r, it, "state");
		tm(it, "opened", &x->opened);
		x->assignment_group = str(r, it, "assignment_group");
		x->cmdb_ci = str(r, it, "cmdb_ci");
	}
	inc->open_more = num(c, "open_more");
}

static void
read_check(struct rd *r, const cJSON *o, struct model_check *c)
{
	const cJSON *lat = obj(o, "latency_ms"), *ph = obj(o, "phases_ms");
	const cJSON *live = obj(o, "live"), *it;
	size_t i = 0;

	c->name = str(r, o, "name");
	c->url = str(r, o, "url");
	c->samples = num(o, "samples");
	c->failures = num(o, "failures");
	c->slo_pct = num(o, "slo_pct");
	c->availability_pct = num(o, "availability_pct");
	c->error_budget_spent_pct = num(o, "error_budget_spent_pct");
	c->latency_p50_ms = num(lat, "p50");
	c->latency_p95_ms = num(lat, "p95");
	c->latency_p99_ms = num(lat, "p99");
	c->phase_dns_ms = num(ph, "dns");
	c->phase_connect_ms = num(ph, "connect");
	c->phase_tls_ms = num(ph, "tls");
	c->phase_first_byte_ms = num(ph, "first_byte");
	c->phase_total_ms = num(ph, "total");
	c->outages = arr(r, obj(o, "outages"), sizeof(*c->outages),
			 &c->noutages);
	cJSON_ArrayForEach(it, obj(o, "outages")) {
		if (i >= c->noutages)
			break;
		window(it, &c->outages[i].w);
		c->outages[i++].ongoing = cJSON_IsTrue(obj(it, "ongoing"));
	}
	c->cert_days_left = num(o, "cert_days_left");
	tm(o, "cert_expires", &c->cert_expires);
	c->cert_status = str(r, o, "cert_status");
	c->has_live = cJSON_IsObject(live);
	c->live.ok = cJSON_IsTrue(obj(live, "ok"));
	c->live.status = num(live, "status");
	c->live.total_ms = num(live, "total_ms");
	c->live.error = str(r, live, "error");
}

static void
read_health(struct rd *r, const cJSON *h, struct model_health *hw)
{
	const cJSON *it;
	size_t i = 0;

	hw->status = str(r, h, "status");
	hw->slo_pct = num(h, "slo_pct");
	hw->samples = num(h, "samples");
	hw->failures = num(h, "failures");
	hw->availability_pct = num(h, "availability_pct");
	hw->checks = arr(r, obj(h, "checks"), sizeof(*hw->checks),
			 &hw->nchecks);
	cJSON_ArrayForEach(it, obj(h, "checks")) {
		if (i >= hw->nchecks)
			break;
		read_check(r, it, &hw->checks[i++]);
	}
}

static void
read_head(struct rd *r, const cJSON *root)
{
	struct model *m = r->m;
	const cJSON *p = obj(root, "period"), *it;
	size_t i = 0;

	m->host = str(r, root, "host");
	m->period.label = str(r, p, "label");
	m->period.timezone = str(r, p, "timezone");
	tm(p, "start", &m->period.start);
	tm(p, "end", &m->period.end);
	m->period.hours = num(p, "hours");
	m->period.dst_note = str(r, p, "dst_note");
	tm(root, "generated", &m->generated);
	m->simulated = str(r, root, "simulated");
	m->source = str(r, root, "source");
	m->notes = arr(r, obj(root, "notes"), sizeof(*m->notes), &m->nnotes);
	cJSON_ArrayForEach(it, obj(root, "notes")) {
		if (i >= m->nnotes)
			break;
		if (!(m->notes[i++] = arena_strdup(
			      &m->arena,
			      cJSON_GetStringValue(it) ?
				      cJSON_GetStringValue(it) :
				      "")))
			r->oom = 1;
	}
}

enum pw_status
model_from_json(const cJSON *tree, const struct dataset *data,
		const struct period_tz *tz, struct model *out)
{
	struct rd r = { out, 0 };
	const cJSON *it;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	out->tz = tz;
	if (data)
		out->data = *data;
	read_head(&r, tree);
	read_coverage(&r, obj(tree, "coverage"), &out->coverage);
	out->findings = arr(&r, obj(tree, "findings"), sizeof(*out->findings),
			    &out->nfindings);
	cJSON_ArrayForEach(it, obj(tree, "findings")) {
		if (i >= out->nfindings)
			break;
		read_finding(&r, it, &out->findings[i++]);
	}
	read_summary(tree, &r, out);
	read_resources(&r, obj(tree, "resources"), data);
	read_capacity(&r, obj(tree, "capacity"), &out->capacity);
	read_comparison(&r, obj(tree, "comparison"), &out->comparison);
	read_incidents(&r, obj(tree, "incidents"), &out->incidents);
	read_health(&r, obj(tree, "health"), &out->health);
	if (r.oom) {
		memset(&out->data, 0, sizeof(out->data));
		model_free(out);
		return PW_ENOMEM;
	}
	return PW_OK;
}

const char *
model_severity_name(enum severity s)
{
	static const char *const names[] = { "OK", "INFO", "WARNING",
					     "CRITICAL" };

	return (unsigned)s < 4 ? names[s] : "OK";
}

void
model_free(struct model *m)
{
	arena_free(&m->arena);
	dataset_free(&m->data);
	memset(m, 0, sizeof(*m));
}
