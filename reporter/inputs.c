/*
 * inputs.c - a report's inputs, read in order before the model is built
 * (inputs.h).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "health_live.h"
#include "inputs.h"
#include "log.h"
#include "prom.h"
#include "source_sqlite.h"

/*
 * The local-time window of a report, within PERIOD_TZ_MAX_SPAN_S: five
 * weeks back for the comparisons, and wider for incidents, which may have
 * been opened long before the period and fetched after it.
 */
#define TZ_BACK_S  ((int64_t)3 * 365 * 86400)
#define TZ_AHEAD_S ((int64_t)360 * 86400)

/*
 * The host's source: its SQLite history, or a Prometheus-compatible
 * store with the database's row of the host for what the database keeps.
 */
static enum pw_status
open_source(sqlite3 *db, const struct config *cfg,
	    const struct inputs_options *o, struct inputs *in)
{
	const struct source_config *sc = o->source;
	enum pw_status rc;

	if (!sc || sc->type != SOURCE_PROMETHEUS) {
		if ((rc = source_sqlite_open(db, o->host, &in->src)))
			return rc;
		in->host_id = source_sqlite_host_id(&in->src);
		return PW_OK;
	}
	if ((rc = source_prom_open(sc, cfg, o->host, &in->src)))
		return rc;
	if (sqlite3_db_readonly(db, "main") == 1) {
		log_info(
			"'%s' is not in the read-only database: its runs and incident fetches are not kept",
			o->host);
		return PW_OK;
	}
	return db_host_id(db, o->host, &in->host_id);
}

enum pw_status
inputs_read(sqlite3 *db, const struct config *cfg, const struct period *p,
	    const struct inputs_options *o, struct inputs *in)
{
	struct snow_options so = { o->offline, o->refresh_incidents };
	struct health_query hq = { db, cfg, o->host, 0, *p };
	struct snow_read_input sr = { db, &in->snow, p, &in->tz,
				      cfg->snow_list_max };
	enum pw_status rc;

	memset(in, 0, sizeof(*in));
	if ((rc = open_source(db, cfg, o, in)))
		return rc;
	hq.host_id = in->host_id;
	rc = period_tz_open(cfg->timezone, p->start - TZ_BACK_S,
			    p->end + TZ_AHEAD_S, &in->tz);
	if (!rc)
		rc = snow_prepare(db, cfg, in->host_id, p, &so, &in->snow);
	if (!rc)
		rc = snow_read(&sr, &in->arena, &in->incidents);
	if (!rc)
		rc = health_week_load(&hq, &in->health);
	if (!rc && !o->offline)
		rc = health_live(cfg, (int64_t)time(NULL), &in->health);
	return rc;
}

void
inputs_free(struct inputs *in)
{
	source_close(&in->src);
	health_free(&in->health);
	arena_free(&in->arena);
}

/*
 * Read-write when this user may write the database and its directory (to
 * migrate an older schema and record the run), read-only otherwise: a
 * reader in the perfweek group gets its report all the same.
 */
enum db_mode
inputs_db_mode(const struct source_config *sc, const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int n;

	if (sc && inputs_db_create(sc, path))
		return DB_READWRITE;
	if (!slash)
		n = snprintf(dir, sizeof(dir), ".");
	else
		n = snprintf(dir, sizeof(dir), "%.*s",
			     slash == path ? 1 : (int)(slash - path), path);
	if (n > 0 && (size_t)n < sizeof(dir) && access(path, W_OK) == 0 &&
	    access(dir, W_OK) == 0)
		return DB_EXISTING;
	log_debug("opening '%s' read-only: this user may not write it", path);
	return DB_READONLY;
}

enum pw_status
inputs_source(struct config *cfg, const char *name, int db_given, int check,
	      const struct source_config **out)
{
	const struct source_config *sc = config_source_find(cfg, name);
	struct source probe;
	enum pw_status rc;

	*out = NULL;
	if (name && !sc) {
		log_err("--source '%s': %s has no [source \"%s\"]", name,
			cfg->path[0] ? cfg->path : "the configuration", name);
		return PW_ECONFIG;
	}
	if (!sc)
		sc = config_source_default();
	if (sc->type == SOURCE_SQLITE && sc->database[0] && !db_given)
		snprintf(cfg->database, sizeof(cfg->database), "%s",
			 sc->database);
	*out = sc;
	if (!check || sc->type != SOURCE_PROMETHEUS)
		return PW_OK;
	rc = source_prom_open(sc, cfg, cfg->host, &probe);
	if (!rc)
		source_close(&probe);
	return rc;
}

int
inputs_db_create(const struct source_config *sc, const char *path)
{
	return sc->type == SOURCE_PROMETHEUS && access(path, F_OK) != 0;
}
