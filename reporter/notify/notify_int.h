/*
 * notify_int.h - what the payloads of alerts (notify_payload.c) and of
 * the weekly summary (notify_summary.c) build their JSON from.
 */
#ifndef PW_NOTIFY_INT_H
#define PW_NOTIFY_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

/* RFC 3339 UTC: 2026-11-10T14:00:00Z */
void notify_rfc3339(int64_t t, char *buf, size_t n);

/* A time as RFC 3339 under key, or null when t <= 0. */
void notify_add_time(cJSON *o, const char *key, int64_t t);

/* A name and its value, as Slack's fields and Teams' facts show them. */
struct notify_fact {
	const char *name, *value;
};

/*
 * Slack: text (the fallback, head) and blocks holding the header head and
 * a section of the n facts f; the blocks, for the caller's sections.
 */
cJSON *notify_slack_head(cJSON *o, const char *head,
			 const struct notify_fact *f, size_t n);

/* Teams: into body, head in bold in the colour of tone, and a FactSet. */
void notify_teams_head(cJSON *body, const char *head, int tone,
		       const struct notify_fact *f, size_t n);

/* Slack: a block of type with a text object of text_type. */
cJSON *
notify_slack_block(const char *type, const char *text_type, const char *text);

/* Slack: "*name*\nvalue" as one mrkdwn field of fields. */
void notify_slack_field(cJSON *fields, const char *name, const char *value);

/* Slack's attachment colour of tone 0 (good), 1 (warning), 2 (critical). */
void notify_slack_colour(cJSON *o, int tone, const char *fallback);

/* Teams: a wrapped TextBlock, with weight and colour when not NULL. */
cJSON *
notify_teams_text(const char *text, const char *weight, const char *color);
void notify_teams_fact(cJSON *facts, const char *title, const char *value);

/*
 * Teams Workflows: the message around an Adaptive Card 1.4; *body is the
 * card's body array to fill.
 */
cJSON *notify_teams_card(cJSON **body);

/* Teams' colour of tone 0, 1, 2: Good, Warning, Attention. */
const char *notify_teams_colour(int tone);

#endif
