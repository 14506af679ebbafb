/*
 * alert.h - alerts between the weekly reports (perfweek-alert): the
 * findings rules evaluated over the recent window, their state kept in
 * the database, and a notification to each sink once per change.
 *
 * alert_evaluate() (alert_eval.c) says which rules fire now, per device,
 * with the weekly report's thresholds; alert_state.c reads and writes the
 * alert and alert_sink tables (docs/schema.md); alert_run.c moves each
 * alert through its states (docs/alerts.md) and decides, per sink, what
 * to send: the start, a change of severity, the resolve once the
 * condition stayed clear [alert] resolve_min, a repeat every
 * repeat_hours, and to Alertmanager every run while firing.
 */
#ifndef PW_ALERT_H
#define PW_ALERT_H

#include <sqlite3.h>
#include <stdint.h>

#include "config.h"
#include "findings.h"
#include "load.h"
#include "source.h"
#include "status.h"

#define ALERT_EVIDENCE_MAX 384
#define ALERT_MAX          512  /* alerts of a host kept in memory at most */
#define ALERT_OBS_MAX      4096 /* verdicts of one run at most */

/* A rule's verdict now, on the host or one device. */
struct alert_obs {
	struct findings_rule fr;
	char device[LOAD_NAME_MAX]; /* "" host-wide */
	enum severity sev;          /* SEV_OK: clear */
	double value;               /* the latest value */
	double threshold;
	int64_t start; /* the run's start */
	char evidence[ALERT_EVIDENCE_MAX];
};

/*
 * Every rule's verdict at now over the window, for the host and each
 * device with samples, in *out (malloc'd, the caller frees), *n of them.  A rule looks back [alert] window_min, or
 * its own sustained minutes when longer.  PW_ENOTFOUND (not logged) when
 * the host has no sample in that time.
 */
enum pw_status alert_evaluate(struct source *src, const struct config *cfg,
			      int64_t now, struct alert_obs **out, size_t *n);

/* One row of the alert table. */
struct alert_row {
	int64_t id; /* 0: not stored yet */
	char rule[64];
	char device[LOAD_NAME_MAX];
	enum severity sev;
	int firing;
	int64_t since, ended, clear_since, updated;
	double last_value, threshold;
	char evidence[ALERT_EVIDENCE_MAX];
	int changed;            /* its state or severity changed this run */
	enum severity prev_sev; /* before the change */
};

/* One row of the alert_sink table. */
struct alert_sink_row {
	int found; /* read from the table */
	char state[16], severity[16];
	int64_t since, last_notified;
	int attempts;
};

/* alert_state.c: the host's alerts into rows (at most max), *n of them. */
enum pw_status alert_state_load(sqlite3 *db, int64_t host_id,
				struct alert_row *rows, size_t max, size_t *n);

/* Insert or update each row (ids of new rows filled in). */
enum pw_status alert_state_save(sqlite3 *db, int64_t host_id,
				struct alert_row *rows, size_t n);

/* What sink was told about alert id (found 0 when nothing). */
enum pw_status alert_sink_load(sqlite3 *db, int64_t id, const char *sink,
			       struct alert_sink_row *out);

/*
 * After a send: told the row's state (ok), or not (why, kept in
 * last_error, pending stays 1).  pending is 1 for a row that has been
 * changed and 0 once told.
 */
enum pw_status
alert_sink_save(sqlite3 *db, const struct alert_row *row, const char *sink,
		int ok, const char *why, int64_t now);

/* What one run does: with dry_run, print what would be sent, change nothing. */
struct alert_run_opts {
	int64_t now;
	int dry_run;
};

/*
 * Evaluate, update the state, notify.  PW_OK; PW_EPARTIAL when a sink
 * failed (each failure logged as one line naming the sink), or the host
 * had no data in the window; other statuses for failures.
 */
enum pw_status alert_run(sqlite3 *db, const struct config *cfg,
			 const struct alert_run_opts *o);

#endif
