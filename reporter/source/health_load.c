/*
 * health_load.c - the week of each health check, computed from the
 * stored probe results.
 *
 * Definitions (docs/report-json.md repeats them): availability is the
 * share of probes that succeeded; the error budget is 100 - slo_pct
 * percent of the probes, and budget spent is the failures' share of it;
 * latency percentiles (nearest rank) and the phase medians are over the
 * successful probes only, so a timeout does not pass for a slow answer;
 * an outage runs from the first failed probe to the first successful one
 * after it, and outages less than [health] outage_merge_min apart are one
 * (merge_outages: the findings, the model and so every renderer see the
 * merged windows); the certificate's days left are counted from the end of the
 * period, from the latest expiry date stored in it.  Reads the database
 * and the configuration, never writes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "array.h"
#include "db.h"
#include "health.h"
#include "log.h"
#include "select.h"

#define HEALTH_SAMPLES_CAP ((size_t)1 << 22)

struct sample {
	int64_t ts;
	int ok;
	double ms[HP_COUNT];
	int64_t cert_expires;
};

static int
check_cmp(const void *a, const void *b)
{
	const struct health_stat *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->url, y->url);
}

/* Room for one more check in hw; the new entry is zeroed. */
static enum pw_status
add_check(struct health_week *hw, size_t *alloc, const char *name,
	  const char *url)
{
	struct health_stat *c;
	enum pw_status rc;
	int k;

	if ((rc = array_reserve((void **)&hw->checks, alloc, hw->n,
				sizeof(*hw->checks), 4096)))
		return rc;
	c = &hw->checks[hw->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->url, sizeof(c->url), "%s", url);
	c->availability_pct = c->budget_spent_pct = NAN;
	c->p50_ms = c->p95_ms = c->p99_ms = c->cert_days_left = NAN;
	for (k = 0; k < HP_COUNT; k++)
		c->phase_p50_ms[k] = NAN;
	return PW_OK;
}

static int
has_check(const struct health_week *hw, const char *name, const char *url)
{
	size_t i;

	for (i = 0; i < hw->n; i++)
		if (strcmp(hw->checks[i].name, name) == 0 &&
		    strcmp(hw->checks[i].url, url) == 0)
			return 1;
	return 0;
}

/* The checks with results in the period, then the configured others. */
static enum pw_status
list_checks(const struct health_query *q, struct health_week *hw)
{
	static const char sql[] =
		"SELECT name, url FROM health_check c "
		"WHERE host_id = ?1 AND EXISTS (SELECT 1 FROM health_result r "
		"WHERE r.check_id = c.id AND r.ts >= ?2 AND r.ts < ?3)";
	const struct health_query *in = q;
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	size_t alloc = 0, i;
	int r;

	if (sqlite3_prepare_v2(in->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, in->host_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, in->period.start) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, in->period.end) != SQLITE_OK) {
		rc = db_fail(in->db, "read");
		goto out;
	}
	while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = add_check(hw, &alloc,
			       (const char *)sqlite3_column_text(st, 0),
			       (const char *)sqlite3_column_text(st, 1));
	if (!rc && r != SQLITE_DONE)
		rc = db_fail(in->db, "read");
	/* The configured checks are this host's: not another's report. */
	hw->configured = in->cfg->nhealth > 0 &&
		strcmp(in->host, in->cfg->host) == 0;
	for (i = 0; !rc && hw->configured && i < in->cfg->nhealth; i++) {
		const struct health_check *c = &in->cfg->health[i];

		if (!has_check(hw, c->name, c->url))
			rc = add_check(hw, &alloc, c->name, c->url);
	}
	if (!rc && hw->n > 1)
		qsort(hw->checks, hw->n, sizeof(*hw->checks), check_cmp);
out:
	sqlite3_finalize(st);
	return rc;
}

static double
col_ms(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ?
		NAN :
		sqlite3_column_double(st, col);
}

static enum pw_status
load_samples(const struct health_query *q, const struct health_stat *c,
	     struct sample **out, size_t *n)
{
	static const char sql[] =
		"SELECT r.ts, r.ok, r.dns_ms, "
		"r.connect_ms, r.tls_ms, r.first_byte_ms, r.total_ms, "
		"r.cert_expires FROM health_result r JOIN health_check c ON "
		"c.id = r.check_id WHERE c.host_id = ?1 AND c.name = ?2 AND "
		"c.url = ?3 AND r.ts >= ?4 AND r.ts < ?5 ORDER BY r.ts, r.rowid";
	const struct health_query *in = q;
	sqlite3_stmt *st = NULL;
	struct sample *v = NULL;
	size_t alloc = 0, k = 0;
	enum pw_status rc = PW_OK;
	int r, j;

	if (sqlite3_prepare_v2(in->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, in->host_id) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, c->name, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, c->url, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, in->period.start) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, in->period.end) != SQLITE_OK) {
		rc = db_fail(in->db, "read");
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = array_reserve((void **)&v, &alloc, k, sizeof(*v),
					HEALTH_SAMPLES_CAP)))
			goto out;
		v[k].ts = sqlite3_column_int64(st, 0);
		v[k].ok = sqlite3_column_int(st, 1) != 0;
		for (j = 0; j < HP_COUNT; j++)
			v[k].ms[j] = col_ms(st, 2 + j);
		v[k].cert_expires = sqlite3_column_int64(st, 7);
		k++;
	}
	if (r != SQLITE_DONE)
		rc = db_fail(in->db, "read");
out:
	sqlite3_finalize(st);
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return PW_OK;
}

/* Nearest-rank percentile of the finite values of phase j of ok samples. */
static double
percentile(const struct sample *v, size_t n, int j, unsigned pct,
	   double *scratch)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (v[i].ok && isfinite(v[i].ms[j]))
			scratch[m++] = v[i].ms[j];
	if (m == 0)
		return NAN;
	return select_kth(scratch, m, select_nearest_rank(pct, m) - 1);
}

static enum pw_status
find_outages(struct health_stat *c, const struct sample *v, size_t n)
{
	size_t alloc = 0, i;
	int in = 0;
	enum pw_status rc;

	for (i = 0; i < n; i++) {
		if (!v[i].ok && !in) {
			if ((rc = array_reserve(
				     (void **)&c->outages, &alloc, c->noutages,
				     sizeof(*c->outages), HEALTH_SAMPLES_CAP)))
				return rc;
			c->outages[c->noutages].start = v[i].ts;
			c->outages[c->noutages].ongoing = 0;
			in = 1;
		} else if (v[i].ok && in) {
			c->outages[c->noutages++].end = v[i].ts;
			in = 0;
		}
	}
	/* an outage still on stands for its last probe's interval too */
	if (in) {
		c->outages[c->noutages].end = v[n - 1].ts +
			(n > 1 ? v[n - 1].ts - v[n - 2].ts : 60);
		c->outages[c->noutages++].ongoing = 1;
	}
	return PW_OK;
}

/*
 * Outages that start less than gap_s after the previous one ended are
 * merged into it, in place: a flapping check is one window of trouble,
 * not a row per blip.  gap_s 0 merges nothing.
 */
static void
merge_outages(struct health_stat *c, int64_t gap_s)
{
	size_t i, n = 0;

	for (i = 0; i < c->noutages; i++) {
		struct health_outage *o = &c->outages[i];

		if (n > 0 && gap_s > 0 &&
		    o->start - c->outages[n - 1].end < gap_s) {
			c->outages[n - 1].end = o->end;
			c->outages[n - 1].ongoing = o->ongoing;
			continue;
		}
		c->outages[n++] = *o;
	}
	c->noutages = n;
}

static double
slo_of(const struct health_query *q, const char *name)
{
	const struct health_check *hc = config_health_find(q->cfg, name);

	return hc && hc->slo_pct > 0 ? hc->slo_pct : q->cfg->probe_slo_pct;
}

static enum pw_status
compute(const struct health_query *q, struct health_stat *c)
{
	struct sample *v = NULL;
	double *scratch = NULL;
	size_t n = 0, i;
	enum pw_status rc;
	int j;

	c->slo_pct = slo_of(q, c->name);
	if ((rc = load_samples(q, c, &v, &n)) || n == 0)
		goto out;
	if (!(scratch = malloc(n * sizeof(*scratch)))) {
		rc = PW_ENOMEM;
		goto out;
	}
	c->samples = n;
	c->first_ts = v[0].ts;
	c->last_ts = v[n - 1].ts;
	for (i = 0; i < n; i++) {
		c->failures += !v[i].ok;
		if (v[i].cert_expires)
			c->cert_expires = v[i].cert_expires;
	}
	c->availability_pct = 100.0 * (double)(n - c->failures) / (double)n;
	c->budget_spent_pct = 100.0 * ((double)c->failures / (double)n) /
		(1 - c->slo_pct / 100);
	c->p50_ms = percentile(v, n, HP_TOTAL, 50, scratch);
	c->p95_ms = percentile(v, n, HP_TOTAL, 95, scratch);
	c->p99_ms = percentile(v, n, HP_TOTAL, 99, scratch);
	for (j = 0; j < HP_COUNT; j++)
		c->phase_p50_ms[j] = percentile(v, n, j, 50, scratch);
	if (c->cert_expires)
		c->cert_days_left = (double)(c->cert_expires - q->period.end) /
			86400;
	if (!(rc = find_outages(c, v, n)))
		merge_outages(c, (int64_t)q->cfg->outage_merge_min * 60);
out:
	free(scratch);
	free(v);
	return rc;
}

enum pw_status
health_week_load(const struct health_query *q, struct health_week *hw)
{
	enum pw_status rc;
	size_t i;

	memset(hw, 0, sizeof(*hw));
	rc = list_checks(q, hw);
	for (i = 0; !rc && i < hw->n; i++) {
		rc = compute(q, &hw->checks[i]);
		hw->samples += hw->checks[i].samples;
		hw->failures += hw->checks[i].failures;
	}
	if (rc)
		health_free(hw);
	return rc;
}

void
health_free(struct health_week *hw)
{
	size_t i;

	if (!hw)
		return;
	for (i = 0; i < hw->n; i++)
		free(hw->checks[i].outages);
	free(hw->checks);
	memset(hw, 0, sizeof(*hw));
}
