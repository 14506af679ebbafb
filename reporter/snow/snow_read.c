/*
 * snow_read.c - the stored ServiceNow fetch a report uses, read into the
 * model's incidents (struct model_incidents, model.h).
 *
 * Reads only the database: the fetch row chosen by snow_prepare() and its
 * incidents.  Open incidents are counted by priority and by state and
 * listed highest priority first (then oldest first), up to [servicenow]
 * list_max; incidents opened and resolved in the period, and the mean time
 * to resolve those resolved in it, come from the period query's rows.
 * Without a usable fetch the section says why, with nulls.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "snow.h"

#define COUNTS_MAX 16 /* priorities 1-5, states, and "unknown" */

static const char *const status_names[] = { "not_configured", "ok",
					    "unavailable" };

struct reader {
	sqlite3 *db;
	const struct snow_choice *ch;
	const struct period *p;
	const struct period_tz *tz;
	struct arena *a;
	struct model_incidents *out;
};

static const char *
text(struct reader *r, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return arena_strdup(r->a, s ? (const char *)s : "");
}

static const char *
label(sqlite3_stmt *st, int col, const char *(*name)(int))
{
	const char *s = sqlite3_column_type(st, col) == SQLITE_NULL ?
		NULL :
		name(sqlite3_column_int(st, col));

	return s ? s : "unknown";
}

static void
time_of(struct reader *r, struct model_time *t, int64_t ts)
{
	t->ts = ts;
	if (ts)
		period_time_text(r->tz, ts, t->text, sizeof(t->text));
}

/* sql with ?1 the fetch and, when it has them, ?2 and ?3 the period. */
static enum pw_status
prepare(struct reader *r, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(r->db, sql, -1, st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(*st, 1, r->ch->fetch_id) ||
	    (sqlite3_bind_parameter_count(*st) >= 3 &&
	     (sqlite3_bind_int64(*st, 2, r->p->start) ||
	      sqlite3_bind_int64(*st, 3, r->p->end))))
		return db_fail(r->db, "read incidents from");
	return PW_OK;
}

/* Fetch time, demo flag, open total, period counts and MTTR. */
static enum pw_status
read_totals(struct reader *r)
{
	static const char sql[] =
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
	struct model_incidents *o = r->out;
	sqlite3_stmt *st = NULL;
	enum pw_status rc = prepare(r, sql, &st);

	if (!rc && sqlite3_step(st) != SQLITE_ROW)
		rc = db_fail(r->db, "read incidents from");
	if (!rc) {
		time_of(r, &o->fetched, sqlite3_column_int64(st, 0));
		o->demo = sqlite3_column_int(st, 1) != 0;
		o->open_total = sqlite3_column_int(st, 2);
		o->opened_in_period = sqlite3_column_int(st, 3);
		o->resolved_in_period = sqlite3_column_int(st, 4);
		o->mttr_hours = sqlite3_column_type(st, 5) == SQLITE_NULL ?
			NAN :
			round(sqlite3_column_double(st, 5) / 36) / 100;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The open incidents counted by priority or by state. */
static enum pw_status
read_counts(struct reader *r, const char *sql, const char *(*name)(int),
	    struct model_count **out, size_t *n)
{
	struct model_count v[COUNTS_MAX];
	sqlite3_stmt *st = NULL;
	enum pw_status rc = prepare(r, sql, &st);
	int s;

	*n = 0;
	while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW && *n < COUNTS_MAX) {
		v[*n].name = label(st, 0, name);
		v[(*n)++].count = sqlite3_column_int(st, 1);
	}
	if (!rc && s != SQLITE_DONE && s != SQLITE_ROW)
		rc = db_fail(r->db, "read incidents from");
	sqlite3_finalize(st);
	if (rc || *n == 0)
		return rc;
	if (!(*out = arena_alloc(r->a, *n, sizeof(**out))))
		return PW_ENOMEM;
	memcpy(*out, v, *n * sizeof(v[0]));
	return PW_OK;
}

static enum pw_status
read_open(struct reader *r, int list_max)
{
	static const char sql[] =
		"SELECT number, short_description, "
		"priority, state, opened_at, assignment_group, cmdb_ci FROM "
		"snow_incident WHERE fetch_id = ?1 AND is_open ORDER BY "
		"coalesce(priority, 99), opened_at, number LIMIT ?2";
	struct model_incidents *o = r->out;
	size_t max = list_max > 0 ? (size_t)list_max : 0;
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;

	if (max > (size_t)o->open_total)
		max = (size_t)o->open_total;
	if (max && !(o->open = arena_alloc(r->a, max, sizeof(*o->open))))
		return PW_ENOMEM;
	if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, r->ch->fetch_id) ||
	    sqlite3_bind_int(st, 2, list_max))
		rc = db_fail(r->db, "read incidents from");
	while (!rc && o->nopen < max && sqlite3_step(st) == SQLITE_ROW) {
		struct model_incident *x = &o->open[o->nopen++];

		x->number = text(r, st, 0);
		x->short_description = text(r, st, 1);
		x->priority = label(st, 2, snow_priority_name);
		x->state = label(st, 3, snow_state_name);
		time_of(r, &x->opened, sqlite3_column_int64(st, 4));
		x->assignment_group = text(r, st, 5);
		x->cmdb_ci = text(r, st, 6);
		if (!x->number || !x->short_description ||
		    !x->assignment_group || !x->cmdb_ci)
			rc = PW_ENOMEM;
	}
	sqlite3_finalize(st);
	o->open_more = o->open_total - (double)o->nopen;
	return rc;
}

enum pw_status
snow_read(const struct snow_read_input *in, struct arena *a,
	  struct model_incidents *out)
{
	static const char by_priority[] =
		"SELECT priority, count(*) FROM "
		"snow_incident WHERE fetch_id = ?1 AND is_open GROUP BY priority "
		"ORDER BY priority IS NULL, priority";
	static const char by_state[] =
		"SELECT state, count(*) FROM "
		"snow_incident WHERE fetch_id = ?1 AND is_open GROUP BY state "
		"ORDER BY state IS NULL, state";
	const struct snow_choice *ch = in->choice;
	struct reader r = { in->db, ch, in->period, in->tz, a, out };
	enum pw_status rc;

	memset(out, 0, sizeof(*out));
	out->open_total = out->opened_in_period = NAN;
	out->resolved_in_period = out->mttr_hours = NAN;
	out->status = status_names[ch ? ch->state : 0];
	if (!ch || ch->state != SNOW_OK) {
		if (ch && ch->state == SNOW_UNAVAILABLE &&
		    !(out->reason = arena_strdup(a, ch->reason)))
			return PW_ENOMEM;
		return PW_OK;
	}
	if ((rc = read_totals(&r)) ||
	    (rc = read_counts(&r, by_priority, snow_priority_name,
			      &out->by_priority, &out->nby_priority)) ||
	    (rc = read_counts(&r, by_state, snow_state_name, &out->by_state,
			      &out->nby_state)))
		return rc;
	return read_open(&r, in->list_max);
}
