/*
 * fleet_run.h - perfweek-report --fleet: every host of the databases
 * read, one fleet report for all of them and one per [fleet "GROUP"]
 * (fleet_run.c).
 */
#ifndef PW_FLEET_RUN_H
#define PW_FLEET_RUN_H

#include <stddef.h>

#include "config.h"
#include "deliver.h"
#include "period.h"
#include "status.h"

#define FLEET_DB_MAX 4096 /* database files of one fleet report */

struct fleet_run_options {
	const char *const *dbs; /* --db, in order; none: [fleet] databases */
	size_t ndbs;
	const struct source_config *source; /* --source's, or [source]; NULL */
	int per_host; /* each host's own report beside the fleet's */
	/* what the fleet's delivery and the per-host ones share */
	const char *dir, *template_path;
	unsigned formats; /* DELIVER_* */
	int files, to_stdout, mail;
	int64_t generated_at;
};

/*
 * Read every host of every database (offline: stored incidents only, no
 * live checks), write and mail the reports.  PW_EPARTIAL, each logged,
 * for a database that cannot be read, a host without data or INCOMPLETE,
 * a file or a mail not sent; PW_ECONFIG for no database at all.
 */
enum pw_status fleet_run(const struct config *cfg, const struct period *p,
			 const struct fleet_run_options *o);

#endif
