/*
 * sqlcount.c - what a process asks of libsqlite3, for bench/collect.sh.
 *
 * An LD_PRELOAD library: counts the statements prepared (sqlite3_prepare_v2
 * and each statement of sqlite3_exec), the steps, and at sqlite3_close the
 * rows changed (sqlite3_total_changes) and the pages written
 * (SQLITE_DBSTATUS_CACHE_WRITE) of the connection, printed to standard
 * error as one line "sqlcount prepares=P steps=S rows=R pages=W".  Not
 * part of perfweek; built by bench/collect.sh only.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdio.h>

static long n_prepare, n_step;

int
sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
		   const char **tail)
{
	static int (*real)(sqlite3 *, const char *, int, sqlite3_stmt **,
			   const char **);

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_prepare_v2");
	n_prepare++;
	return real(db, sql, n, st, tail);
}

int
sqlite3_step(sqlite3_stmt *st)
{
	static int (*real)(sqlite3_stmt *);

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_step");
	n_step++;
	return real(st);
}

int
sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **,
						     char **),
	     void *arg, char **err)
{
	static int (*real)(sqlite3 *, const char *,
			   int (*)(void *, int, char **, char **), void *,
			   char **);
	const char *p;

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_exec");
	for (p = sql; *p; p++) /* one statement per ';', or one if none */
		n_prepare += *p == ';';
	n_prepare += p > sql && p[-1] != ';' && p[-1] != '\n';
	n_step++;
	return real(db, sql, cb, arg, err);
}

static void
report(sqlite3 *db)
{
	int cur = 0, hi = 0;

	sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_WRITE, &cur, &hi, 0);
	fprintf(stderr, "sqlcount prepares=%ld steps=%ld rows=%d pages=%d\n",
		n_prepare, n_step, sqlite3_total_changes(db), cur);
}

int
sqlite3_close(sqlite3 *db)
{
	static int (*real)(sqlite3 *);

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_close");
	if (db)
		report(db);
	return real(db);
}
