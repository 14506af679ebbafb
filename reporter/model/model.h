/*
 * model.h - the report model as plain C structs.
 *
 * The model is what a report says about one host's period: built once by
 * the model stage from the source's data, the aggregates and the findings,
 * and read by every renderer: the JSON (render/json, the form documented
 * field by field in docs/report-json.md), the Mustache view of the text
 * report and the PDF.  No renderer reads JSON back: a field renamed here
 * is a compile error in every reader, not a blank in a report.
 *
 * Conventions, those of docs/report-json.md:
 * - A number that may be unknown is a double, NAN for null.  Numbers are
 *   stored rounded as the JSON gives them (stats_round, stats.h), so
 *   that every renderer shows the same figure.
 * - A string is owned by the model (its arena, common/arena.h), NULL for
 *   null.
 * - A time is a struct model_time: Unix seconds and the local text in
 *   the report's time zone; ts 0 is null.
 * - Arrays are a pointer and a count, owned by the model.
 * The model holds no wall-clock time of its own.
 *
 * These are types only.  The stages below the model (aggregate, findings)
 * fill the parts they compute, with common/arena.h and period.h, and call
 * nothing of the model stage; model_build() (model_build.h) assembles
 * them.
 */
#ifndef PW_MODEL_H
#define PW_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "load.h"
#include "period.h"
#include "status.h"

#define MODEL_SCHEMA "perfweek-report/1"
#define MODEL_WEEKS  4 /* earlier weeks compared with */
#define MODEL_TOP    3 /* summary.top_findings */

struct model_time {
	int64_t ts;                      /* 0: null */
	char text[PERIOD_TIME_TEXT_MAX]; /* "Tue 2026-11-10 10:01 CET"; "" */
};

/* A window of time, as in findings' when, gaps, outages and episodes. */
struct model_window {
	struct model_time start, end;
	double minutes;
};

struct model_period {
	const char *label;    /* 2026-W47 */
	const char *timezone; /* IANA name */
	struct model_time start, end;
	double hours;
	const char *dst_note; /* NULL */
};

struct model_gap {
	struct model_window w;
	double missed;
};

struct model_reboot {
	struct model_time booted, first_snapshot;
};

struct model_coverage {
	double interval_s, expected, stored, pct;
	struct model_gap *gaps; /* at most COVERAGE_MAX_GAPS */
	size_t ngaps;
	struct model_reboot *reboots;
	size_t nreboots;
	double gap_count, gap_minutes; /* all gaps */
	const char *warning;           /* NULL */
	double min_pct;
	struct model_time last_snapshot;
};

enum severity {
	SEV_OK = 0,
	SEV_INFO,
	SEV_WARNING,
	SEV_CRITICAL
};

struct model_episode {
	struct model_window w;
	double peak;
};

struct model_finding {
	const char *rule; /* cpu_busy, ..., collector */
	enum severity severity;
	const char *resource;
	const char *device; /* NULL: host-wide */
	const char *metric;
	const char *title;
	const char *evidence;
	struct model_window when;
	const char *recommendation;
	int sustained; /* has episodes, episode_count, episode_minutes */
	struct model_episode *episodes; /* at most FINDING_EPISODES_MAX */
	size_t nepisodes;
	double episode_count, episode_minutes;
};

struct model_summary {
	const char *status; /* NO DATA, INCOMPLETE, OK, WARNING, CRITICAL */
	const char *status_reason;   /* NULL */
	const char *findings_status; /* NULL */
	size_t top[MODEL_TOP];       /* indexes into model.findings */
	size_t ntop;
	double critical, warning, info;
	double open_incidents;          /* NAN */
	double health_availability_pct; /* NAN */
};

struct model_metric {
	const char *id, *label, *unit;
	double samples;
	double avg, min, p50, p90, p95, p99, max;
	struct model_time max_at;
	double warn, crit;
	double minutes_above_warn, minutes_above_crit;
	double busiest_hour;     /* NAN */
	const char *busiest_day; /* NULL */
	double prev_avg, change_pct;
	double change_4w_pct, change_4w_weeks;
	const char *change_reason, *change_4w_reason; /* NULL */
};

struct model_device {
	const char *name;
	const char *label; /* NULL */
	struct model_metric *metrics;
	size_t nmetrics;
	const struct dev_data *data; /* its series, in model.data */
};

struct model_section {
	const char *id, *title;
	int per_device; /* devices, not metrics */
	struct model_metric *metrics;
	size_t nmetrics;
	struct model_device *devices;
	size_t ndevices;
};

struct model_cpu_capacity {
	double cpus, p95_busy_pct, erlang_c, wait_ratio, headroom_pct;
};

struct model_disk_capacity {
	const char *name;
	double p95_util_pct, stretch, headroom_pct;
};

struct model_service {
	const char *service;
	double requests_per_s, response_time_s, concurrency;
};

struct model_capacity {
	double target_util_pct;
	int has_cpu; /* cpu is null without */
	struct model_cpu_capacity cpu;
	struct model_disk_capacity *disks;
	size_t ndisks;
	struct model_service *services;
	size_t nservices;
};

struct model_week {
	const char *label;
	double coverage_pct;
	int used;
};

struct model_comparison {
	double min_coverage_pct;
	struct model_week weeks[MODEL_WEEKS];
	size_t nweeks;
	double weeks_used;
	const char *last_week_reason, *four_weeks_reason; /* NULL */
};

struct model_count {
	const char *name; /* a priority or a state */
	double count;
};

struct model_incident {
	const char *number, *short_description, *priority, *state;
	struct model_time opened;
	const char *assignment_group, *cmdb_ci; /* "" when none */
};

struct model_incidents {
	const char *status; /* ok, unavailable, not_configured */
	const char *reason; /* NULL */
	struct model_time fetched;
	int demo;
	double open_total, opened_in_period, resolved_in_period;
	double mttr_hours; /* NAN */
	struct model_count *by_priority;
	size_t nby_priority;
	struct model_count *by_state;
	size_t nby_state;
	struct model_incident *open;
	size_t nopen;
	double open_more;
};

struct model_outage {
	struct model_window w;
	int ongoing;
};

struct model_live {
	int ok;
	double status; /* HTTP status, NAN */
	double total_ms;
	const char *error; /* NULL */
};

struct model_check {
	const char *name, *url;
	double samples, failures, slo_pct;
	double availability_pct, error_budget_spent_pct;
	double latency_p50_ms, latency_p95_ms, latency_p99_ms;
	double phase_dns_ms, phase_connect_ms, phase_tls_ms;
	double phase_first_byte_ms, phase_total_ms;
	struct model_outage *outages;
	size_t noutages;
	double cert_days_left;
	struct model_time cert_expires;
	const char *cert_status; /* NULL */
	int has_live;            /* live is null without */
	struct model_live live;
};

struct model_health {
	const char *status; /* ok, not_configured */
	double slo_pct;
	double samples, failures;
	double availability_pct;
	struct model_check *checks;
	size_t nchecks;
};

struct model {
	const char *host;
	struct model_period period;
	struct model_time generated;
	const char *simulated; /* NULL */
	const char *source;    /* snapshots, hourly rollups */
	struct model_coverage coverage;
	struct model_summary summary;
	struct model_finding *findings; /* worst first */
	size_t nfindings;
	struct model_section *resources;
	size_t nresources;
	struct model_capacity capacity;
	struct model_comparison comparison;
	struct model_incidents incidents;
	struct model_health health;
	const char **notes;
	size_t nnotes;

	/*
	 * The period's series, for the renderers that draw them (the PDF's
	 * charts); owned.  The time zone the local times are in, borrowed
	 * from the caller, who keeps it while the model lives.
	 */
	struct dataset data;
	const struct period_tz *tz;

	struct arena arena; /* every string and array above */
};

/* "CRITICAL", "WARNING", "INFO" or "OK". */
const char *model_severity_name(enum severity s);

/*
 * When a finding holds, as the reports say it: "START to END (N min)"
 * for a window with minutes beyond a threshold, "START to END" for one
 * without (a whole week under-used), "END" for an instant (a
 * certificate's check), "" for none.
 */
void model_window_text(const struct model_window *w, char *buf, size_t n);

/* Free everything the model owns; the struct is then all zeroes. */
void model_free(struct model *m);

#endif
