/*
 * inputs.c - a report's inputs, read in order before the model is built
 * (inputs.h).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "health_live.h"
#include "inputs.h"
#include "log.h"
#include "source_sqlite.h"

/*
 * The local-time window of a report, within PERIOD_TZ_MAX_SPAN_S: five
 * weeks back for the comparisons, and wider for incidents, which may have
 * been opened long before the period and fetched after it.
 */
#define TZ_BACK_S  ((int64_t)3 * 365 * 86400)
#define TZ_AHEAD_S ((int64_t)360 * 86400)

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
	if ((rc = source_sqlite_open(db, o->host, &in->src)))
		return rc;
	in->host_id = hq.host_id = source_sqlite_host_id(&in->src);
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
inputs_db_mode(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int n;

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
