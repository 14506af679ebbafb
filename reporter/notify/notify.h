/*
 * notify.h - the sinks alerts are sent to: one [notify "NAME"] section
 * each (config.h's struct notify_sink), a generic JSON webhook, Prometheus
 * Alertmanager, Slack, Microsoft Teams (Workflows) or mail.
 *
 * A notification is a plain struct notify_event; notify_payload() turns it
 * into the sink's JSON (cJSON; docs/alerts.md documents each payload and
 * its version), notify_send() POSTs it with libcurl under a total deadline
 * (common/net).  The sink's URL is a secret, read by notify_url() from its
 * 0600 file or environment variable just before sending, and never
 * logged, stored or put into a message.  This part knows nothing of the
 * alert state: it sends what it is given.
 */
#ifndef PW_NOTIFY_H
#define PW_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "status.h"

/* The version of the generic webhook's payload (docs/alerts.md). */
#define NOTIFY_WEBHOOK_VERSION "perfweek.alert/1"

/* A notification: one alert's change of state, or its repeat. */
struct notify_event {
	const char *host;
	const char *rule;              /* disk_util */
	const char *title;             /* Disk busy */
	const char *device;            /* "" host-wide */
	const char *metric;            /* disk.util_pct */
	const char *unit;              /* "%" */
	const char *severity;          /* WARNING or CRITICAL */
	const char *previous_severity; /* on a change of severity, else NULL */
	const char *state;             /* firing or resolved */
	const char *reason; /* start, severity, repeat, resolve, resend */
	int64_t since;      /* the alert's start */
	int64_t ended;      /* resolved: when it ended; else 0 */
	int64_t now;        /* the run's time */
	int64_t ends_at;    /* Alertmanager's endsAt while firing */
	double value;       /* the last value seen */
	double threshold;   /* the threshold crossed */
	const char *evidence;
	const char *recommendation;
};

/* The version of the weekly summary's webhook payload (docs/alerts.md). */
#define NOTIFY_SUMMARY_VERSION "perfweek.report/1"

#define NOTIFY_SUMMARY_TOP 3

/*
 * The weekly report's summary, for [report] notify: its status, the
 * findings counted by severity, the worst three, and where the report's
 * files are.
 */
struct notify_summary {
	const char *host;
	const char *period; /* 2026-W45 */
	const char *status; /* OK, WARNING, CRITICAL, INCOMPLETE, NO DATA */
	const char *reason; /* why the status, or NULL */
	int64_t start, end; /* the period, end exclusive */
	int64_t generated;  /* the report's time */
	int critical, warning, info;
	struct {
		const char *severity, *title, *evidence;
	} top[NOTIFY_SUMMARY_TOP];
	size_t ntop;
	const char *pdf;   /* the PDF's path, or "" */
	const char *files; /* every file written, one per line, or "" */
};

/* "webhook", "alertmanager", "slack", "teams" or "mail". */
const char *notify_type_name(int type);

/*
 * The JSON body of ev for a sink of type (enum notify_type), malloc'd,
 * freed by the caller; NULL when out of memory (logged).  For mail, the
 * message text.
 */
char *notify_payload(int type, const struct notify_event *ev);

/* The subject line of ev for mail, into buf. */
void notify_subject(const struct notify_event *ev, char *buf, size_t n);

/*
 * The URL of sink s into buf: url, else the secret in url_env or url_file.
 * PW_ECONFIG with the reason in why when it cannot be read (secret.c has
 * then logged what is wrong with the file) or is not an http:// or
 * https:// URL.  Wipe buf after use.
 */
enum pw_status notify_url(const struct notify_sink *s, char *buf, size_t n,
			  char *why, size_t whysz);

/*
 * POST body (JSON) to url for sink s within its timeout_s in all.  PW_OK
 * when the sink took it (2xx; Slack's also answering "ok"); else
 * PW_ERR with the reason in why ("HTTP 500", "HTTP 429, retry after
 * 30 s", "timeout after 5 s", "cannot resolve host"), never the URL.
 */
enum pw_status notify_post(const struct notify_sink *s, const char *url,
			   const char *body, char *why, size_t whysz);

/*
 * Send ev to s: its payload by HTTP, or by mail through [mail] (cfg).
 * PW_OK, or PW_ERR with the reason in why (not logged).
 */
enum pw_status
notify_send(const struct config *cfg, const struct notify_sink *s,
	    const struct notify_event *ev, char *why, size_t whysz);

/*
 * The summary's payload for a sink of type (not Alertmanager: the
 * configuration refuses it), malloc'd; NULL when out of memory (logged).
 */
char *notify_summary_payload(int type, const struct notify_summary *sum);

/* Send the weekly summary to s, as notify_send() sends an event. */
enum pw_status
notify_send_summary(const struct config *cfg, const struct notify_sink *s,
		    const struct notify_summary *sum, char *why, size_t whysz);

#endif
