/*
 * model_incidents.c - the "incidents" section of the report model, from
 * the ServiceNow fetch chosen by snow_prepare() (snow.c).
 *
 * Reads only the database: the fetch row and its incidents.  Open
 * incidents are counted by priority and by state and listed highest
 * priority first (then oldest first), up to [servicenow] list_max;
 * incidents opened and resolved in the period, and the mean time to
 * resolve those resolved in it, come from the period query's rows.
 * Also fills summary.open_incidents.  Strings go into the model's arena.
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
each_row(const struct model_ctx *ctx, const char *sql,
	 enum pw_status (*row)(const struct model_ctx *, sqlite3_stmt *,
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

/* Column col as the model's text ("" for NULL); NULL: out of memory. */
static const char *
text(const struct model_ctx *ctx, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return arena_strdup(&ctx->m->arena, s ? (const char *)s : "");
}

/*
 * Room for one more element in the arena array *arr of *n elements of
 * size bytes (*cap allocated), doubled as it grows; NULL: out of memory.
 */
static void *
grow(struct arena *a, void **arr, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 8;
		char *p = arena_alloc(a, c, size);

		if (!p)
			return NULL;
		if (*n)
			memcpy(p, *arr, *n * size);
		*arr = p;
		*cap = c;
	}
	return (char *)*arr + (*n)++ * size;
}

/* Where count_row puts its rows. */
struct counts {
	struct model_count **arr;
	size_t *n;
	size_t cap;
};

/* A {priority or state, count} row into the counts arg. */
static enum pw_status
count_row(const struct model_ctx *ctx, sqlite3_stmt *st, void *arg)
{
	struct counts *c = arg;
	struct model_count *o;
	int is_state = strstr(sqlite3_column_name(st, 0), "state") != NULL;

	if (!(o = grow(&ctx->m->arena, (void **)c->arr, c->n, &c->cap,
		       sizeof(*o))))
		return PW_ENOMEM;
	o->name = is_state ? state_label(st, 0) : priority_label(st, 0);
	o->count = sqlite3_column_int(st, 1);
	return PW_OK;
}

static enum pw_status
open_row(const struct model_ctx *ctx, sqlite3_stmt *st, void *arg)
{
	struct model_incidents *inc = &ctx->m->incidents;
	size_t *cap = arg;
	struct model_incident *o;

	if (!(o = grow(&ctx->m->arena, (void **)&inc->open, &inc->nopen, cap,
		       sizeof(*o))) ||
	    !(o->number = text(ctx, st, 0)) ||
	    !(o->short_description = text(ctx, st, 1)) ||
	    !(o->assignment_group = text(ctx, st, 5)) ||
	    !(o->cmdb_ci = text(ctx, st, 6)))
		return PW_ENOMEM;
	o->priority = priority_label(st, 2);
	o->state = state_label(st, 3);
	stats_time(&o->opened, ctx->in->tz, sqlite3_column_int64(st, 4));
	return PW_OK;
}

/* Fetch time, demo flag, open total, period counts and MTTR. */
static enum pw_status
totals_row(const struct model_ctx *ctx, sqlite3_stmt *st, void *arg)
{
	struct model_incidents *inc = arg;
	int has_mttr = sqlite3_column_type(st, 5) != SQLITE_NULL;

	stats_time(&inc->fetched, ctx->in->tz, sqlite3_column_int64(st, 0));
	inc->demo = sqlite3_column_int(st, 1) != 0;
	inc->open_total = sqlite3_column_int(st, 2);
	inc->opened_in_period = sqlite3_column_int(st, 3);
	inc->resolved_in_period = sqlite3_column_int(st, 4);
	inc->mttr_hours = stats_round(
		has_mttr ? sqlite3_column_double(st, 5) / 3600 : NAN, 2);
	return PW_OK;
}

/* An empty section: status, reason, and nulls. */
static enum pw_status
empty_section(const struct model_ctx *ctx, struct model_incidents *inc,
	      const char *status, const char *reason)
{
	inc->status = status;
	inc->reason = NULL;
	if (reason && !(inc->reason = arena_strdup(&ctx->m->arena, reason)))
		return PW_ENOMEM;
	inc->open_total = inc->opened_in_period = NAN;
	inc->resolved_in_period = inc->mttr_hours = NAN;
	inc->open_more = 0;
	return PW_OK;
}

static enum pw_status
full_section(const struct model_ctx *ctx, struct model_incidents *sec)
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
	struct counts bp = { &sec->by_priority, &sec->nby_priority, 0 };
	struct counts bs = { &sec->by_state, &sec->nby_state, 0 };
	enum pw_status rc;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;

	sec->status = "ok";
	sec->reason = NULL;
	if ((rc = each_row(ctx, totals, totals_row, sec)))
		return rc;
	if ((rc = each_row(ctx, by_priority, count_row, &bp)) ||
	    (rc = each_row(ctx, by_state, count_row, &bs)))
		return rc;
	/* the list's LIMIT is the one parameter besides the fetch */
	if (sqlite3_prepare_v2(ctx->in->db, open, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, ctx->in->snow->fetch_id) ||
	    sqlite3_bind_int(st, 2, cfg->snow_list_max))
		rc = db_fail(ctx->in->db, "read incidents from");
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		rc = open_row(ctx, st, &cap);
	sqlite3_finalize(st);
	sec->open_more = sec->open_total - (double)sec->nopen;
	return rc;
}

enum pw_status
model_incidents(struct model_ctx *ctx)
{
	const struct snow_choice *ch = ctx->in->snow;
	struct model_incidents *sec = &ctx->m->incidents;
	enum pw_status rc;

	if (!ch || ch->state != SNOW_OK)
		return empty_section(ctx, sec, status_names[ch ? ch->state : 0],
				     ch && ch->state == SNOW_UNAVAILABLE ?
					     ch->reason :
					     NULL);
	if ((rc = full_section(ctx, sec)))
		return rc;
	ctx->m->summary.open_incidents = sec->open_total;
	return PW_OK;
}
