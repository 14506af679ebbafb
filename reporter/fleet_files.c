/*
 * fleet_files.c - the fleet's SQLite files (fleet_run_int.h): --db's
 * files, else [fleet] databases' globs, else [general] database, each
 * opened read-only and every host in it read (fleet_one_host()).  The
 * files are shared among worker processes, [fleet] jobs or one per CPU,
 * each reading a contiguous share and handing its rows back through an
 * unlinked temporary file, so that the rows keep the files' order.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "fleet_run_int.h"
#include "log.h"
#include "source_sqlite.h"

#define HOSTS_PER_DB 4096
#define JOBS_MAX     64 /* worker processes at most, [fleet] jobs */

/* Every host of the database at path. */
static enum pw_status
one_db(struct run *r, const char *path)
{
	static char names[HOSTS_PER_DB][SOURCE_NAME_MAX];
	struct source all;
	sqlite3 *db = NULL;
	size_t n = 0, i;
	enum pw_status rc;

	if (db_open(path, DB_READONLY, r->cfg->busy_timeout_ms, &db)) {
		r->missing = PW_EPARTIAL; /* logged: its hosts are not shown */
		return PW_OK;
	}
	rc = source_sqlite_open_all(db, &all);
	if (!rc)
		rc = source_hosts(&all, names, HOSTS_PER_DB, &n);
	source_close(&all);
	if (!rc && n == 0)
		log_warn("no host in '%s'", path);
	for (i = 0; !rc && i < n; i++)
		rc = fleet_one_host(r, db, path, names[i]);
	db_close(db);
	return rc;
}

/* The database files of the run, in order; each owned. */
struct paths {
	char **v;
	size_t n, cap;
};

static enum pw_status
path_add(struct paths *p, const char *path)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		char **v = realloc(p->v, cap * sizeof(*v));

		if (!v)
			return PW_ENOMEM;
		p->v = v;
		p->cap = cap;
	}
	if (!(p->v[p->n] = strdup(path)))
		return PW_ENOMEM;
	p->n++;
	return PW_OK;
}

static void
paths_free(struct paths *p)
{
	while (p->n > 0)
		free(p->v[--p->n]);
	free(p->v);
}

/* The files of [fleet] databases, each glob's matches sorted. */
static enum pw_status
glob_dbs(struct run *r, struct paths *p)
{
	char buf[sizeof(r->cfg->fleet.databases)], *pats[CONFIG_LIST_MAX];
	size_t n, i, k;
	enum pw_status rc = PW_OK;

	n = config_fleet_words(r->cfg->fleet.databases, buf, sizeof(buf), pats,
			       CONFIG_LIST_MAX);
	for (i = 0; i < n && !rc; i++) {
		glob_t g;
		int e = glob(pats[i], 0, NULL, &g);

		if (e == GLOB_NOMATCH) {
			log_warn("[fleet] databases: no file matches '%s'",
				 pats[i]);
			r->missing = PW_EPARTIAL;
			continue;
		}
		if (e) {
			log_err("[fleet] databases: cannot read '%s'", pats[i]);
			return PW_ERR;
		}
		for (k = 0; k < g.gl_pathc && !rc; k++)
			rc = path_add(p, g.gl_pathv[k]);
		globfree(&g);
	}
	if (!rc && p->n == 0) {
		log_err("[fleet] databases: no database matches '%s'",
			r->cfg->fleet.databases);
		return PW_ECONFIG;
	}
	return rc;
}

/* --db's files, else [fleet] databases', else [general] database. */
static enum pw_status
collect_paths(struct run *r, struct paths *p)
{
	size_t i;
	enum pw_status rc = PW_OK;

	if (r->o->ndbs) {
		for (i = 0; i < r->o->ndbs && !rc; i++)
			rc = path_add(p, r->o->dbs[i]);
		return rc;
	}
	if (r->cfg->fleet.databases[0])
		return glob_dbs(r, p);
	return path_add(p, r->cfg->database);
}

/* Files from to to of p, read by this process. */
static enum pw_status
read_range(struct run *r, const struct paths *p, size_t from, size_t to)
{
	enum pw_status rc = PW_OK;
	size_t i;

	for (i = from; i < to && !rc; i++)
		rc = one_db(r, p->v[i]);
	return rc;
}

/*
 * A worker: a child process that reads its share of the files, as this
 * one would, and writes its rows into an unlinked temporary file for
 * this process to read back once it has ended.
 */
struct worker {
	pid_t pid;
	FILE *f;
};

static enum pw_status
worker_start(const struct run *r, const struct paths *p, size_t from, size_t to,
	     struct worker *w)
{
	struct run c = *r;
	enum pw_status rc;

	if (!(w->f = tmpfile())) {
		log_err("cannot create a temporary file: %s", strerror(errno));
		return PW_EIO;
	}
	fflush(NULL);
	if ((w->pid = fork()) < 0) {
		log_err("cannot start a worker process: %s", strerror(errno));
		fclose(w->f);
		return PW_ERR;
	}
	if (w->pid > 0)
		return PW_OK;
	/* the child: its share, its rows, then out without exit handlers */
	fleet_rows_init(&c.rows);
	c.missing = PW_OK;
	rc = read_range(&c, p, from, to);
	if (!rc)
		rc = fleet_rows_write(&c.rows, w->f);
	_exit(rc ? 1 : c.missing ? 3 : 0);
}

/* Wait for w and take its rows, after this process's own. */
static enum pw_status
worker_join(struct run *r, struct worker *w)
{
	enum pw_status rc = PW_ERR;
	int st = 0;

	if (waitpid(w->pid, &st, 0) != w->pid || !WIFEXITED(st) ||
	    (WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 3)) {
		log_err("a worker process reading the databases failed");
	} else {
		if (WEXITSTATUS(st) == 3)
			r->missing = PW_EPARTIAL;
		rewind(w->f);
		if ((rc = fleet_rows_read(&r->rows, w->f)))
			log_err("cannot read the rows of a worker process back");
	}
	fclose(w->f);
	return rc;
}

/* Worker processes for n files: [fleet] jobs, or the CPUs online. */
static size_t
jobs_for(const struct config *cfg, size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t jobs = cfg->fleet.jobs > 0 ? (size_t)cfg->fleet.jobs :
		cpus > 0                  ? (size_t)cpus :
					    1;

	if (jobs > JOBS_MAX)
		jobs = JOBS_MAX;
	return jobs < n ? jobs : (n ? n : 1);
}

/*
 * Every file, in jobs contiguous shares: the first read here, the others
 * by worker processes, whose rows follow in file order.
 */
enum pw_status
fleet_read_files(struct run *r)
{
	struct paths p = { NULL, 0, 0 };
	struct worker w[JOBS_MAX];
	size_t jobs, k, started = 0;
	enum pw_status rc = collect_paths(r, &p), j;

	jobs = jobs_for(r->cfg, p.n);
	for (k = 1; !rc && k < jobs; k++) {
		if ((rc = worker_start(r, &p, p.n * k / jobs,
				       p.n * (k + 1) / jobs, &w[k])))
			break;
		started = k;
	}
	if (!rc)
		rc = read_range(r, &p, 0, p.n / jobs);
	for (k = 1; k <= started; k++)
		if ((j = worker_join(r, &w[k])) && !rc)
			rc = j;
	paths_free(&p);
	return rc;
}
