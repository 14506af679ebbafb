/*
 * health.h - the week of the health checks, as the report sees it.
 *
 * health_week_load() reads the stored probe results of the period
 * (probe/store.c wrote them) and computes, per check, availability, the
 * error budget spent against the SLO, latency percentiles, the phase
 * split, outage windows and the certificate's days left.  Unless offline,
 * perfweek-report's main then runs every configured check once, live
 * (reporter/health_live.c), before the model is built: the model stage
 * never uses the network.  model_health.c turns it into the
 * model's health section; findings_health.c into findings.  Everything
 * but the live results comes from the database only, so a regenerated
 * report is the same, byte for byte, with --offline.
 */
#ifndef PW_HEALTH_H
#define PW_HEALTH_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "config.h"
#include "period.h"
#include "probe.h"

struct health_outage {
	int64_t start; /* the first failed probe */
	int64_t end;   /* the first successful probe after it */
	int ongoing;   /* still failing at the last probe (end) */
};

enum health_phase {
	HP_DNS,
	HP_CONNECT,
	HP_TLS,
	HP_FIRST_BYTE,
	HP_TOTAL,
	HP_COUNT
};

struct health_stat {
	char name[CONFIG_HEALTH_NAME_MAX];
	char url[CONFIG_URL_MAX];
	size_t samples, failures;
	double slo_pct;
	double availability_pct; /* NaN without samples */
	double budget_spent_pct;
	double p50_ms, p95_ms, p99_ms; /* total time, successful probes */
	double phase_p50_ms[HP_COUNT];
	struct health_outage *outages; /* owned */
	size_t noutages;
	int64_t first_ts, last_ts; /* of the samples in the period */
	int64_t cert_expires;      /* latest known in the period; 0 */
	double cert_days_left;     /* at the period's end; NaN */
	int has_live;
	struct probe_result live;
};

struct health_week {
	struct health_stat *checks; /* owned, sorted by name and url */
	size_t n;
	int configured;           /* [health] sections exist */
	size_t samples, failures; /* over all checks */
};

/* What health_week_load reads: whose checks, of which period, where. */
struct health_query {
	sqlite3 *db;
	const struct config *cfg;
	const char *host;
	int64_t host_id;
	struct period period;
};

/* Load and compute the week; the caller frees it with health_free. */
enum pw_status
health_week_load(const struct health_query *q, struct health_week *hw);
void health_free(struct health_week *hw);

#endif
