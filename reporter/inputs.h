/*
 * inputs.h - what perfweek-report reads before it builds a model: the
 * host's source, the time zone, the incidents and the health checks'
 * week (inputs.c).
 *
 * The network and the clock are used here, never in the model build:
 * snow_prepare() may fetch incidents, health_live() runs the checks now.
 * --offline uses stored data only.
 */
#ifndef PW_INPUTS_H
#define PW_INPUTS_H

#include <sqlite3.h>
#include <stdint.h>

#include "arena.h"
#include "config.h"
#include "db.h"
#include "health.h"
#include "model.h"
#include "period.h"
#include "snow.h"
#include "source.h"

struct inputs_options {
	const char *host;
	const struct source_config *source; /* NULL: [general] database */
	int offline;           /* stored data only: no fetch, no live checks */
	int refresh_incidents; /* fetch although a fetch is stored */
};

struct inputs {
	struct source src;
	int64_t host_id;     /* the host's row, for the stores keyed on it;
				0: none (a store's host, read-only database) */
	struct period_tz tz; /* covers the period, years back, a year ahead */
	struct snow_choice snow;
	struct model_incidents incidents; /* strings and arrays in arena */
	struct health_week health;
	struct arena arena;
};

/*
 * Read everything of period p into in (large: keep it off the stack).
 * PW_ENOTFOUND (logged with the known hosts) for a host without data in
 * SQLite.  From a Prometheus-compatible source, the database keeps the
 * host's runs and incident fetches under a host row of the same name,
 * added when the database may be written; read-only, host_id is 0.
 * Free with inputs_free, also after a failure.
 */
enum pw_status
inputs_read(sqlite3 *db, const struct config *cfg, const struct period *p,
	    const struct inputs_options *o, struct inputs *in);
void inputs_free(struct inputs *in);

/*
 * How the report opens the database at path: read-write (DB_EXISTING)
 * when this user may write it and its directory, to migrate an older
 * schema and record the run; read-only otherwise, so that a reader in
 * the perfweek group gets its report all the same; a store's report (sc
 * not SQLite) creates a missing one, for its runs and incident fetches.
 */
enum db_mode inputs_db_mode(const struct source_config *sc, const char *path);

/*
 * The source --source name (NULL: [source], else the built-in SQLite one)
 * names into *out; a SQLite source's database replaces cfg's unless
 * --db gave one (db_given).  With check (--check-config), a
 * Prometheus-compatible source's secrets are read once.  PW_ECONFIG,
 * logged, for a name the configuration lacks.
 */
enum pw_status inputs_source(struct config *cfg, const char *name, int db_given,
			     int check, const struct source_config **out);

/* The database's mode for a source: created when a store has none. */
int inputs_db_create(const struct source_config *sc, const char *path);

#endif
