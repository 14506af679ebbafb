/*
 * json_sections.c - the report model's resources, capacity, incidents and
 * health as JSON (json_int.h), in docs/report-json.md's shape.
 */
#include "json_int.h"

static int
metric(cJSON *arr, const struct model_metric *x, enum utf8_clean how)
{
	cJSON *o = json_push(arr);

	return o && json_str(o, "id", x->id, how) &&
		json_str(o, "label", x->label, how) &&
		json_str(o, "unit", x->unit, how) &&
		json_num(o, "samples", x->samples) &&
		json_num(o, "avg", x->avg) && json_num(o, "min", x->min) &&
		json_num(o, "p50", x->p50) && json_num(o, "p90", x->p90) &&
		json_num(o, "p95", x->p95) && json_num(o, "p99", x->p99) &&
		json_num(o, "max", x->max) &&
		json_time(o, "max_at", &x->max_at) &&
		json_num(o, "warn", x->warn) && json_num(o, "crit", x->crit) &&
		json_num(o, "minutes_above_warn", x->minutes_above_warn) &&
		json_num(o, "minutes_above_crit", x->minutes_above_crit) &&
		json_num(o, "busiest_hour", x->busiest_hour) &&
		/* "" when no day stands out, as it always has been */
		json_str(o, "busiest_day", x->busiest_day ? x->busiest_day : "",
			 how) &&
		json_num(o, "prev_avg", x->prev_avg) &&
		json_num(o, "change_pct", x->change_pct) &&
		json_num(o, "change_4w_pct", x->change_4w_pct) &&
		json_num(o, "change_4w_weeks", x->change_4w_weeks) &&
		json_str(o, "change_reason", x->change_reason, how) &&
		json_str(o, "change_4w_reason", x->change_4w_reason, how);
}

static int
metrics(cJSON *o, const struct model_metric *x, size_t n, enum utf8_clean how)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "metrics");
	size_t i;

	if (!arr)
		return 0;
	for (i = 0; i < n; i++)
		if (!metric(arr, &x[i], how))
			return 0;
	return 1;
}

int
json_resources(cJSON *root, const struct model *m, enum utf8_clean how)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "resources"), *s, *devs, *d;
	size_t i, j;

	if (!arr)
		return 0;
	for (i = 0; i < m->nresources; i++) {
		const struct model_section *sec = &m->resources[i];

		if (!(s = json_push(arr)) || !json_str(s, "id", sec->id, how) ||
		    !json_str(s, "title", sec->title, how))
			return 0;
		if (!sec->per_device) {
			if (!metrics(s, sec->metrics, sec->nmetrics, how))
				return 0;
			continue;
		}
		if (!(devs = cJSON_AddArrayToObject(s, "devices")))
			return 0;
		for (j = 0; j < sec->ndevices; j++) {
			const struct model_device *dv = &sec->devices[j];

			if (!(d = json_push(devs)) ||
			    !json_str(d, "name", dv->name, how) ||
			    !json_str(d, "label", dv->label, how) ||
			    !metrics(d, dv->metrics, dv->nmetrics, how))
				return 0;
		}
	}
	return 1;
}

int
json_capacity(cJSON *root, const struct model_capacity *c, enum utf8_clean how)
{
	cJSON *o = cJSON_AddObjectToObject(root, "capacity"), *cpu, *arr, *d;
	size_t i;

	if (!o || !json_num(o, "target_util_pct", c->target_util_pct))
		return 0;
	if (!c->has_cpu ? !cJSON_AddNullToObject(o, "cpu") :
			  !(cpu = cJSON_AddObjectToObject(o, "cpu")) ||
			    !json_num(cpu, "cpus", c->cpu.cpus) ||
			    !json_num(cpu, "p95_busy_pct",
				      c->cpu.p95_busy_pct) ||
			    !json_num(cpu, "erlang_c", c->cpu.erlang_c) ||
			    !json_num(cpu, "wait_ratio", c->cpu.wait_ratio) ||
			    !json_num(cpu, "headroom_pct", c->cpu.headroom_pct))
		return 0;
	if (!(arr = cJSON_AddArrayToObject(o, "disks")))
		return 0;
	for (i = 0; i < c->ndisks; i++)
		if (!(d = json_push(arr)) ||
		    !json_str(d, "name", c->disks[i].name, how) ||
		    !json_num(d, "p95_util_pct", c->disks[i].p95_util_pct) ||
		    !json_num(d, "stretch", c->disks[i].stretch) ||
		    !json_num(d, "headroom_pct", c->disks[i].headroom_pct))
			return 0;
	if (!(arr = cJSON_AddArrayToObject(o, "services")))
		return 0;
	for (i = 0; i < c->nservices; i++)
		if (!(d = json_push(arr)) ||
		    !json_str(d, "service", c->services[i].service, how) ||
		    !json_num(d, "requests_per_s",
			      c->services[i].requests_per_s) ||
		    !json_num(d, "response_time_s",
			      c->services[i].response_time_s) ||
		    !json_num(d, "concurrency", c->services[i].concurrency))
			return 0;
	return 1;
}

static int
counts(cJSON *o, const char *key, const char *name, const struct model_count *c,
       size_t n, enum utf8_clean how)
{
	cJSON *arr = cJSON_AddArrayToObject(o, key), *e;
	size_t i;

	if (!arr)
		return 0;
	for (i = 0; i < n; i++)
		if (!(e = json_push(arr)) ||
		    !json_str(e, name, c[i].name, how) ||
		    !json_num(e, "count", c[i].count))
			return 0;
	return 1;
}

int
json_incidents(cJSON *root, const struct model_incidents *inc,
	       enum utf8_clean how)
{
	cJSON *o = cJSON_AddObjectToObject(root, "incidents"), *arr, *e;
	size_t i;

	if (!o || !json_str(o, "status", inc->status, how) ||
	    !json_str(o, "reason", inc->reason, how) ||
	    !json_time(o, "fetched", &inc->fetched) ||
	    !cJSON_AddBoolToObject(o, "demo", inc->demo) ||
	    !json_num(o, "open_total", inc->open_total) ||
	    !json_num(o, "opened_in_period", inc->opened_in_period) ||
	    !json_num(o, "resolved_in_period", inc->resolved_in_period) ||
	    !json_num(o, "mttr_hours", inc->mttr_hours) ||
	    !counts(o, "by_priority", "priority", inc->by_priority,
		    inc->nby_priority, how) ||
	    !counts(o, "by_state", "state", inc->by_state, inc->nby_state,
		    how) ||
	    !(arr = cJSON_AddArrayToObject(o, "open")))
		return 0;
	for (i = 0; i < inc->nopen; i++) {
		const struct model_incident *x = &inc->open[i];

		if (!(e = json_push(arr)) ||
		    !json_str(e, "number", x->number, how) ||
		    !json_str(e, "short_description", x->short_description,
			      how) ||
		    !json_str(e, "priority", x->priority, how) ||
		    !json_str(e, "state", x->state, how) ||
		    !json_time(e, "opened", &x->opened) ||
		    !json_str(e, "assignment_group", x->assignment_group,
			      how) ||
		    !json_str(e, "cmdb_ci", x->cmdb_ci, how))
			return 0;
	}
	return json_num(o, "open_more", inc->open_more);
}

static int
check_live(cJSON *o, const struct model_check *c, enum utf8_clean how)
{
	cJSON *l;

	if (!c->has_live)
		return cJSON_AddNullToObject(o, "live") != NULL;
	return (l = cJSON_AddObjectToObject(o, "live")) &&
		cJSON_AddBoolToObject(l, "ok", c->live.ok) &&
		json_num(l, "status", c->live.status) &&
		json_num(l, "total_ms", c->live.total_ms) &&
		json_str(l, "error", c->live.error, how);
}

static int
check(cJSON *arr, const struct model_check *c, enum utf8_clean how)
{
	cJSON *o = json_push(arr), *lat, *ph, *outs, *w;
	size_t i;

	if (!o || !json_str(o, "name", c->name, how) ||
	    !json_str(o, "url", c->url, how) ||
	    !json_num(o, "samples", c->samples) ||
	    !json_num(o, "failures", c->failures) ||
	    !json_num(o, "slo_pct", c->slo_pct) ||
	    !json_num(o, "availability_pct", c->availability_pct) ||
	    !json_num(o, "error_budget_spent_pct", c->error_budget_spent_pct) ||
	    !(lat = cJSON_AddObjectToObject(o, "latency_ms")) ||
	    !(ph = cJSON_AddObjectToObject(o, "phases_ms")) ||
	    !json_num(lat, "p50", c->latency_p50_ms) ||
	    !json_num(lat, "p95", c->latency_p95_ms) ||
	    !json_num(lat, "p99", c->latency_p99_ms) ||
	    !json_num(ph, "dns", c->phase_dns_ms) ||
	    !json_num(ph, "connect", c->phase_connect_ms) ||
	    !json_num(ph, "tls", c->phase_tls_ms) ||
	    !json_num(ph, "first_byte", c->phase_first_byte_ms) ||
	    !json_num(ph, "total", c->phase_total_ms) ||
	    !(outs = cJSON_AddArrayToObject(o, "outages")))
		return 0;
	for (i = 0; i < c->noutages; i++)
		if (!(w = json_push(outs)) ||
		    !json_time(w, "start", &c->outages[i].w.start) ||
		    !json_time(w, "end", &c->outages[i].w.end) ||
		    !json_num(w, "minutes", c->outages[i].w.minutes) ||
		    !cJSON_AddBoolToObject(w, "ongoing", c->outages[i].ongoing))
			return 0;
	return json_num(o, "cert_days_left", c->cert_days_left) &&
		json_time(o, "cert_expires", &c->cert_expires) &&
		json_str(o, "cert_status", c->cert_status, how) &&
		check_live(o, c, how);
}

int
json_health(cJSON *root, const struct model_health *h, enum utf8_clean how)
{
	cJSON *o = cJSON_AddObjectToObject(root, "health"), *arr;
	size_t i;

	if (!o || !json_str(o, "status", h->status, how) ||
	    !json_num(o, "slo_pct", h->slo_pct) ||
	    !json_num(o, "samples", h->samples) ||
	    !json_num(o, "failures", h->failures) ||
	    !json_num(o, "availability_pct", h->availability_pct) ||
	    !(arr = cJSON_AddArrayToObject(o, "checks")))
		return 0;
	for (i = 0; i < h->nchecks; i++)
		if (!check(arr, &h->checks[i], how))
			return 0;
	return 1;
}
