/*
 * source_sqlite.c - struct source over perfweek's SQLite history.
 *
 * The series are load.c's (snapshots, or the hourly rollups once the
 * snapshots were pruned); the rest are the few queries the report needs
 * besides them: the host's first and last snapshot, a meta value, and the
 * application metrics behind Little's law.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "source_sqlite.h"

struct sqlite_src {
	sqlite3 *db;
	int64_t host_id;
};

static struct sqlite_src *
impl(struct source *s)
{
	return s->impl;
}

static enum pw_status
sq_series(struct source *s, int64_t start, int64_t end, int64_t step_s,
	  struct dataset *out)
{
	(void)step_s; /* the snapshots' own step, or the rollups' hour */
	return load_dataset(impl(s)->db, impl(s)->host_id, start, end, out);
}

static enum pw_status
sq_bounds(struct source *s, int64_t before, struct source_bounds *out)
{
	static const char sql[] =
		"SELECT (SELECT max(ts) FROM snapshot WHERE host_id = ?1 AND "
		"ts < ?2), (SELECT min(ts) FROM snapshot WHERE host_id = ?1), "
		"(SELECT max(hour_ts) FROM rollup_hour WHERE host_id = ?1 AND "
		"hour_ts < ?2), (SELECT min(hour_ts) FROM rollup_hour WHERE "
		"host_id = ?1)";
	sqlite3 *db = impl(s)->db;
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int64_t v[4];
	int i;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, impl(s)->host_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, before) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = db_fail(db, "read");
		goto out;
	}
	for (i = 0; i < 4; i++)
		v[i] = sqlite3_column_type(st, i) == SQLITE_NULL ?
			0 :
			sqlite3_column_int64(st, i);
	/* pruned snapshots live on in the hourly rollups */
	out->last = v[0] > v[2] ? v[0] : v[2];
	out->first = v[1] && (!v[3] || v[1] < v[3]) ? v[1] : v[3];
out:
	sqlite3_finalize(st);
	return rc;
}

static enum pw_status
sq_meta(struct source *s, const char *key, char *buf, size_t n)
{
	static const char sql[] =
		"SELECT value FROM meta WHERE host_id = ?1 AND key = ?2";
	sqlite3 *db = impl(s)->db;
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_ENOTFOUND;
	int r;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, impl(s)->host_id) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC) != SQLITE_OK) {
		rc = db_fail(db, "read");
		goto out;
	}
	r = sqlite3_step(st);
	if (r == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		snprintf(buf, n, "%s",
			 (const char *)sqlite3_column_text(st, 0));
		rc = PW_OK;
	} else if (r != SQLITE_DONE && r != SQLITE_ROW) {
		rc = db_fail(db, "read");
	}
out:
	sqlite3_finalize(st);
	return rc;
}

/* The id of service svc's response-time metric and its scale to s. */
static enum pw_status
response_time_id(struct sqlite_src *q, const char *svc, int64_t *id,
		 double *scale)
{
	static const char sql[] =
		"SELECT id, name FROM app_metric_name WHERE "
		"host_id = ?1 AND name IN (?2 || '.response_time_s', ?2 || "
		"'.response_time_ms') ORDER BY name DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_ENOTFOUND;
	int r;

	if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, q->host_id) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, svc, -1, SQLITE_STATIC) != SQLITE_OK) {
		rc = db_fail(q->db, "read");
		goto out;
	}
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);

		*id = sqlite3_column_int64(st, 0);
		*scale = name && strstr(name, "_ms") ? 0.001 : 1;
		rc = PW_OK;
	} else if (r != SQLITE_DONE) {
		rc = db_fail(q->db, "read");
	}
out:
	sqlite3_finalize(st);
	return rc;
}

/* lambda, W and L = avg(lambda * W) of one service; NaN without data. */
static enum pw_status
service_means(struct sqlite_src *q, int64_t start, int64_t end, int64_t rate_id,
	      int64_t time_id, double scale, struct source_service *out)
{
	static const char sql[] =
		"SELECT avg(r.value), sum(r.value * w.value) "
		"/ nullif(sum(r.value), 0), avg(r.value * w.value) FROM snapshot s "
		"JOIN app_metric r ON r.snapshot_id = s.id JOIN app_metric w ON "
		"w.snapshot_id = s.id WHERE s.host_id = ?1 AND s.ts >= ?2 AND "
		"s.ts < ?3 AND r.name_id = ?4 AND w.name_id = ?5";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;

	out->requests_per_s = out->response_time_s = out->concurrency = NAN;
	if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, q->host_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, start) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, end) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, rate_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, time_id) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = db_fail(q->db, "read");
		goto out;
	}
	if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		out->requests_per_s = sqlite3_column_double(st, 0);
		out->response_time_s = sqlite3_column_double(st, 1) * scale;
		out->concurrency = sqlite3_column_double(st, 2) * scale;
	}
out:
	sqlite3_finalize(st);
	return rc;
}

/* The ids and names of the request-rate metrics, by name. */
static enum pw_status
rate_metrics(struct sqlite_src *q, int64_t *ids, char (*names)[SOURCE_NAME_MAX],
	     size_t max, size_t *n)
{
	static const char sql[] =
		"SELECT id, name FROM app_metric_name WHERE "
		"host_id = ?1 AND name LIKE '%_.requests_per_s' ORDER BY name";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int r;

	if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, q->host_id) != SQLITE_OK) {
		rc = db_fail(q->db, "read");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		ids[*n] = sqlite3_column_int64(st, 0);
		snprintf(names[*n], sizeof(names[*n]), "%s",
			 (const char *)sqlite3_column_text(st, 1));
		(*n)++;
	}
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		rc = db_fail(q->db, "read");
out:
	sqlite3_finalize(st);
	return rc;
}

static enum pw_status
sq_services(struct source *s, int64_t start, int64_t end,
	    struct source_service *out, size_t max, size_t *n)
{
	static const char suffix[] = ".requests_per_s";
	struct sqlite_src *q = impl(s);
	int64_t ids[SOURCE_SERVICES_MAX], time_id = 0;
	char names[SOURCE_SERVICES_MAX][SOURCE_NAME_MAX];
	size_t nrate = 0, i;
	double scale = 1;
	enum pw_status rc;

	if (max > SOURCE_SERVICES_MAX)
		max = SOURCE_SERVICES_MAX;
	rc = rate_metrics(q, ids, names, max, &nrate);
	for (i = 0; i < nrate && !rc; i++) {
		struct source_service *o = &out[*n];
		size_t len = strlen(names[i]) - (sizeof(suffix) - 1);

		snprintf(o->name, sizeof(o->name), "%.*s", (int)len, names[i]);
		rc = response_time_id(q, o->name, &time_id, &scale);
		if (rc == PW_ENOTFOUND) {
			rc = PW_OK;
			continue;
		}
		if (!rc)
			rc = service_means(q, start, end, ids[i], time_id,
					   scale, o);
		if (!rc && !isnan(o->requests_per_s))
			(*n)++;
	}
	return rc;
}

static enum pw_status
sq_hosts(struct source *s, char (*names)[SOURCE_NAME_MAX], size_t max,
	 size_t *n)
{
	static const char sql[] = "SELECT name FROM host ORDER BY name";
	sqlite3 *db = impl(s)->db;
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int r;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "read");
	while ((r = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		snprintf(names[(*n)++], SOURCE_NAME_MAX, "%s",
			 (const char *)sqlite3_column_text(st, 0));
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		rc = db_fail(db, "read");
	sqlite3_finalize(st);
	return rc;
}

static void
sq_close(struct source *s)
{
	free(s->impl);
}

static enum pw_status
sq_summary_get(struct source *s, int64_t start, int64_t end,
	       const char *config_hash, struct source_week_stamp *now,
	       struct source_summary *out)
{
	return summary_sqlite_get(impl(s)->db, impl(s)->host_id, start, end,
				  config_hash, now, out);
}

static enum pw_status
sq_summary_put(struct source *s, const struct source_summary *in)
{
	return summary_sqlite_put(impl(s)->db, impl(s)->host_id, in);
}

static const struct source_ops sqlite_ops = {
	"sqlite", sq_series, sq_bounds,      sq_meta,        sq_services,
	sq_hosts, sq_close,  sq_summary_get, sq_summary_put, NULL,
};

/* Log the hosts the database knows, to help a mistyped --host. */
static void
log_known_hosts(sqlite3 *db, const char *name)
{
	static const char sql[] = "SELECT group_concat(name, ', ') FROM "
				  "(SELECT name FROM host ORDER BY name)";
	sqlite3_stmt *st = NULL;
	const char *known = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		known = (const char *)sqlite3_column_text(st, 0);
	log_err("no data for host '%s' in '%s' (hosts: %s); use --host", name,
		sqlite3_db_filename(db, "main"), known ? known : "none");
	sqlite3_finalize(st);
}

static enum pw_status
host_id(sqlite3 *db, const char *name, int64_t *id)
{
	static const char sql[] = "SELECT id FROM host WHERE name = ?1";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int r;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) != SQLITE_OK) {
		rc = db_fail(db, "read");
		goto out;
	}
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (r == SQLITE_DONE)
		rc = PW_ENOTFOUND;
	else
		rc = db_fail(db, "read");
out:
	sqlite3_finalize(st);
	if (rc == PW_ENOTFOUND)
		log_known_hosts(db, name);
	return rc;
}

enum pw_status
source_sqlite_open(sqlite3 *db, const char *host, struct source *out)
{
	struct sqlite_src *q;
	int64_t id = 0;
	enum pw_status rc;

	memset(out, 0, sizeof(*out));
	if ((rc = host_id(db, host, &id)))
		return rc;
	if (!(q = calloc(1, sizeof(*q))))
		return PW_ENOMEM;
	q->db = db;
	q->host_id = id;
	out->ops = &sqlite_ops;
	out->impl = q;
	snprintf(out->host, sizeof(out->host), "%s", host);
	return PW_OK;
}

enum pw_status
source_sqlite_open_all(sqlite3 *db, struct source *out)
{
	struct sqlite_src *q;

	memset(out, 0, sizeof(*out));
	if (!(q = calloc(1, sizeof(*q))))
		return PW_ENOMEM;
	q->db = db;
	out->ops = &sqlite_ops;
	out->impl = q;
	return PW_OK;
}

int64_t
source_sqlite_host_id(const struct source *s)
{
	return ((const struct sqlite_src *)s->impl)->host_id;
}
