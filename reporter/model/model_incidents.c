/*
 * model_incidents.c - the "incidents" section of the report model, from
 * the ServiceNow fetch chosen by snow_prepare() (snow.c), as snow_read()
 * reads it.  Also fills summary.open_incidents.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_parts.h"
#include "snow.h"

static enum pw_status
add_counts(cJSON *sec, const char *key, const char *name,
	   const struct model_count *v, size_t n)
{
	cJSON *arr = cJSON_AddArrayToObject(sec, key), *o;
	size_t i;

	for (i = 0; arr && i < n; i++) {
		if (!(o = cJSON_CreateObject()))
			return PW_ENOMEM;
		cJSON_AddItemToArray(arr, o);
		if (!cJSON_AddStringToObject(o, name, v[i].name) ||
		    !cJSON_AddNumberToObject(o, "count", v[i].count))
			return PW_ENOMEM;
	}
	return arr ? PW_OK : PW_ENOMEM;
}

static enum pw_status
add_open(struct report_ctx *ctx, cJSON *sec, const struct model_incidents *in)
{
	cJSON *arr = cJSON_AddArrayToObject(sec, "open"), *o;
	size_t i;

	for (i = 0; arr && i < in->nopen; i++) {
		const struct model_incident *x = &in->open[i];

		if (!(o = cJSON_CreateObject()))
			return PW_ENOMEM;
		cJSON_AddItemToArray(arr, o);
		if (!cJSON_AddStringToObject(o, "number", x->number) ||
		    !cJSON_AddStringToObject(o, "short_description",
					     x->short_description) ||
		    !cJSON_AddStringToObject(o, "priority", x->priority) ||
		    !cJSON_AddStringToObject(o, "state", x->state) ||
		    report_add_time(ctx, o, "opened", x->opened.ts) ||
		    !cJSON_AddStringToObject(o, "assignment_group",
					     x->assignment_group) ||
		    !cJSON_AddStringToObject(o, "cmdb_ci", x->cmdb_ci))
			return PW_ENOMEM;
	}
	return arr ? PW_OK : PW_ENOMEM;
}

static enum pw_status
section(struct report_ctx *ctx, cJSON *sec, const struct model_incidents *in)
{
	enum pw_status rc;

	if (!cJSON_AddStringToObject(sec, "status", in->status) ||
	    !(in->reason ? cJSON_AddStringToObject(sec, "reason", in->reason) :
			   cJSON_AddNullToObject(sec, "reason")))
		return PW_ENOMEM;
	if ((rc = report_add_time(ctx, sec, "fetched", in->fetched.ts)))
		return rc;
	if (!cJSON_AddBoolToObject(sec, "demo", in->demo) ||
	    report_add_num(sec, "open_total", in->open_total, 0) ||
	    report_add_num(sec, "opened_in_period", in->opened_in_period, 0) ||
	    report_add_num(sec, "resolved_in_period", in->resolved_in_period,
			   0) ||
	    report_add_num(sec, "mttr_hours", in->mttr_hours, 2))
		return PW_ENOMEM;
	if ((rc = add_counts(sec, "by_priority", "priority", in->by_priority,
			     in->nby_priority)) ||
	    (rc = add_counts(sec, "by_state", "state", in->by_state,
			     in->nby_state)) ||
	    (rc = add_open(ctx, sec, in)))
		return rc;
	return cJSON_AddNumberToObject(sec, "open_more", in->open_more) ?
		PW_OK :
		PW_ENOMEM;
}

enum pw_status
model_incidents(struct report_ctx *ctx, cJSON *root)
{
	const struct report_input *ri = ctx->in;
	struct snow_read_input in = { ri->db, ri->snow, &ri->period, ri->tz,
				      ri->cfg->snow_list_max };
	cJSON *sec = cJSON_AddObjectToObject(root, "incidents");
	cJSON *sum = cJSON_GetObjectItem(root, "summary"), *n = NULL;
	struct model_incidents inc;
	struct arena a = { NULL };
	enum pw_status rc;

	if (!sec)
		return PW_ENOMEM;
	rc = snow_read(&in, &a, &inc);
	if (!rc)
		rc = section(ctx, sec, &inc);
	if (!rc && sum && !isnan(inc.open_total)) {
		if (!(n = cJSON_CreateNumber(inc.open_total)))
			rc = PW_ENOMEM;
		else
			cJSON_ReplaceItemInObject(sum, "open_incidents", n);
	}
	arena_free(&a);
	return rc;
}
