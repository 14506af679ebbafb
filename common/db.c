/*
 * db.c - open, check and migrate the perfweek database.
 *
 * Owns the connection settings (WAL, busy timeout, foreign keys) and the
 * migration procedure: inside one BEGIN IMMEDIATE transaction, read
 * PRAGMA user_version and apply every embedded migration above it, so a
 * concurrent program never sees half a schema and a failed migration leaves
 * the file as it was.  Never deletes or recreates a database file.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "schema.h"

enum pw_status
db_fail(sqlite3 *db, const char *what)
{
	const char *file = sqlite3_db_filename(db, "main");
	int code = sqlite3_extended_errcode(db);

	log_err("cannot %s '%s': %s", what, file && *file ? file : "database",
		sqlite3_errmsg(db));
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return PW_EBUSY;
	return PW_EDB;
}

enum pw_status
db_exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "update");
	return PW_OK;
}

static enum pw_status
db_int_pragma(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		rc = db_fail(db, "read");
	else
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* A database with tables but without our application id is someone else's. */
static enum pw_status
db_check_ours(sqlite3 *db, const char *path, int *is_new)
{
	int appid = 0, ntables = 0;
	enum pw_status rc;

	rc = db_int_pragma(db, "PRAGMA application_id", &appid);
	if (!rc)
		rc = db_int_pragma(db, "SELECT count(*) FROM sqlite_master",
				   &ntables);
	if (rc)
		return rc;
	if (appid == DB_APPLICATION_ID) {
		*is_new = 0;
		return PW_OK;
	}
	if (appid != 0 || ntables != 0) {
		log_err("cannot use '%s': it is an SQLite database, but not "
			"a perfweek one",
			path);
		return PW_EDB;
	}
	*is_new = 1;
	return PW_OK;
}

static enum pw_status
db_migrate(sqlite3 *db, const char *path)
{
	char sql[64];
	int version = 0, i, n;
	enum pw_status rc;

	/* The common case, a current schema, needs no write transaction. */
	rc = db_int_pragma(db, "PRAGMA user_version", &version);
	if (rc || version == schema_nmigrations)
		return rc;
	rc = db_exec(db, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	rc = db_int_pragma(db, "PRAGMA user_version", &version);
	if (rc)
		goto out;
	if (version > schema_nmigrations) {
		log_err("cannot use '%s': its schema version %d is newer than "
			"this perfweek knows (%d); upgrade perfweek",
			path, version, schema_nmigrations);
		rc = PW_EDB;
		goto out;
	}
	for (i = version; i < schema_nmigrations; i++) {
		const struct schema_migration *m = &schema_migrations[i];

		log_debug("applying schema migration %s", m->name);
		if (sqlite3_exec(db, m->sql, NULL, NULL, NULL) != SQLITE_OK) {
			rc = db_fail(db, "migrate");
			goto out;
		}
	}
	n = snprintf(sql, sizeof(sql),
		     "PRAGMA user_version = %d;"
		     "PRAGMA application_id = %d",
		     schema_nmigrations, DB_APPLICATION_ID);
	if (n < 0 || (size_t)n >= sizeof(sql)) {
		rc = PW_ERR;
		goto out;
	}
	if (version < schema_nmigrations)
		rc = db_exec(db, sql);
	if (!rc)
		rc = db_exec(db, "COMMIT");
out:
	if (rc)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static enum pw_status
db_setup(sqlite3 *db, const char *path, enum db_mode mode)
{
	int is_new = 0, version = 0;
	enum pw_status rc;

	rc = db_check_ours(db, path, &is_new);
	if (rc)
		return rc;
	if (mode == DB_READONLY) {
		rc = db_int_pragma(db, "PRAGMA user_version", &version);
		if (!rc && version != schema_nmigrations) {
			log_err("cannot use '%s': schema version %d, this "
				"perfweek needs %d; run perfweek-collect once to "
				"migrate it",
				path, version, schema_nmigrations);
			rc = PW_EDB;
		}
		return rc;
	}
	/* auto_vacuum must be chosen before the first table exists. */
	if (is_new && (rc = db_exec(db, "PRAGMA auto_vacuum = INCREMENTAL")))
		return rc;
	if ((rc = db_exec(db, "PRAGMA journal_mode = WAL")) ||
	    (rc = db_exec(db, "PRAGMA synchronous = NORMAL")))
		return rc;
	return db_migrate(db, path);
}

enum pw_status
db_open(const char *path, enum db_mode mode, int busy_timeout_ms, sqlite3 **out)
{
	sqlite3 *db = NULL;
	int flags;
	enum pw_status rc;

	flags = mode == DB_READONLY ?
		SQLITE_OPEN_READONLY :
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		log_err("cannot open '%s': %s", path,
			db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return PW_EDB;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, busy_timeout_ms);
	rc = db_exec(db, "PRAGMA foreign_keys = ON");
	if (!rc)
		rc = db_setup(db, path, mode);
	if (rc) {
		sqlite3_close(db);
		return rc;
	}
	*out = db;
	return PW_OK;
}

void
db_close(sqlite3 *db)
{
	if (db && sqlite3_close(db) != SQLITE_OK)
		log_warn("cannot close database: %s", sqlite3_errmsg(db));
}

enum pw_status
db_host_id(sqlite3 *db, const char *name, int64_t *id)
{
	static const char ins[] = "INSERT INTO host(name) VALUES (?1) "
				  "ON CONFLICT(name) DO NOTHING";
	static const char sel[] = "SELECT id FROM host WHERE name = ?1";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;

	if (sqlite3_prepare_v2(db, ins, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		rc = db_fail(db, "write");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, sel, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = db_fail(db, "read");
		goto out;
	}
	*id = sqlite3_column_int64(st, 0);
out:
	sqlite3_finalize(st);
	return rc;
}
