/*
 * fleet_run_int.h - what the two halves of perfweek-report --fleet share:
 * fleet_run.c (the store's figures, the groups, the reports) and
 * fleet_files.c (the SQLite files, read by worker processes).
 */
#ifndef PW_FLEET_RUN_INT_H
#define PW_FLEET_RUN_INT_H

#include <sqlite3.h>

#include "fleet.h"
#include "fleet_run.h"

struct run {
	const struct config *cfg;
	const struct period *p;
	const struct fleet_run_options *o;
	struct fleet_rows rows;
	enum pw_status missing; /* PW_EPARTIAL once something is missing */
};

/*
 * One host read as its own report reads it (db, and the run's source):
 * its model, its fleet row from path (NULL: the store's row is kept), its
 * own report with --per-host.
 */
enum pw_status
fleet_one_host(struct run *r, sqlite3 *db, const char *path, const char *host);

/* Every host of every database file of the run, into r->rows. */
enum pw_status fleet_read_files(struct run *r);

#endif
