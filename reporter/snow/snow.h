/*
 * snow.h - ServiceNow incidents for a report period: fetched from the
 * Table API, stored, and chosen for the report model.
 *
 * perfweek-report calls snow_prepare() once before it builds the model.
 * It decides where the period's incidents come from (a stored successful
 * fetch, a new fetch, or nothing) and says so in a struct snow_choice,
 * which the model section (model_incidents.c) reads together with the
 * database.  The network is used here and nowhere in the model, so the
 * model depends only on the database and the arguments.
 */
#ifndef PW_SNOW_H
#define PW_SNOW_H

#include <sqlite3.h>
#include <stdint.h>

#include "arena.h"
#include "config.h"
#include "model.h"
#include "period.h"
#include "secret.h"
#include "status.h"

/* Environment variables that override the secret files. */
#define SNOW_ENV_PASSWORD SECRET_ENV_SNOW_PASSWORD
#define SNOW_ENV_TOKEN    SECRET_ENV_SNOW_TOKEN

enum snow_state {
	SNOW_NOT_CONFIGURED = 0, /* no instance in [servicenow] */
	SNOW_OK,                 /* fetch_id names a successful fetch */
	SNOW_UNAVAILABLE         /* reason says why */
};

struct snow_choice {
	enum snow_state state;
	int64_t fetch_id; /* snow_fetch.id, 0 if none */
	char reason[256]; /* for SNOW_UNAVAILABLE */
};

struct snow_options {
	int offline; /* stored data only */
	int refresh; /* fetch even if a fetch is stored */
};

/*
 * Choose the incidents of period p for host_id: the newest stored
 * successful fetch with the same instance and queries, unless
 * opt->refresh; otherwise, unless opt->offline, fetch and store (a failed
 * fetch is stored as failed, with its reason).  A failed fetch is not an
 * error: *out says SNOW_UNAVAILABLE and why, and the return is PW_OK.
 * Errors returned (logged): PW_ECONFIG for credentials that cannot be
 * read, PW_EDB, PW_ENOMEM.
 */
enum pw_status
snow_prepare(sqlite3 *db, const struct config *cfg, int64_t host_id,
	     const struct period *p, const struct snow_options *opt,
	     struct snow_choice *out);

/*
 * For --check-config: with an instance configured, the password or token
 * can be read (environment or a private file).  PW_ECONFIG, logged, if
 * not.  The secret is wiped at once.
 */
enum pw_status snow_check_credentials(const struct config *cfg);

/* "1 - Critical" for 1; NULL outside 1..5. */
const char *snow_priority_name(int code);
/* "In Progress" for 2; NULL for an unknown code. */
const char *snow_state_name(int code);

/* What snow_read reads: the fetch chosen, for which period. */
struct snow_read_input {
	sqlite3 *db;
	const struct snow_choice *choice; /* NULL: not configured */
	const struct period *period;
	const struct period_tz *tz; /* the report's zone, for local times */
	int list_max;               /* [servicenow] list_max */
};

/*
 * The incidents section of the model from the stored fetch chosen
 * (snow_read.c); its strings and arrays in a.  Without a fetch (not
 * configured, unavailable) the status and reason, and nulls.
 */
enum pw_status snow_read(const struct snow_read_input *in, struct arena *a,
			 struct model_incidents *out);

#endif
