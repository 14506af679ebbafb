/*
 * fleet_run.c - perfweek-report --fleet (fleet_run.h).
 *
 * The rows come from one of two places.  From SQLite files
 * (fleet_files.c), each host is read and its model built as for its own
 * report (inputs.c, model_build()), offline: the incidents of the stored
 * fetch, no live checks, so a fleet of 200 hosts makes no 200 ServiceNow
 * queries; the model becomes the host's fleet row (fleet_row_of_model())
 * and is freed before the next host is read.  From a Prometheus-compatible
 * source, the store computes every host's week itself, one query per
 * figure for all hosts (fleet_rows_of_source()), so that the number of
 * queries does not grow with the hosts; only --per-host reads each
 * host's series, for its own report.
 *
 * Then the fleet report of every host, one per value of [fleet] group_by
 * (a store's label), and one per [fleet "GROUP"] with hosts, is delivered
 * and mailed, a group's to its own to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fleet_run_int.h"
#include "inputs.h"
#include "log.h"
#include "model_build.h"
#include "prom.h"

/* the zone's window, as inputs.c's: a stopped host's last sample */
#define TZ_BACK_S  ((int64_t)3 * 365 * 86400)
#define TZ_AHEAD_S ((int64_t)360 * 86400)

/* Its own report, with --per-host. */
static enum pw_status
per_host(struct run *r, const char *host, const struct model *m)
{
	struct deliver_spec spec = { r->cfg,
				     host,
				     r->p->label,
				     r->o->dir,
				     r->o->template_path,
				     r->o->formats,
				     0,
				     0 };
	struct delivery *d = calloc(1, sizeof(*d));
	enum pw_status rc;

	if (!d)
		return PW_ENOMEM;
	delivery_init(d);
	if ((rc = deliver(&spec, m, d)) != PW_OK)
		r->missing = PW_EPARTIAL;
	delivery_free(d);
	free(d);
	return rc == PW_ENOMEM ? rc : PW_OK;
}

enum pw_status
fleet_one_host(struct run *r, sqlite3 *db, const char *path, const char *host)
{
	struct inputs_options io = { host, r->o->source, 1, 0 };
	struct inputs *in = calloc(1, sizeof(*in));
	struct model *m = calloc(1, sizeof(*m));
	struct model_input mi;
	enum pw_status rc = PW_ENOMEM;

	if (!in || !m)
		goto out;
	if ((rc = inputs_read(db, r->cfg, r->p, &io, in)))
		goto out;
	mi = (struct model_input){ r->cfg,         &in->src,
				   host,           *r->p,
				   &in->tz,        r->o->generated_at,
				   &in->incidents, &in->health };
	if ((rc = model_build(&mi, m)))
		goto out;
	if (path)
		rc = fleet_row_of_model(&r->rows, m, path, r->cfg);
	if (!rc && r->o->per_host)
		rc = per_host(r, host, m);
out:
	if (m)
		model_free(m);
	if (in)
		inputs_free(in);
	free(in);
	free(m);
	return rc;
}

/* --per-host from a store: each host's series, its report's database. */
static enum pw_status
store_per_host(struct run *r)
{
	const char *path = r->cfg->database;
	sqlite3 *db = NULL;
	enum pw_status rc;
	size_t i;

	rc = db_open(path, inputs_db_mode(r->o->source, path),
		     r->cfg->busy_timeout_ms, &db);
	for (i = 0; !rc && i < r->rows.n; i++)
		if (r->rows.v[i].st.coverage_pct > 0)
			rc = fleet_one_host(r, db, NULL, r->rows.v[i].st.host);
	db_close(db);
	return rc;
}

/* Every host of a Prometheus-compatible source, the store's figures. */
static enum pw_status
read_store(struct run *r)
{
	const struct source_config *sc = r->o->source;
	const char *name = sc->name[0] ? sc->name : sc->url;
	struct source s;
	unsigned queries = 0;
	enum pw_status rc;

	if ((rc = source_prom_open(sc, r->cfg, "", &s)))
		return rc;
	rc = fleet_rows_of_source(&r->rows, &s, r->p, name, r->cfg, &queries);
	source_close(&s);
	if (rc)
		return rc;
	log_info("the figures of %zu hosts in %u queries to the store",
		 r->rows.n, queries);
	if (r->rows.n == 0)
		log_warn("no host of %s has a series matching '%s' in %s", name,
			 sc->selector, r->p->label);
	return r->o->per_host ? store_per_host(r) : PW_OK;
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

/* A fleet report's hosts: every host, a section's, a label value's. */
struct group {
	const char *name;                      /* NULL: every host */
	const struct config_fleet_group *conf; /* its section, or NULL */
	const char *value; /* [fleet] group_by's value, or NULL */
};

/* One fleet report: built, written, mailed (to g's to when a group). */
static enum pw_status
one_report(struct run *r, const struct group *g)
{
	static struct config mcfg; /* [mail] to of the group */
	char buf[sizeof(((struct config_fleet_group *)0)->hosts)],
		*pats[CONFIG_LIST_MAX], name[SOURCE_NAME_MAX + 8], status[256];
	struct fleet_input fi = {
		r->cfg, &r->rows,           g->name, NULL, 0, *r->p,
		NULL,   r->o->generated_at, g->value
	};
	struct period_tz *tz = calloc(1, sizeof(*tz));
	struct deliver_spec spec = { r->cfg,
				     name,
				     r->p->label,
				     r->o->dir,
				     NULL,
				     r->o->files ? r->o->formats : 0,
				     r->o->to_stdout && !g->name,
				     r->o->mail };
	static struct delivery d;
	struct fleet f;
	enum pw_status rc;

	if (!tz)
		return PW_ENOMEM;
	snprintf(name, sizeof(name), "fleet%s%s", g->name ? "-" : "",
		 g->name ? g->name : "");
	if (g->conf && !g->value) {
		fi.npatterns = config_fleet_words(g->conf->hosts, buf,
						  sizeof(buf), pats,
						  CONFIG_LIST_MAX);
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
		if (g->conf && config_fleet_mail_to(&mcfg, g->conf) != 0)
			log_err("[fleet \"%s\"] to: too many addresses",
				g->conf->name);
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

static int
value_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The section of name without hosts: a label value's recipients. */
static const struct config_fleet_group *
value_section(const struct config_fleet *fc, const char *name)
{
	size_t i;

	for (i = 0; i < fc->ngroups; i++)
		if (!fc->groups[i].hosts[0] &&
		    strcmp(fc->groups[i].name, name) == 0)
			return &fc->groups[i];
	return NULL;
}

/*
 * A report for each value of [fleet] group_by the rows have, in order;
 * a section without hosts whose name no host has is logged.
 */
static enum pw_status
label_reports(struct run *r)
{
	const struct config_fleet *fc = &r->cfg->fleet;
	const char **v = calloc(r->rows.n + 1, sizeof(*v));
	size_t n = 0, i, k, unlabelled = 0;
	enum pw_status rc = PW_OK, g;

	if (!v)
		return PW_ENOMEM;
	for (i = 0; i < r->rows.n; i++) {
		const char *val = r->rows.v[i].st.group;

		for (k = 0; k < n && strcmp(v[k], val) != 0; k++)
			;
		if (!val[0])
			unlabelled++;
		else if (k == n)
			v[n++] = val;
	}
	qsort(v, n, sizeof(*v), value_cmp);
	if (unlabelled)
		log_info(
			"%zu of the hosts have no label '%s': they are in no group's report",
			unlabelled, fc->group_by);
	for (i = 0; i < n && (!rc || rc == PW_EPARTIAL); i++) {
		struct group grp = { v[i], value_section(fc, v[i]), v[i] };

		if ((g = one_report(r, &grp)))
			rc = g;
	}
	for (i = 0; i < fc->ngroups; i++) {
		for (k = 0; k < n && strcmp(v[k], fc->groups[i].name) != 0; k++)
			;
		if (!fc->groups[i].hosts[0] && k == n)
			log_warn("[fleet \"%s\"]: no host has %s=\"%s\"",
				 fc->groups[i].name, fc->group_by,
				 fc->groups[i].name);
	}
	free(v);
	return rc;
}

enum pw_status
fleet_run(const struct config *cfg, const struct period *p,
	  const struct fleet_run_options *o)
{
	struct run r = { cfg, p, o, { NULL, 0, 0, { NULL } }, PW_OK };
	int store = o->source && o->source->type == SOURCE_PROMETHEUS;
	enum pw_status rc, g;
	size_t i;

	if (cfg->fleet.group_by[0] && !store) {
		log_err("[fleet] group_by = '%s' needs a source that labels its hosts; with SQLite files use [fleet \"GROUP\"] sections with hosts",
			cfg->fleet.group_by);
		return PW_ECONFIG;
	}
	if (store && o->ndbs) {
		log_err("--db names SQLite files: the hosts of a Prometheus-compatible source come from the store (a host's incidents from [general] database)");
		return PW_ECONFIG;
	}
	fleet_rows_init(&r.rows);
	rc = store ? read_store(&r) : fleet_read_files(&r);
	if (!rc) {
		struct group all = { NULL, NULL, NULL };

		log_missing(&r);
		rc = one_report(&r, &all);
	}
	if ((!rc || rc == PW_EPARTIAL) && cfg->fleet.group_by[0] &&
	    (g = label_reports(&r)))
		rc = g;
	for (i = 0; i < cfg->fleet.ngroups && (!rc || rc == PW_EPARTIAL); i++) {
		struct group grp = { cfg->fleet.groups[i].name,
				     &cfg->fleet.groups[i], NULL };

		if (!grp.conf->hosts[0])
			continue;
		if ((g = one_report(&r, &grp)))
			rc = g;
	}
	fleet_rows_free(&r.rows);
	if (!rc)
		rc = r.missing;
	return rc;
}
