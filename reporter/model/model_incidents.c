/*
 * model_incidents.c - the incidents section of the report model: a copy
 * of what snow_read() read from the stored ServiceNow fetch before the
 * build (main does it), in the model's arena.  Also fills
 * summary.open_incidents.
 */
#include <math.h>
#include <string.h>

#include "model_parts.h"

/* s in the model's arena; NULL stays NULL, a failure sets *oom. */
static const char *
dup(struct model *m, const char *s, int *oom)
{
	const char *d = s ? arena_strdup(&m->arena, s) : NULL;

	if (s && !d)
		*oom = 1;
	return d;
}

static struct model_count *
dup_counts(struct model *m, const struct model_count *v, size_t n, int *oom)
{
	struct model_count *d;
	size_t i;

	if (n == 0)
		return NULL;
	if (!(d = arena_alloc(&m->arena, n, sizeof(*d)))) {
		*oom = 1;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		d[i].name = dup(m, v[i].name, oom);
		d[i].count = v[i].count;
	}
	return d;
}

static struct model_incident *
dup_open(struct model *m, const struct model_incident *v, size_t n, int *oom)
{
	struct model_incident *d;
	size_t i;

	if (n == 0)
		return NULL;
	if (!(d = arena_alloc(&m->arena, n, sizeof(*d)))) {
		*oom = 1;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		d[i] = v[i];
		d[i].number = dup(m, v[i].number, oom);
		d[i].short_description = dup(m, v[i].short_description, oom);
		d[i].priority = dup(m, v[i].priority, oom);
		d[i].state = dup(m, v[i].state, oom);
		d[i].assignment_group = dup(m, v[i].assignment_group, oom);
		d[i].cmdb_ci = dup(m, v[i].cmdb_ci, oom);
	}
	return d;
}

enum pw_status
model_incidents(struct model_ctx *ctx)
{
	const struct model_incidents *in = ctx->in->incidents;
	struct model *m = ctx->m;
	struct model_incidents *o = &m->incidents;
	int oom = 0;

	if (!in) {
		memset(o, 0, sizeof(*o));
		o->status = "not_configured";
		o->open_total = o->opened_in_period = NAN;
		o->resolved_in_period = o->mttr_hours = NAN;
		return PW_OK;
	}
	*o = *in;
	o->status = dup(m, in->status, &oom);
	o->reason = dup(m, in->reason, &oom);
	o->by_priority = dup_counts(m, in->by_priority, in->nby_priority, &oom);
	o->by_state = dup_counts(m, in->by_state, in->nby_state, &oom);
	o->open = dup_open(m, in->open, in->nopen, &oom);
	if (oom)
		return PW_ENOMEM;
	/* the model's one rounding, whoever read the figure */
	o->mttr_hours = stats_round(o->mttr_hours, 2);
	if (!isnan(o->open_total))
		m->summary.open_incidents = o->open_total;
	return PW_OK;
}
