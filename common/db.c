/*
 * db.c - open, check and migrate the perfweek database.
 *
 * Owns the connection settings (WAL, busy timeout, foreign keys) and the
 * migration procedure: inside one BEGIN IMMEDIATE transaction, read
 * PRAGMA user_version and apply every embedded migration above it, so a
 * concurrent program never sees half a schema and a failed migration leaves
 * the file as it was.  Never deletes or recreates a database file, and
 * never writes a byte of a file before a read-only look says it is ours.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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

/* One integer from a query on db, without logging: SQLite's code or OK. */
static int
db_probe_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (r == SQLITE_OK) {
		r = sqlite3_step(st);
		if (r == SQLITE_ROW) {
			*out = sqlite3_column_int(st, 0);
			r = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return r == SQLITE_OK ? r : sqlite3_extended_errcode(db);
}

/* The SQLite database at path is not ours: say what it is. */
static enum pw_status
db_foreign(const char *path, int appid, int version, int nours)
{
	if (appid != 0)
		log_err("cannot use '%s': not a perfweek database (application_id 0x%08x)",
			path, (unsigned)appid);
	else if (nours > 0)
		log_err("cannot use '%s': not a perfweek database (an SQLite database with perfweek tables but no application_id, user_version %d)",
			path, version);
	else
		log_err("cannot use '%s': not a perfweek database (an SQLite database with user_version %d and no perfweek tables)",
			path, version);
	return PW_EDB;
}

/*
 * Read what is at path, opened read-only so that not a byte of it changes:
 * *version is its schema version, or -1 when there is no database yet (no
 * file, a zero-length one, or an SQLite file with nothing in it, as a first
 * run interrupted leaves).  Anything else not ours is refused.
 */
static enum pw_status
db_probe(const char *path, int busy_timeout_ms, int *version)
{
	static const char tables[] = "SELECT count(*) FROM sqlite_master WHERE "
				     "type = 'table'";
	static const char ours[] = "SELECT count(*) FROM sqlite_master WHERE "
				   "type = 'table' AND name IN ('host', "
				   "'snapshot', 'meta')";
	sqlite3 *db = NULL;
	struct stat sb;
	int appid = 0, ntables = 0, nours = 0, r;
	enum pw_status rc = PW_OK;

	*version = -1;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return PW_OK;
		log_err("cannot open '%s': %s", path, strerror(errno));
		return PW_EDB;
	}
	if (sb.st_size == 0)
		return PW_OK;
	r = sqlite3_open_v2(path, &db,
			    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (r == SQLITE_OK) {
		sqlite3_extended_result_codes(db, 1);
		/* a writer's commit or checkpoint is waited for, as later on */
		sqlite3_busy_timeout(db, busy_timeout_ms);
		if (!(r = db_probe_int(db, "PRAGMA application_id", &appid)) &&
		    !(r = db_probe_int(db, "PRAGMA user_version", version)) &&
		    !(r = db_probe_int(db, tables, &ntables)))
			r = db_probe_int(db, ours, &nours);
	}
	if ((r & 0xff) == SQLITE_NOTADB) {
		log_err("cannot use '%s': not a perfweek database (not an SQLite file)",
			path);
		rc = PW_EDB;
	} else if ((r & 0xff) == SQLITE_READONLY) {
		log_err("cannot read '%s': its -wal and -shm files are missing and this user may not create them (run perfweek-collect once: it leaves them in place)",
			path);
		rc = PW_EDB;
	} else if (r != SQLITE_OK) {
		log_err("cannot open '%s': %s", path,
			db ? sqlite3_errmsg(db) : "out of memory");
		rc = (r & 0xff) == SQLITE_BUSY ? PW_EBUSY : PW_EDB;
	} else if (appid == DB_APPLICATION_ID) {
		rc = PW_OK;
	} else if (appid == 0 && ntables == 0 && *version == 0) {
		*version = -1;
	} else {
		rc = db_foreign(path, appid, *version, nours);
	}
	sqlite3_close(db);
	return rc;
}

/* Whether mode may use a database of this version (-1: none yet). */
static enum pw_status
db_check_version(const char *path, enum db_mode mode, int version)
{
	if (version < 0 && mode != DB_READWRITE) {
		log_err("no perfweek database at '%s' (perfweek-collect creates it)",
			path);
		return PW_EDB;
	}
	if (version > schema_nmigrations) {
		log_err("cannot use '%s': its schema version %d is newer than this perfweek knows (%d); upgrade perfweek",
			path, version, schema_nmigrations);
		return PW_EDB;
	}
	if (mode == DB_READONLY && version < schema_nmigrations) {
		log_err("cannot use '%s': schema version %d is older than this perfweek's %d; run perfweek-collect once to migrate",
			path, version, schema_nmigrations);
		return PW_EDB;
	}
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
		log_err("cannot use '%s': its schema version %d is newer than this perfweek knows (%d); upgrade perfweek",
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
		     "PRAGMA user_version = %d;PRAGMA application_id = %d",
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
db_setup(sqlite3 *db, const char *path, enum db_mode mode, int is_new)
{
	int persist = 1;
	enum pw_status rc;

	if (mode == DB_READONLY)
		return PW_OK;
	/* auto_vacuum must be chosen before the first table exists. */
	if (is_new && (rc = db_exec(db, "PRAGMA auto_vacuum = INCREMENTAL")))
		return rc;
	if ((rc = db_exec(db, "PRAGMA journal_mode = WAL")) ||
	    (rc = db_exec(db, "PRAGMA synchronous = NORMAL")))
		return rc;
	/*
	 * Keep the -wal and -shm files (made with the database's mode) when
	 * the last writer closes: a reader who may not write the directory
	 * can open a WAL database read-only only while they exist.  With a
	 * size limit the -wal file is emptied on that close all the same.
	 */
	sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	if ((rc = db_exec(db, "PRAGMA journal_size_limit = 4194304")))
		return rc;
	return db_migrate(db, path);
}

enum pw_status
db_open(const char *path, enum db_mode mode, int busy_timeout_ms, sqlite3 **out)
{
	sqlite3 *db = NULL;
	int flags, version = -1;
	enum pw_status rc;

	/* Nothing writes before the file is known to be ours. */
	if ((rc = db_probe(path, busy_timeout_ms, &version)) ||
	    (rc = db_check_version(path, mode, version)))
		return rc;
	flags = mode == DB_READONLY ? SQLITE_OPEN_READONLY :
				      SQLITE_OPEN_READWRITE;
	if (mode == DB_READWRITE)
		flags |= SQLITE_OPEN_CREATE;
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
		rc = db_setup(db, path, mode, version < 0);
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
