/*
 * notify_json.c - the pieces of JSON the sinks' payloads share, for the
 * alerts (notify_payload.c) and the weekly summary (notify_summary.c):
 * times, Slack's blocks and colours, Teams' Adaptive Card.
 */
#include <stdio.h>
#include <time.h>

#include <cJSON.h>

#include "notify_int.h"

/* RFC 3339 UTC: 2026-11-10T14:00:00Z */
void
notify_rfc3339(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, n, "1970-01-01T00:00:00Z");
}

void
notify_add_time(cJSON *o, const char *key, int64_t t)
{
	char ts[32];

	if (t <= 0) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	notify_rfc3339(t, ts, sizeof(ts));
	cJSON_AddStringToObject(o, key, ts);
}

void
notify_slack_field(cJSON *fields, const char *name, const char *value)
{
	cJSON *f = cJSON_CreateObject();
	char buf[1024];

	snprintf(buf, sizeof(buf), "*%s*\n%s", name, value);
	cJSON_AddStringToObject(f, "type", "mrkdwn");
	cJSON_AddStringToObject(f, "text", buf);
	cJSON_AddItemToArray(fields, f);
}

cJSON *
notify_slack_head(cJSON *o, const char *head, const struct notify_fact *f,
		  size_t n)
{
	cJSON *blocks, *sec, *fields;
	size_t i;

	cJSON_AddStringToObject(o, "text", head);
	blocks = cJSON_AddArrayToObject(o, "blocks");
	cJSON_AddItemToArray(blocks,
			     notify_slack_block("header", "plain_text", head));
	sec = cJSON_CreateObject();
	cJSON_AddStringToObject(sec, "type", "section");
	fields = cJSON_AddArrayToObject(sec, "fields");
	for (i = 0; i < n; i++)
		notify_slack_field(fields, f[i].name, f[i].value);
	cJSON_AddItemToArray(blocks, sec);
	return blocks;
}

void
notify_teams_head(cJSON *body, const char *head, int tone,
		  const struct notify_fact *f, size_t n)
{
	cJSON *fs = cJSON_CreateObject(), *facts;
	size_t i;

	cJSON_AddItemToArray(
		body,
		notify_teams_text(head, "Bolder", notify_teams_colour(tone)));
	cJSON_AddStringToObject(fs, "type", "FactSet");
	facts = cJSON_AddArrayToObject(fs, "facts");
	for (i = 0; i < n; i++)
		notify_teams_fact(facts, f[i].name, f[i].value);
	cJSON_AddItemToArray(body, fs);
}

cJSON *
notify_slack_block(const char *type, const char *text_type, const char *text)
{
	cJSON *b = cJSON_CreateObject(), *t;

	cJSON_AddStringToObject(b, "type", type);
	t = cJSON_AddObjectToObject(b, "text");
	cJSON_AddStringToObject(t, "type", text_type);
	cJSON_AddStringToObject(t, "text", text);
	return b;
}

void
notify_slack_colour(cJSON *o, int tone, const char *fallback)
{
	cJSON *att = cJSON_AddArrayToObject(o, "attachments");
	cJSON *a = cJSON_CreateObject();

	cJSON_AddStringToObject(
		a, "color",
		(const char *[]){ "#2eb67d", "#ecb22e", "#e01e5a" }[tone]);
	cJSON_AddStringToObject(a, "fallback", fallback);
	cJSON_AddItemToArray(att, a);
}

void
notify_teams_fact(cJSON *facts, const char *title, const char *value)
{
	cJSON *f = cJSON_CreateObject();

	cJSON_AddStringToObject(f, "title", title);
	cJSON_AddStringToObject(f, "value", value);
	cJSON_AddItemToArray(facts, f);
}

cJSON *
notify_teams_text(const char *text, const char *weight, const char *color)
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

const char *
notify_teams_colour(int tone)
{
	return (const char *[]){ "Good", "Warning", "Attention" }[tone];
}

cJSON *
notify_teams_card(cJSON **body)
{
	cJSON *o = cJSON_CreateObject(), *att, *a, *card;

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
	*body = cJSON_AddArrayToObject(card, "body");
	cJSON_AddItemToArray(att, a);
	return o;
}
