/*
 * model_incidents.c - the "incidents" section of the report model, from
 * the ServiceNow fetch chosen by snow_prepare() (snow.c).
 *
 * Reads only the database: the fetch row and its incidents.  Open
 * incidents are counted by priority and by state and listed highest
 * priority first (then oldest first), up to [servicenow] list_max;
 * incidents opened and resolved in the period, and the mean time to
 * resolve those resolved in it, come from the period query's rows.
 * Also fills summary.open_incidents.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "model_parts.h"
#include "snow.h"

static const char *const status_names[] = { "not_configured", "ok",
					    "unavailable" };

/* Run sql (binding ?1 fetch id, ?2 start, ?3 end) and call row per row. */
static enum pw_status
each_row(const struct report_ctx *ctx, const char *sql,
	 enum pw_status (*row)(const struct report_ctx *, sqlite3_stmt *,
			       void *),
	 void *arg)
{
	sqlite3 *db = ctx->in->db;
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int r;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, ctx->in->snow->fetch_id) ||
	    (sqlite3_bind_parameter_count(st) >= 3 &&
	     (sqlite3_bind_int64(st, 2, ctx->in->period.start) ||
	      sqlite3_bind_int64(st, 3, ctx->in->period.end)))) {
		rc = db_fail(db, "read incidents from");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW && !rc)
		rc = row(ctx, st, arg);
	if (!rc && r != SQLITE_DONE)
		rc = db_fail(db, "read incidents from");
out:
	sqlite3_finalize(st);
	return rc;
}

static const char *
priority_label(sqlite3_stmt *st, int col)
{
	const char *s = sqlite3_column_type(st, col) == SQLITE_NULL ?
		NULL :
		snow_priority_name(sqlite3_column_int(st, col));

	return s ? s : "unknown";
}

static const char *
state_label(sqlite3_stmt *st, int col)
{
	const char *s = sqlite3_column_type(st, col) == SQLITE_NULL ?
		NULL :
		snow_state_name(sqlite3_column_int(st, col));

	return s ? s : "unknown";
}

static const char *
text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? (const char *)s : "";
}

/* A {"priority"|"state": label, "count": n} row into the array arg. */
static enum pw_status
count_row(const struct report_ctx *ctx, sqlite3_stmt *st, void *arg)
{
	cJSON *arr = arg, *o = cJSON_CreateObject();
	int is_state = strstr(sqlite3_column_name(st, 0), "state") != NULL;

	(void)ctx;
	if (!o)
		return PW_ENOMEM;
	cJSON_AddItemToArray(arr, o);
	if (!cJSON_AddStringToObject(o, is_state ? "state" : "priority",
				     is_state ? state_label(st, 0) :
						priority_label(st, 0)) ||
	    !cJSON_AddNumberToObject(o, "count", sqlite3_column_int(st, 1)))
		return PW_ENOMEM;
	return PW_OK;
}

static enum pw_status
open_row(const struct report_ctx *ctx, sqlite3_stmt *st, void *arg)
{
	cJSON *arr = arg, *o = cJSON_CreateObject();

	if (!o)
		return PW_ENOMEM;
	cJSON_AddItemToArray(arr, o);
	if (!cJSON_AddStringToObject(o, "number", text(st, 0)) ||
	    !cJSON_AddStringToObject(o, "short_description", text(st, 1)) ||
	    !cJSON_AddStringToObject(o, "priority", priority_label(st, 2)) ||
	    !cJSON_AddStringToObject(o, "state", state_label(st, 3)))
		return PW_ENOMEM;
	return report_add_time(ctx, o, "opened", sqlite3_column_int64(st, 4)) ||
			!cJSON_AddStringToObject(o, "assignment_group",
						 text(st, 5)) ||
			!cJSON_AddStringToObject(o, "cmdb_ci", text(st, 6)) ?
		PW_ENOMEM :
		PW_OK;
}

/* Fetch time, demo flag, open total, period counts and MTTR. */
static enum pw_status
totals_row(const struct report_ctx *ctx, sqlite3_stmt *st, void *arg)
{
	cJSON *sec = arg;
	enum pw_status rc;
	int has_mttr = sqlite3_column_type(st, 5) != SQLITE_NULL;

	if ((rc = report_add_time(ctx, sec, "fetched",
				  sqlite3_column_int64(st, 0))))
		return rc;
	if (!cJSON_AddBoolToObject(sec, "demo", sqlite3_column_int(st, 1)) ||
	    !cJSON_AddNumberToObject(sec, "open_total",
				     sqlite3_column_int(st, 2)) ||
	    !cJSON_AddNumberToObject(sec, "opened_in_period",
				     sqlite3_column_int(st, 3)) ||
	    !cJSON_AddNumberToObject(sec, "resolved_in_period",
				     sqlite3_column_int(st, 4)))
		return PW_ENOMEM;
	return report_add_num(
		sec, "mttr_hours",
		has_mttr ? sqlite3_column_double(st, 5) / 3600 : NAN, 2);
}

/* An empty section: status, reason, and nulls, in the order of an ok one */
static enum pw_status
empty_section(cJSON *sec, const char *status, const char *reason)
{
	static const char *const nulls[] = { "open_total", "opened_in_period",
					     "resolved_in_period",
					     "mttr_hours" };
	size_t i;

	if (!cJSON_AddStringToObject(sec, "status", status) ||
	    !(reason ? cJSON_AddStringToObject(sec, "reason", reason) :
		       cJSON_AddNullToObject(sec, "reason")) ||
	    !cJSON_AddNullToObject(sec, "fetched") ||
	    !cJSON_AddNullToObject(sec, "fetched_ts") ||
	    !cJSON_AddBoolToObject(sec, "demo", 0))
		return PW_ENOMEM;
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (!cJSON_AddNullToObject(sec, nulls[i]))
			return PW_ENOMEM;
	if (!cJSON_AddArrayToObject(sec, "by_priority") ||
	    !cJSON_AddArrayToObject(sec, "by_state") ||
	    !cJSON_AddArrayToObject(sec, "open") ||
	    !cJSON_AddNumberToObject(sec, "open_more", 0))
		return PW_ENOMEM;
	return PW_OK;
}

static enum pw_status
full_section(const struct report_ctx *ctx, cJSON *sec)
{
	static const char totals[] =
		"SELECT f.fetched_at, f.demo, "
		"(SELECT count(*) FROM snow_incident WHERE fetch_id = ?1 AND "
		"is_open), "
		"count(i.sys_id) FILTER (WHERE i.opened_at >= ?2 AND "
		"i.opened_at < ?3), "
		"count(i.sys_id) FILTER (WHERE i.resolved_at >= ?2 AND "
		"i.resolved_at < ?3), "
		"avg(i.resolved_at - i.opened_at) FILTER (WHERE i.resolved_at "
		">= ?2 AND i.resolved_at < ?3 AND i.opened_at IS NOT NULL) "
		"FROM snow_fetch f LEFT JOIN snow_incident i ON i.fetch_id = f.id "
		"AND i.in_period WHERE f.id = ?1";
	static const char by_priority[] =
		"SELECT priority, count(*) FROM "
		"snow_incident WHERE fetch_id = ?1 AND is_open GROUP BY priority "
		"ORDER BY priority IS NULL, priority";
	static const char by_state[] =
		"SELECT state, count(*) FROM "
		"snow_incident WHERE fetch_id = ?1 AND is_open GROUP BY state "
		"ORDER BY state IS NULL, state";
	static const char open[] =
		"SELECT number, short_description, "
		"priority, state, opened_at, assignment_group, cmdb_ci FROM "
		"snow_incident WHERE fetch_id = ?1 AND is_open ORDER BY "
		"coalesce(priority, 99), opened_at, number LIMIT ?2";
	const struct config *cfg = ctx->in->cfg;
	cJSON *bp, *bs, *op;
	enum pw_status rc;
	sqlite3_stmt *st = NULL;
	int total;

	if (!cJSON_AddStringToObject(sec, "status", "ok") ||
	    !cJSON_AddNullToObject(sec, "reason"))
		return PW_ENOMEM;
	if ((rc = each_row(ctx, totals, totals_row, sec)))
		return rc;
	if (!(bp = cJSON_AddArrayToObject(sec, "by_priority")) ||
	    !(bs = cJSON_AddArrayToObject(sec, "by_state")) ||
	    !(op = cJSON_AddArrayToObject(sec, "open")))
		return PW_ENOMEM;
	if ((rc = each_row(ctx, by_priority, count_row, bp)) ||
	    (rc = each_row(ctx, by_state, count_row, bs)))
		return rc;
	/* the list's LIMIT is the one parameter besides the fetch */
	if (sqlite3_prepare_v2(ctx->in->db, open, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, ctx->in->snow->fetch_id) ||
	    sqlite3_bind_int(st, 2, cfg->snow_list_max))
		rc = db_fail(ctx->in->db, "read incidents from");
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		rc = open_row(ctx, st, op);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	total = cJSON_GetObjectItem(sec, "open_total")->valueint;
	return cJSON_AddNumberToObject(sec, "open_more",
				       total - cJSON_GetArraySize(op)) ?
		PW_OK :
		PW_ENOMEM;
}

enum pw_status
model_incidents(struct report_ctx *ctx, cJSON *root)
{
	const struct snow_choice *ch = ctx->in->snow;
	cJSON *sec = cJSON_AddObjectToObject(root, "incidents");
	cJSON *sum = cJSON_GetObjectItem(root, "summary"), *n = NULL;
	enum pw_status rc;

	if (!sec)
		return PW_ENOMEM;
	if (!ch || ch->state != SNOW_OK)
		return empty_section(sec, status_names[ch ? ch->state : 0],
				     ch && ch->state == SNOW_UNAVAILABLE ?
					     ch->reason :
					     NULL);
	if ((rc = full_section(ctx, sec)))
		return rc;
	if (!sum)
		return PW_OK;
	if (!(n = cJSON_CreateNumber(
		      cJSON_GetObjectItem(sec, "open_total")->valuedouble)))
		return PW_ENOMEM;
	cJSON_ReplaceItemInObject(sum, "open_incidents", n);
	return PW_OK;
}
