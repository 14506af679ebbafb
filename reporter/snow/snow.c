/*
 * snow.c - where a report's incidents come from: a stored fetch of the
 * period, a new fetch, or none (and why).
 *
 * The choice, in order: no instance configured -> not configured; the
 * newest successful fetch stored for this host, period, instance and
 * queries, unless --refresh-incidents; with --offline, nothing more; else
 * the credentials, a fetch of both queries, and the fetch stored whatever
 * its outcome.  Reusing a stored fetch is what makes a past week's report
 * come out byte for byte the same.  Owns the secret while it is in
 * memory, and wipes it.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "secret.h"
#include "snow.h"
#include "snow_int.h"

/* Is the instance reached without TLS on another host?  Then warn. */
static void
warn_cleartext(const char *instance)
{
	static const char *const local[] = { "http://127.0.0.1",
					     "http://localhost",
					     "http://[::1]" };
	size_t i, n;

	if (strncmp(instance, "http://", 7) != 0)
		return;
	for (i = 0; i < sizeof(local) / sizeof(local[0]); i++) {
		n = strlen(local[i]);
		if (strncmp(instance, local[i], n) == 0 &&
		    (instance[n] == ':' || instance[n] == '/' ||
		     instance[n] == '\0'))
			return;
	}
	log_warn(
		"servicenow: '%s' is plain HTTP: credentials cross the network unencrypted",
		instance);
}

/* The password or token into out; PW_ECONFIG, logged, if there is none. */
static enum pw_status
read_secret(const struct config *cfg, char *out, size_t outsz)
{
	int oauth = strcmp(cfg->snow_auth, "oauth") == 0;
	enum pw_status rc;

	rc = secret_get(oauth ? "servicenow token_file" :
				"servicenow password_file",
			oauth ? SNOW_ENV_TOKEN : SNOW_ENV_PASSWORD,
			oauth ? cfg->snow_token_file : cfg->snow_password_file,
			out, outsz);
	if (rc == PW_ENOTFOUND) {
		log_err("servicenow: no %s: set %s in [servicenow] or the environment variable %s",
			oauth ? "token" : "password",
			oauth ? "token_file" : "password_file",
			oauth ? SNOW_ENV_TOKEN : SNOW_ENV_PASSWORD);
		rc = PW_ECONFIG;
	}
	return rc;
}

enum pw_status
snow_check_credentials(const struct config *cfg)
{
	static char secret[SECRET_MAX];
	enum pw_status rc;

	if (!cfg->snow_instance[0])
		return PW_OK;
	rc = read_secret(cfg, secret, sizeof(secret));
	secret_wipe(secret, sizeof(secret));
	return rc ? PW_ECONFIG : PW_OK;
}

/* Fetch now and store the outcome; *out says which. */
static enum pw_status
fetch_and_store(sqlite3 *db, const struct config *cfg, const struct snow_key *k,
		const char *secret, struct snow_choice *out)
{
	struct snow_request rq = { cfg, secret, k->period_start,
				   k->period_end };
	struct snow_fetch f;
	int64_t id = 0;
	enum pw_status rc;

	snow_fetch_init(&f);
	warn_cleartext(cfg->snow_instance);
	rc = snow_fetch_all(&rq, &f);
	if (!rc)
		rc = snow_store_save(db, k, (int64_t)time(NULL), &f, &id);
	if (!rc && f.ok) {
		log_info(
			"servicenow: %zu open incidents, %zu opened or resolved in the period, %d pages",
			f.open_count, f.period_count, f.pages);
		out->state = SNOW_OK;
		out->fetch_id = id;
	} else if (!rc) {
		log_warn("servicenow: incidents not fetched: %s", f.reason);
		out->state = SNOW_UNAVAILABLE;
		out->fetch_id = id;
		snprintf(out->reason, sizeof(out->reason), "%s", f.reason);
	}
	snow_set_free(&f.set);
	return rc;
}

enum pw_status
snow_prepare(sqlite3 *db, const struct config *cfg, int64_t host_id,
	     const struct period *p, const struct snow_options *opt,
	     struct snow_choice *out)
{
	static char secret[SECRET_MAX]; /* off the stack, wiped */
	int oauth = strcmp(cfg->snow_auth, "oauth") == 0;
	struct snow_key k = { host_id,         p->start,
			      p->end,          cfg->snow_instance,
			      cfg->snow_query, NULL };
	struct buf pq;
	int64_t id = 0;
	enum pw_status rc;

	memset(out, 0, sizeof(*out));
	if (!cfg->snow_instance[0])
		return PW_OK;
	buf_init(&pq, (size_t)CONFIG_TEXT_MAX * 3);
	if ((rc = snow_period_query(cfg, p->start, p->end, &pq)))
		return rc;
	k.period_query = pq.data;
	if ((!opt->refresh || opt->offline) &&
	    (rc = snow_store_find(db, &k, &id)))
		goto out;
	if (id) {
		log_info(
			"servicenow: using the incidents stored for %s (fetch %lld)",
			p->label, (long long)id);
		out->state = SNOW_OK;
		out->fetch_id = id;
		goto out;
	}
	out->state = SNOW_UNAVAILABLE;
	/* A fetch is stored before it is used: a reader cannot store one. */
	if (sqlite3_db_readonly(db, "main") == 1) {
		snprintf(
			out->reason, sizeof(out->reason),
			"not fetched (the database is read-only for this user)");
		goto out;
	}
	if (opt->offline) {
		snprintf(out->reason, sizeof(out->reason),
			 "not fetched (offline)");
		goto out;
	}
	if (read_secret(cfg, secret, sizeof(secret)) != PW_OK) {
		/* rc stays PW_OK: the report is made and says why */
		snprintf(out->reason, sizeof(out->reason),
			 "the %s could not be read (see the log)",
			 oauth ? "token" : "password");
		goto out;
	}
	rc = fetch_and_store(db, cfg, &k, secret, out);
out:
	secret_wipe(secret, sizeof(secret));
	buf_free(&pq);
	return rc;
}
