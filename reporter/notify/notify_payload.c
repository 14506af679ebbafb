/*
 * notify_payload.c - the JSON each kind of sink is sent, built with cJSON
 * from a struct notify_event: the generic webhook's versioned object,
 * Alertmanager's array of alerts (API v2), Slack's text and blocks, and
 * the Teams Workflows envelope around an Adaptive Card 1.4.  Pure: no
 * clock, no network; docs/alerts.md documents every field.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "log.h"
#include "notify.h"
#include "notify_int.h"

const char *
notify_type_name(int type)
{
	static const char *const names[] = { "none",  "webhook", "alertmanager",
					     "slack", "teams",   "mail" };

	return type >= 0 && type <= NOTIFY_MAIL ? names[type] : "none";
}

static int
firing(const struct notify_event *ev)
{
	return strcmp(ev->state, "firing") == 0;
}

/* A payload's colour: 0 resolved, 1 warning, 2 critical. */
static int
tone(const struct notify_event *ev)
{
	if (!firing(ev))
		return 0;
	return strcmp(ev->severity, "CRITICAL") == 0 ? 2 : 1;
}

/* "CRITICAL Disk busy on web1 (sda)", or "RESOLVED ..." */
static void
headline(const struct notify_event *ev, char *buf, size_t n)
{
	snprintf(buf, n, "%s %s on %s%s%s%s",
		 firing(ev) ? ev->severity : "RESOLVED", ev->title, ev->host,
		 ev->device[0] ? " (" : "", ev->device,
		 ev->device[0] ? ")" : "");
}

static void
add_num(cJSON *o, const char *key, double v)
{
	if (isfinite(v))
		cJSON_AddNumberToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

/* The generic webhook: one object, NOTIFY_WEBHOOK_VERSION. */
static cJSON *
payload_webhook(const struct notify_event *ev)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "version", NOTIFY_WEBHOOK_VERSION);
	cJSON_AddStringToObject(o, "host", ev->host);
	cJSON_AddStringToObject(o, "rule", ev->rule);
	cJSON_AddStringToObject(o, "title", ev->title);
	cJSON_AddStringToObject(o, "device", ev->device);
	cJSON_AddStringToObject(o, "metric", ev->metric);
	cJSON_AddStringToObject(o, "unit", ev->unit);
	cJSON_AddStringToObject(o, "state", ev->state);
	cJSON_AddStringToObject(o, "reason", ev->reason);
	cJSON_AddStringToObject(o, "severity", ev->severity);
	if (ev->previous_severity)
		cJSON_AddStringToObject(o, "previous_severity",
					ev->previous_severity);
	else
		cJSON_AddNullToObject(o, "previous_severity");
	notify_add_time(o, "since", ev->since);
	notify_add_time(o, "ended", ev->ended);
	notify_add_time(o, "sent", ev->now);
	add_num(o, "value", ev->value);
	add_num(o, "threshold", ev->threshold);
	cJSON_AddStringToObject(o, "evidence", ev->evidence);
	cJSON_AddStringToObject(o, "recommendation", ev->recommendation);
	return o;
}

/* One Alertmanager alert of ev at severity sev, ending at ends. */
static cJSON *
am_alert(const struct notify_event *ev, const char *sev, int64_t ends)
{
	cJSON *a = cJSON_CreateObject(), *l, *an;
	char name[128], lower[16], sum[512];
	size_t i;

	snprintf(name, sizeof(name), "perfweek_%s", ev->rule);
	for (i = 0; sev[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)sev[i]);
	lower[i] = '\0';
	l = cJSON_AddObjectToObject(a, "labels");
	cJSON_AddStringToObject(l, "alertname", name);
	cJSON_AddStringToObject(l, "host", ev->host);
	cJSON_AddStringToObject(l, "device", ev->device);
	cJSON_AddStringToObject(l, "severity", lower);
	cJSON_AddStringToObject(l, "rule", ev->rule);
	an = cJSON_AddObjectToObject(a, "annotations");
	snprintf(sum, sizeof(sum), "%s on %s%s%s%s", ev->title, ev->host,
		 ev->device[0] ? " (" : "", ev->device,
		 ev->device[0] ? ")" : "");
	cJSON_AddStringToObject(an, "summary", sum);
	cJSON_AddStringToObject(an, "description", ev->evidence);
	cJSON_AddStringToObject(an, "runbook", ev->recommendation);
	notify_add_time(a, "startsAt", ev->since);
	notify_add_time(a, "endsAt", ends);
	return a;
}

/*
 * POST /api/v2/alerts: the alert, with endsAt in the future while firing
 * (ends_at) and its end once resolved; on a change of severity also the
 * alert at the previous severity, ended now, since severity is a label.
 */
static cJSON *
payload_alertmanager(const struct notify_event *ev)
{
	cJSON *arr = cJSON_CreateArray();

	cJSON_AddItemToArray(arr,
			     am_alert(ev, ev->severity,
				      firing(ev) ? ev->ends_at : ev->ended));
	if (ev->previous_severity)
		cJSON_AddItemToArray(
			arr, am_alert(ev, ev->previous_severity, ev->now));
	return arr;
}

/* Slack: text (the fallback), blocks, and the colour in an attachment. */
static cJSON *
payload_slack(const struct notify_event *ev)
{
	cJSON *o = cJSON_CreateObject(), *blocks;
	char head[512], when[96], since[32];

	headline(ev, head, sizeof(head));
	notify_rfc3339(ev->since, since, sizeof(since));
	if (ev->ended > 0) {
		char end[32];

		notify_rfc3339(ev->ended, end, sizeof(end));
		snprintf(when, sizeof(when), "%s to %s", since, end);
	} else {
		snprintf(when, sizeof(when), "since %s", since);
	}
	blocks = notify_slack_head(
		o, head,
		(const struct notify_fact[]){ { "Host", ev->host },
					      { "Rule", ev->rule },
					      { "Severity", ev->severity },
					      { "When", when } },
		4);
	cJSON_AddItemToArray(
		blocks, notify_slack_block("section", "mrkdwn", ev->evidence));
	cJSON_AddItemToArray(
		blocks,
		notify_slack_block("section", "mrkdwn", ev->recommendation));
	notify_slack_colour(o, tone(ev), head);
	return o;
}

/* Teams Workflows: a message whose attachment is an Adaptive Card 1.4. */
static cJSON *
payload_teams(const struct notify_event *ev)
{
	cJSON *body, *o = notify_teams_card(&body);
	char head[512], since[32];

	headline(ev, head, sizeof(head));
	notify_rfc3339(ev->since, since, sizeof(since));
	notify_teams_head(
		body, head, tone(ev),
		(const struct notify_fact[]){ { "Host", ev->host },
					      { "Rule", ev->rule },
					      { "Severity", ev->severity },
					      { "Since", since } },
		4);
	cJSON_AddItemToArray(body, notify_teams_text(ev->evidence, NULL, NULL));
	cJSON_AddItemToArray(body,
			     notify_teams_text(ev->recommendation, NULL, NULL));
	return o;
}

void
notify_subject(const struct notify_event *ev, char *buf, size_t n)
{
	headline(ev, buf, n);
}

/* The mail's text: the headline, then one line per fact. */
static char *
payload_mail(const struct notify_event *ev)
{
	char head[512], since[32], ended[32];
	char *out = NULL;

	headline(ev, head, sizeof(head));
	notify_rfc3339(ev->since, since, sizeof(since));
	if (ev->ended > 0)
		notify_rfc3339(ev->ended, ended, sizeof(ended));
	else
		snprintf(ended, sizeof(ended), "-");
	if (asprintf(
		    &out,
		    "%s\n\nhost:     %s\nrule:     %s\ndevice:   %s\nseverity: %s\nstate:    %s\nsince:    %s\nended:    %s\n\n%s\n\n%s\n",
		    head, ev->host, ev->rule, ev->device[0] ? ev->device : "-",
		    ev->severity, ev->state, since, ended, ev->evidence,
		    ev->recommendation) < 0)
		out = NULL;
	return out;
}

char *
notify_payload(int type, const struct notify_event *ev)
{
	cJSON *root = NULL;
	char *out;

	if (type == NOTIFY_MAIL)
		out = payload_mail(ev);
	else {
		if (type == NOTIFY_ALERTMANAGER)
			root = payload_alertmanager(ev);
		else if (type == NOTIFY_SLACK)
			root = payload_slack(ev);
		else if (type == NOTIFY_TEAMS)
			root = payload_teams(ev);
		else
			root = payload_webhook(ev);
		out = root ? cJSON_PrintUnformatted(root) : NULL;
		cJSON_Delete(root);
	}
	if (!out)
		log_err("cannot build the notification: out of memory");
	return out;
}
