/*
 * json_fleet.c - the fleet report as the JSON tree of docs/fleet-json.md.
 *
 * Every key is always written, null for what is unknown; the lists
 * (stopped, top, filesystems, rightsizing) name their hosts, whose full
 * rows are in hosts[], ranked.  Numbers are written as the fleet holds
 * them.
 */
#include <math.h>
#include <stdlib.h>

#include "json_fleet.h"
#include "json_int.h"

static int
top_finding(cJSON *o, const struct fleet_row *r, enum utf8_clean how)
{
	cJSON *t;

	if (!r->top_title)
		return cJSON_AddNullToObject(o, "top_finding") != NULL;
	return (t = cJSON_AddObjectToObject(o, "top_finding")) &&
		json_str(t, "severity", r->top_severity, how) &&
		json_str(t, "title", r->top_title, how) &&
		json_str(t, "resource", r->top_resource, how) &&
		json_str(t, "device", r->top_device, how);
}

static int
days(cJSON *o, const struct source_host_stats *st)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "cpu_busy_by_day");
	int k;

	for (k = 0; arr && k < STATS_DAYS; k++) {
		cJSON *it = isfinite(st->cpu_busy_day[k]) ?
			cJSON_CreateNumber(st->cpu_busy_day[k]) :
			cJSON_CreateNull();

		if (!it)
			return 0;
		cJSON_AddItemToArray(arr, it);
	}
	return arr != NULL;
}

static int
figures(cJSON *o, const struct source_host_stats *st, enum utf8_clean how)
{
	return json_num(o, "cpus", st->cpu_count) &&
		json_num(o, "cpu_busy_avg_pct", st->cpu_busy_avg) &&
		json_num(o, "cpu_busy_p95_pct", st->cpu_busy_p95) &&
		json_num(o, "cpu_busy_max_pct", st->cpu_busy_max) &&
		json_num(o, "mem_used_avg_pct", st->mem_used_avg) &&
		json_num(o, "mem_used_p95_pct", st->mem_used_p95) &&
		json_num(o, "mem_used_max_pct", st->mem_used_max) &&
		json_num(o, "load_per_cpu_p95", st->load1_per_cpu_p95) &&
		json_num(o, "disk_await_ms_p95", st->disk_await_ms_p95) &&
		json_num(o, "tcp_retrans_per_s", st->tcp_retrans_per_s_avg) &&
		json_str(o, "fs_closest_to_full",
			 st->fs_fullest[0] ? st->fs_fullest : NULL, how) &&
		json_num(o, "fs_used_max_pct", st->fs_used_pct_max) &&
		json_num(o, "fs_days_to_full", st->fs_days_to_full) &&
		days(o, st) &&
		cJSON_AddBoolToObject(o, "store_quantiles",
				      st->store_quantiles) != NULL;
}

static int
host(cJSON *arr, const struct fleet_host *h, enum utf8_clean how)
{
	const struct fleet_row *r = &h->r;
	cJSON *o = json_push(arr);

	return o && json_num(o, "rank", h->rank) &&
		json_str(o, "host", r->st.host, how) &&
		json_str(o, "nodename",
			 r->st.nodename[0] ? r->st.nodename : NULL, how) &&
		json_str(o, "source", r->source, how) &&
		json_str(o, "group_value", r->st.group[0] ? r->st.group : NULL,
			 how) &&
		json_str(o, "status", r->status, how) &&
		json_str(o, "status_reason", r->reason, how) &&
		json_num(o, "critical", r->critical) &&
		json_num(o, "warning", r->warning) && top_finding(o, r, how) &&
		json_num(o, "coverage_pct", r->st.coverage_pct) &&
		json_time(o, "last_sample", &h->last_sample) &&
		cJSON_AddBoolToObject(o, "stopped", h->stopped) &&
		json_num(o, "memory_gib", h->memory_gib) &&
		figures(o, &r->st, how) &&
		json_num(o, "cpu_headroom_pct", h->cpu_headroom_pct) &&
		json_num(o, "mem_headroom_pct", h->mem_headroom_pct) &&
		cJSON_AddBoolToObject(o, "underused", h->underused) &&
		json_num(o, "open_incidents", r->open_incidents) &&
		(isnan(r->open_incidents) ?
			 cJSON_AddNullToObject(o, "open_incidents_complete") :
			 cJSON_AddBoolToObject(o, "open_incidents_complete",
					       !r->incidents_cut)) != NULL;
}

/* [{"host": ..., "value": ...}] of a list of indexes, value v. */
static int
host_values(cJSON *arr, const struct fleet *f, const size_t *idx, size_t n,
	    enum fleet_value v, enum utf8_clean how)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct fleet_host *h = &f->hosts[idx[i]];
		cJSON *o = json_push(arr);

		if (!o || !json_str(o, "host", h->r.st.host, how) ||
		    !json_num(o, "value", fleet_value(h, v)))
			return 0;
	}
	return 1;
}

static int
tops(cJSON *root, const struct fleet *f, enum utf8_clean how)
{
	cJSON *o = cJSON_AddObjectToObject(root, "top"), *t, *arr;
	int k;

	for (k = 0; o && k < FLEET_TOPS; k++)
		if (!(t = cJSON_AddObjectToObject(o, f->top[k].id)) ||
		    !json_str(t, "title", f->top[k].title, how) ||
		    !json_str(t, "unit", f->top[k].unit, how) ||
		    !(arr = cJSON_AddArrayToObject(t, "hosts")) ||
		    !host_values(arr, f, f->top[k].idx, f->top[k].n,
				 f->top[k].value, how))
			return 0;
	return o != NULL;
}

static int
filesystems(cJSON *root, const struct fleet *f, enum utf8_clean how)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "filesystems"), *o;
	size_t i;

	for (i = 0; arr && i < f->nfs; i++) {
		const struct fleet_host *h = &f->hosts[f->fs[i]];

		if (!(o = json_push(arr)) ||
		    !json_str(o, "host", h->r.st.host, how) ||
		    !json_str(o, "filesystem", h->r.st.fs_fullest, how) ||
		    !json_num(o, "used_max_pct", h->r.st.fs_used_pct_max) ||
		    !json_num(o, "days_to_full", h->r.st.fs_days_to_full))
			return 0;
	}
	return arr != NULL;
}

static int
rightsizing(cJSON *root, const struct fleet *f, enum utf8_clean how)
{
	cJSON *rs = cJSON_AddObjectToObject(root, "rightsizing"), *arr, *o;
	size_t i;

	if (!rs || !json_num(rs, "underused_cpu_pct", f->underused_cpu_pct) ||
	    !json_num(rs, "underused_mem_pct", f->underused_mem_pct) ||
	    !json_num(rs, "target_util_pct", f->target_util_pct) ||
	    !json_num(rs, "cpus_removable", f->cpus_removable) ||
	    !json_num(rs, "memory_gib_removable", f->memory_gib_removable) ||
	    !(arr = cJSON_AddArrayToObject(rs, "hosts")))
		return 0;
	for (i = 0; i < f->nunderused; i++) {
		const struct fleet_host *h = &f->hosts[f->underused[i]];

		if (!(o = json_push(arr)) ||
		    !json_str(o, "host", h->r.st.host, how) ||
		    !json_num(o, "cpus", h->r.st.cpu_count) ||
		    !json_num(o, "cpu_busy_p95_pct", h->r.st.cpu_busy_p95) ||
		    !json_num(o, "cpus_needed", h->cpus_needed) ||
		    !json_num(o, "cpus_removable", h->cpus_removable) ||
		    !json_num(o, "memory_gib", h->memory_gib) ||
		    !json_num(o, "mem_used_p95_pct", h->r.st.mem_used_p95) ||
		    !json_num(o, "mem_used_max_pct", h->r.st.mem_used_max) ||
		    !json_num(o, "memory_gib_needed", h->memory_gib_needed) ||
		    !json_num(o, "memory_gib_removable",
			      h->memory_gib_removable))
			return 0;
	}
	return 1;
}

static int
counts(cJSON *root, const struct fleet *f)
{
	cJSON *o = cJSON_AddObjectToObject(root, "status_counts");
	int k;

	for (k = 0; o && k < FLEET_STATUSES; k++)
		if (!json_num(o, fleet_status_names[k], f->count[k]))
			return 0;
	return o != NULL;
}

static int
stopped(cJSON *root, const struct fleet *f, enum utf8_clean how)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "stopped"), *o;
	size_t i;

	for (i = 0; arr && i < f->nstopped; i++) {
		const struct fleet_host *h = &f->hosts[f->stopped[i]];

		if (!(o = json_push(arr)) ||
		    !json_str(o, "host", h->r.st.host, how) ||
		    !json_str(o, "status", h->r.status, how) ||
		    !json_time(o, "last_sample", &h->last_sample))
			return 0;
	}
	return arr != NULL;
}

static int
head(cJSON *root, const struct fleet *f, enum utf8_clean how)
{
	const struct model_period *p = &f->period;
	cJSON *per, *t, *d;
	int k;

	if (!json_str(root, "schema", FLEET_SCHEMA, how) ||
	    !json_str(root, "group", f->group, how) ||
	    !(per = cJSON_AddObjectToObject(root, "period")) ||
	    !json_str(per, "label", p->label, how) ||
	    !json_str(per, "timezone", p->timezone, how) ||
	    !json_time(per, "start", &p->start) ||
	    !json_time(per, "end", &p->end) ||
	    !json_num(per, "hours", p->hours) ||
	    !json_time(root, "generated", &f->generated) ||
	    !json_num(root, "hosts_total", (double)f->nhosts) ||
	    !counts(root, f) || !stopped(root, f, how) ||
	    !(t = cJSON_AddObjectToObject(root, "totals")) ||
	    !json_num(t, "cpus", f->cpus) ||
	    !json_num(t, "memory_gib", f->memory_gib) ||
	    !json_num(t, "cpu_busy_avg_pct", f->cpu_busy_avg_pct) ||
	    !json_num(t, "mem_used_avg_pct", f->mem_used_avg_pct) ||
	    !json_num(t, "critical_findings", f->critical) ||
	    !json_num(t, "warning_findings", f->warning) ||
	    !(d = cJSON_AddArrayToObject(root, "heatmap_days")))
		return 0;
	for (k = 0; k < STATS_DAYS; k++) {
		cJSON *s = cJSON_CreateString(f->days[k]);

		if (!s)
			return 0;
		cJSON_AddItemToArray(d, s);
	}
	return 1;
}

cJSON *
json_fleet_tree(const struct fleet *f, enum utf8_clean how)
{
	cJSON *root = cJSON_CreateObject(), *arr, *notes;
	size_t i;
	int ok = root && head(root, f, how) &&
		(arr = cJSON_AddArrayToObject(root, "hosts"));

	for (i = 0; ok && i < f->nhosts; i++)
		ok = host(arr, &f->hosts[i], how);
	ok = ok && tops(root, f, how) && filesystems(root, f, how) &&
		rightsizing(root, f, how) &&
		(notes = cJSON_AddArrayToObject(root, "notes"));
	for (i = 0; ok && i < f->nnotes; i++) {
		cJSON *s = cJSON_CreateString(f->notes[i]);

		ok = s != NULL;
		if (s)
			cJSON_AddItemToArray(notes, s);
	}
	if (!ok) {
		cJSON_Delete(root);
		root = NULL;
	}
	return root;
}

enum pw_status
render_fleet_json(const struct fleet *f, struct buf *out)
{
	cJSON *tree = json_fleet_tree(f, UTF8_FIX_INVALID);
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
