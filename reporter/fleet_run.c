/*
 * fleet_run.c - perfweek-report --fleet (fleet_run.h).
 *
 * The databases are --db's, else [fleet] databases' globs, else
 * [general] database.  Each is opened read-only; each host in it is
 * read and its model built as for its own report (inputs.c,
 * model_build()), offline: the incidents of the stored fetch, no live
 * checks, so a fleet of 200 hosts makes no 200 ServiceNow queries.  The
 * model becomes the host's fleet row (fleet_row_of_model()), is written
 * as the host's own report with --per-host, and is freed before the next
 * host is read.  Then the fleet report of every host, and one per
 * [fleet "GROUP"], is delivered and mailed, a group's to its own to.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "fleet.h"
#include "fleet_run.h"
#include "inputs.h"
#include "log.h"
#include "model_build.h"
#include "source_sqlite.h"

#define HOSTS_PER_DB 4096
#define JOBS_MAX     64 /* worker processes at most, [fleet] jobs */
/* the zone's window, as inputs.c's: a stopped host's last sample */
#define TZ_BACK_S  ((int64_t)3 * 365 * 86400)
#define TZ_AHEAD_S ((int64_t)360 * 86400)

struct run {
	const struct config *cfg;
	const struct period *p;
	const struct fleet_run_options *o;
	struct fleet_rows rows;
	enum pw_status missing; /* PW_EPARTIAL once something is missing */
};

/* One host: its model, its row, its own report with --per-host. */
static enum pw_status
one_host(struct run *r, sqlite3 *db, const char *path, const char *host)
{
	struct inputs_options io = { host, NULL, 1, 0 };
	struct inputs *in = calloc(1, sizeof(*in));
	struct model *m = calloc(1, sizeof(*m));
	struct delivery *d = calloc(1, sizeof(*d));
	struct model_input mi;
	enum pw_status rc = PW_ENOMEM;

	if (!in || !m || !d)
		goto out;
	delivery_init(d);
	if ((rc = inputs_read(db, r->cfg, r->p, &io, in)))
		goto out;
	mi = (struct model_input){ r->cfg,         &in->src,
				   host,           *r->p,
				   &in->tz,        r->o->generated_at,
				   &in->incidents, &in->health };
	if ((rc = model_build(&mi, m)))
		goto out;
	rc = fleet_row_of_model(&r->rows, m, path, r->cfg);
	if (!rc && r->o->per_host) {
		struct deliver_spec spec = { r->cfg,
					     host,
					     r->p->label,
					     r->o->dir,
					     r->o->template_path,
					     r->o->formats,
					     0,
					     0 };

		if (deliver(&spec, m, d) != PW_OK)
			r->missing = PW_EPARTIAL;
	}
out:
	if (d)
		delivery_free(d);
	if (m)
		model_free(m);
	if (in)
		inputs_free(in);
	free(in);
	free(m);
	free(d);
	return rc;
}

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
		rc = one_host(r, db, path, names[i]);
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
static enum pw_status
read_all(struct run *r)
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

/* The hosts without data or short of it, each logged. */
static void
log_missing(struct run *r)
{
	size_t i;

	for (i = 0; i < r->rows.n; i++) {
		const struct fleet_row *row = &r->rows.v[i];

		if (strcmp(row->status, "NO DATA") == 0)
			log_warn("no snapshots of '%s' in %s", row->st.host,
				 r->p->label);
		else if (strcmp(row->status, "INCOMPLETE") == 0)
			log_warn(
				"only %.1f %% of the expected snapshots of '%s' in %s are stored: INCOMPLETE",
				row->st.coverage_pct, row->st.host,
				r->p->label);
		else
			continue;
		r->missing = PW_EPARTIAL;
	}
}

/* One fleet report: built, written, mailed (to g's to when a group). */
static enum pw_status
one_report(struct run *r, const struct config_fleet_group *g)
{
	static struct config mcfg; /* [mail] to of the group */
	char buf[sizeof(((struct config_fleet_group *)0)->hosts)],
		*pats[CONFIG_LIST_MAX], name[128], status[256];
	struct fleet_input fi = { r->cfg, &r->rows, g ? g->name : NULL, NULL, 0,
				  *r->p,  NULL,     r->o->generated_at };
	struct period_tz *tz = calloc(1, sizeof(*tz));
	struct deliver_spec spec = { r->cfg,
				     name,
				     r->p->label,
				     r->o->dir,
				     NULL,
				     r->o->files ? r->o->formats : 0,
				     r->o->to_stdout && !g,
				     r->o->mail };
	static struct delivery d;
	struct fleet f;
	enum pw_status rc;

	if (!tz)
		return PW_ENOMEM;
	snprintf(name, sizeof(name), "fleet%s%s", g ? "-" : "",
		 g ? g->name : "");
	if (g) {
		fi.npatterns = config_fleet_words(g->hosts, buf, sizeof(buf),
						  pats, CONFIG_LIST_MAX);
		fi.patterns = (const char *const *)pats;
	}
	delivery_init(&d);
	rc = period_tz_open(r->cfg->timezone, r->p->start - TZ_BACK_S,
			    r->p->end + TZ_AHEAD_S, tz);
	fi.tz = tz;
	if (!rc)
		rc = fleet_build(&fi, &f);
	if (rc)
		goto out;
	rc = deliver_fleet(&spec, &f, &d);
	if ((!rc || rc == PW_EPARTIAL) && r->o->mail) {
		mcfg = *r->cfg;
		if (g && config_fleet_mail_to(&mcfg, g) != 0)
			log_err("[fleet \"%s\"] to: too many addresses",
				g->name);
		spec.cfg = &mcfg;
		fleet_status_line(&f, status, sizeof(status));
		if (deliver_mail(&spec, &d, status))
			rc = PW_EPARTIAL;
	}
	fleet_free(&f);
out:
	delivery_free(&d);
	free(tz);
	return rc;
}

enum pw_status
fleet_run(const struct config *cfg, const struct period *p,
	  const struct fleet_run_options *o)
{
	struct run r = { cfg, p, o, { NULL, 0, 0, { NULL } }, PW_OK };
	enum pw_status rc;
	size_t i;

	if (cfg->fleet.group_by[0]) {
		log_err("[fleet] group_by = '%s' needs a source that labels its hosts; with SQLite files use [fleet \"GROUP\"] sections",
			cfg->fleet.group_by);
		return PW_ECONFIG;
	}
	fleet_rows_init(&r.rows);
	if (!(rc = read_all(&r))) {
		log_missing(&r);
		rc = one_report(&r, NULL);
	}
	for (i = 0; i < cfg->fleet.ngroups && (!rc || rc == PW_EPARTIAL); i++) {
		enum pw_status g = one_report(&r, &cfg->fleet.groups[i]);

		if (g)
			rc = g;
	}
	fleet_rows_free(&r.rows);
	if (!rc)
		rc = r.missing;
	return rc;
}
