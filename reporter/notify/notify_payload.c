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

const char *
notify_type_name(int type)
{
	static const char *const names[] = { "none",  "webhook", "alertmanager",
					     "slack", "teams",   "mail" };

	return type >= 0 && type <= NOTIFY_MAIL ? names[type] : "none";
}

/* RFC 3339 UTC: 2026-11-10T14:00:00Z */
static void
rfc3339(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, n, "1970-01-01T00:00:00Z");
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
add_time(cJSON *o, const char *key, int64_t t)
{
	char ts[32];

	if (t <= 0) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	rfc3339(t, ts, sizeof(ts));
	cJSON_AddStringToObject(o, key, ts);
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
	add_time(o, "since", ev->since);
	add_time(o, "ended", ev->ended);
	add_time(o, "sent", ev->now);
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
	add_time(a, "startsAt", ev->since);
	add_time(a, "endsAt", ends);
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

static void
slack_field(cJSON *fields, const char *name, const char *value)
{
	cJSON *f = cJSON_CreateObject();
	char buf[1024];

	snprintf(buf, sizeof(buf), "*%s*\n%s", name, value);
	cJSON_AddStringToObject(f, "type", "mrkdwn");
	cJSON_AddStringToObject(f, "text", buf);
	cJSON_AddItemToArray(fields, f);
}

static cJSON *
slack_text_block(const char *type, const char *text_type, const char *text)
{
	cJSON *b = cJSON_CreateObject(), *t;

	cJSON_AddStringToObject(b, "type", type);
	t = cJSON_AddObjectToObject(b, "text");
	cJSON_AddStringToObject(t, "type", text_type);
	cJSON_AddStringToObject(t, "text", text);
	return b;
}

/* Slack: text (the fallback), blocks, and the colour in an attachment. */
static cJSON *
payload_slack(const struct notify_event *ev)
{
	cJSON *o = cJSON_CreateObject(), *blocks, *sec, *fields, *att, *a;
	char head[512], when[96], since[32];

	headline(ev, head, sizeof(head));
	rfc3339(ev->since, since, sizeof(since));
	if (ev->ended > 0) {
		char end[32];

		rfc3339(ev->ended, end, sizeof(end));
		snprintf(when, sizeof(when), "%s to %s", since, end);
	} else {
		snprintf(when, sizeof(when), "since %s", since);
	}
	cJSON_AddStringToObject(o, "text", head);
	blocks = cJSON_AddArrayToObject(o, "blocks");
	cJSON_AddItemToArray(blocks,
			     slack_text_block("header", "plain_text", head));
	sec = cJSON_CreateObject();
	cJSON_AddStringToObject(sec, "type", "section");
	fields = cJSON_AddArrayToObject(sec, "fields");
	slack_field(fields, "Host", ev->host);
	slack_field(fields, "Rule", ev->rule);
	slack_field(fields, "Severity", ev->severity);
	slack_field(fields, "When", when);
	cJSON_AddItemToArray(blocks, sec);
	cJSON_AddItemToArray(
		blocks, slack_text_block("section", "mrkdwn", ev->evidence));
	cJSON_AddItemToArray(
		blocks,
		slack_text_block("section", "mrkdwn", ev->recommendation));
	att = cJSON_AddArrayToObject(o, "attachments");
	a = cJSON_CreateObject();
	cJSON_AddStringToObject(
		a, "color",
		(const char *[]){ "#2eb67d", "#ecb22e", "#e01e5a" }[tone(ev)]);
	cJSON_AddStringToObject(a, "fallback", head);
	cJSON_AddItemToArray(att, a);
	return o;
}

static void
teams_fact(cJSON *facts, const char *title, const char *value)
{
	cJSON *f = cJSON_CreateObject();

	cJSON_AddStringToObject(f, "title", title);
	cJSON_AddStringToObject(f, "value", value);
	cJSON_AddItemToArray(facts, f);
}

static cJSON *
teams_text(const char *text, const char *weight, const char *color)
{
	cJSON *t = cJSON_CreateObject();

	cJSON_AddStringToObject(t, "type", "TextBlock");
	cJSON_AddStringToObject(t, "text", text);
	cJSON_AddBoolToObject(t, "wrap", 1);
	if (weight)
		cJSON_AddStringToObject(t, "weight", weight);
	if (color)
		cJSON_AddStringToObject(t, "color", color);
	return t;
}

/* Teams Workflows: a message whose attachment is an Adaptive Card 1.4. */
static cJSON *
payload_teams(const struct notify_event *ev)
{
	cJSON *o = cJSON_CreateObject(), *att, *a, *card, *body, *fs, *facts;
	char head[512], since[32];

	headline(ev, head, sizeof(head));
	rfc3339(ev->since, since, sizeof(since));
	cJSON_AddStringToObject(o, "type", "message");
	att = cJSON_AddArrayToObject(o, "attachments");
	a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "contentType",
				"application/vnd.microsoft.card.adaptive");
	cJSON_AddNullToObject(a, "contentUrl");
	card = cJSON_AddObjectToObject(a, "content");
	cJSON_AddStringToObject(
		card, "$schema",
		"http://adaptivecards.io/schemas/adaptive-card.json");
	cJSON_AddStringToObject(card, "type", "AdaptiveCard");
	cJSON_AddStringToObject(card, "version", "1.4");
	body = cJSON_AddArrayToObject(card, "body");
	cJSON_AddItemToArray(
		body,
		teams_text(head, "Bolder",
			   (const char *[]){ "Good", "Warning",
					     "Attention" }[tone(ev)]));
	fs = cJSON_CreateObject();
	cJSON_AddStringToObject(fs, "type", "FactSet");
	facts = cJSON_AddArrayToObject(fs, "facts");
	teams_fact(facts, "Host", ev->host);
	teams_fact(facts, "Rule", ev->rule);
	teams_fact(facts, "Severity", ev->severity);
	teams_fact(facts, "Since", since);
	cJSON_AddItemToArray(body, fs);
	cJSON_AddItemToArray(body, teams_text(ev->evidence, NULL, NULL));
	cJSON_AddItemToArray(body, teams_text(ev->recommendation, NULL, NULL));
	cJSON_AddItemToArray(att, a);
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
	rfc3339(ev->since, since, sizeof(since));
	if (ev->ended > 0)
		rfc3339(ev->ended, ended, sizeof(ended));
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
