/*
 * probe_store.c - one probe run into the health_check and health_result
 * tables, in one transaction.
 *
 * A check row is its (host, name, url): found, or created the first time
 * that name is seen with that URL.  Header values, which may carry
 * credentials, are never stored.
 */
#include <math.h>

#include "db.h"
#include "log.h"
#include "probe.h"

static enum pw_status
check_id(sqlite3 *db, int64_t host_id, const struct health_check *c,
	 int64_t *id)
{
	static const char ins[] =
		"INSERT INTO health_check(host_id, name, "
		"url) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
	static const char sel[] = "SELECT id FROM health_check WHERE "
				  "host_id = ?1 AND name = ?2 AND url = ?3";
	const char *sql[2] = { ins, sel };
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int i;

	for (i = 0; i < 2 && !rc; i++) {
		if (sqlite3_prepare_v2(db, sql[i], -1, &st, NULL) !=
			    SQLITE_OK ||
		    sqlite3_bind_int64(st, 1, host_id) != SQLITE_OK ||
		    sqlite3_bind_text(st, 2, c->name, -1, SQLITE_STATIC) !=
			    SQLITE_OK ||
		    sqlite3_bind_text(st, 3, c->url, -1, SQLITE_STATIC) !=
			    SQLITE_OK ||
		    sqlite3_step(st) != (i == 0 ? SQLITE_DONE : SQLITE_ROW))
			rc = db_fail(db, "write");
		else if (i == 1)
			*id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		st = NULL;
	}
	return rc;
}

static int
bind_ms(sqlite3_stmt *st, int col, double v)
{
	return isfinite(v) ? sqlite3_bind_double(st, col, v) :
			     sqlite3_bind_null(st, col);
}

static enum pw_status
insert_result(sqlite3 *db, int64_t id, const struct probe_result *r)
{
	static const char sql[] =
		"INSERT INTO health_result(check_id, ts, "
		"ok, http_status, dns_ms, connect_ms, tls_ms, first_byte_ms, "
		"total_ms, redirects, cert_expires, cert_days_left, error) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int e = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(db, "write");
		goto out;
	}
	e |= sqlite3_bind_int64(st, 1, id);
	e |= sqlite3_bind_int64(st, 2, r->ts);
	e |= sqlite3_bind_int(st, 3, r->ok);
	e |= r->http_status > 0 ? sqlite3_bind_int64(st, 4, r->http_status) :
				  sqlite3_bind_null(st, 4);
	e |= bind_ms(st, 5, r->dns_ms);
	e |= bind_ms(st, 6, r->connect_ms);
	e |= bind_ms(st, 7, r->tls_ms);
	e |= bind_ms(st, 8, r->first_byte_ms);
	e |= bind_ms(st, 9, r->total_ms);
	e |= sqlite3_bind_int64(st, 10, r->redirects);
	e |= r->cert_expires ? sqlite3_bind_int64(st, 11, r->cert_expires) :
			       sqlite3_bind_null(st, 11);
	e |= bind_ms(st, 12, r->cert_days_left);
	e |= r->ok ? sqlite3_bind_null(st, 13) :
		     sqlite3_bind_text(st, 13, r->error, -1, SQLITE_STATIC);
	if (e != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, "write");
out:
	sqlite3_finalize(st);
	return rc;
}

enum pw_status
probe_store(sqlite3 *db, int64_t host_id,
	    const struct health_check *const *checks,
	    const struct probe_result *res, size_t n)
{
	enum pw_status rc;
	int64_t id = 0;
	size_t i;

	if ((rc = db_exec(db, "BEGIN IMMEDIATE")))
		return rc;
	for (i = 0; i < n && !rc; i++) {
		rc = check_id(db, host_id, checks[i], &id);
		if (!rc)
			rc = insert_result(db, id, &res[i]);
	}
	if (!rc)
		rc = db_exec(db, "COMMIT");
	if (rc)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	else
		log_debug("stored %zu health check results", n);
	return rc;
}
