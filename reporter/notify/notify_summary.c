/*
 * notify_summary.c - the weekly report's summary as each sink takes it
 * ([report] notify): the generic webhook's versioned object
 * (NOTIFY_SUMMARY_VERSION), Slack's text and blocks, a Teams Adaptive
 * Card, or a mail's text.  Pure, as notify_payload.c; docs/alerts.md
 * documents every field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "log.h"
#include "notify.h"
#include "notify_int.h"

/* 0 OK, 2 CRITICAL, 1 for the rest (WARNING, INCOMPLETE, NO DATA). */
static int
summary_tone(const struct notify_summary *sum)
{
	if (strcmp(sum->status, "OK") == 0)
		return 0;
	return strcmp(sum->status, "CRITICAL") == 0 ? 2 : 1;
}

/* "WARNING: web1, 2026-W45 (0 critical, 2 warnings)" */
static void
summary_headline(const struct notify_summary *sum, char *buf, size_t n)
{
	snprintf(buf, n, "%s: %s, %s (%d critical, %d warning%s)", sum->status,
		 sum->host, sum->period, sum->critical, sum->warning,
		 sum->warning == 1 ? "" : "s");
}

/*
 * The headline, the counts and the facts Slack and Teams show: host,
 * period, status, findings, and the PDF (the fifth, when there is one).
 */
static void
summary_head(const struct notify_summary *sum, char *head, size_t hn,
	     char *counts, size_t cn, struct notify_fact facts[5])
{
	summary_headline(sum, head, hn);
	snprintf(counts, cn, "%d critical, %d warning, %d info", sum->critical,
		 sum->warning, sum->info);
	facts[0] = (struct notify_fact){ "Host", sum->host };
	facts[1] = (struct notify_fact){ "Period", sum->period };
	facts[2] = (struct notify_fact){ "Status", sum->status };
	facts[3] = (struct notify_fact){ "Findings", counts };
	facts[4] = (struct notify_fact){ "PDF", sum->pdf };
}

/* "CRITICAL Disk busy: sda at 97 % ..." */
static void
top_line(const struct notify_summary *sum, size_t i, char *buf, size_t n)
{
	snprintf(buf, n, "%s %s: %s", sum->top[i].severity, sum->top[i].title,
		 sum->top[i].evidence);
}

static cJSON *
summary_webhook(const struct notify_summary *sum)
{
	cJSON *o = cJSON_CreateObject(), *f, *top, *files;
	const char *p, *nl;
	size_t i;

	cJSON_AddStringToObject(o, "version", NOTIFY_SUMMARY_VERSION);
	cJSON_AddStringToObject(o, "host", sum->host);
	cJSON_AddStringToObject(o, "period", sum->period);
	notify_add_time(o, "start", sum->start);
	notify_add_time(o, "end", sum->end);
	notify_add_time(o, "generated", sum->generated);
	cJSON_AddStringToObject(o, "status", sum->status);
	if (sum->reason)
		cJSON_AddStringToObject(o, "reason", sum->reason);
	else
		cJSON_AddNullToObject(o, "reason");
	f = cJSON_AddObjectToObject(o, "findings");
	cJSON_AddNumberToObject(f, "critical", sum->critical);
	cJSON_AddNumberToObject(f, "warning", sum->warning);
	cJSON_AddNumberToObject(f, "info", sum->info);
	top = cJSON_AddArrayToObject(o, "top");
	for (i = 0; i < sum->ntop; i++) {
		cJSON *t = cJSON_CreateObject();

		cJSON_AddStringToObject(t, "severity", sum->top[i].severity);
		cJSON_AddStringToObject(t, "title", sum->top[i].title);
		cJSON_AddStringToObject(t, "evidence", sum->top[i].evidence);
		cJSON_AddItemToArray(top, t);
	}
	if (sum->pdf[0])
		cJSON_AddStringToObject(o, "pdf", sum->pdf);
	else
		cJSON_AddNullToObject(o, "pdf");
	files = cJSON_AddArrayToObject(o, "files");
	for (p = sum->files; *p; p = *nl ? nl + 1 : nl) {
		char path[4096];

		nl = p + strcspn(p, "\n");
		if (nl == p)
			continue;
		snprintf(path, sizeof(path), "%.*s", (int)(nl - p), p);
		cJSON_AddItemToArray(files, cJSON_CreateString(path));
	}
	return o;
}

static cJSON *
summary_slack(const struct notify_summary *sum)
{
	cJSON *o = cJSON_CreateObject(), *blocks;
	char head[512], line[1024], counts[96];
	struct notify_fact facts[5];
	size_t i;

	summary_head(sum, head, sizeof(head), counts, sizeof(counts), facts);
	blocks = notify_slack_head(o, head, facts, 4);
	if (sum->reason)
		cJSON_AddItemToArray(
			blocks,
			notify_slack_block("section", "mrkdwn", sum->reason));
	for (i = 0; i < sum->ntop; i++) {
		top_line(sum, i, line, sizeof(line));
		cJSON_AddItemToArray(
			blocks, notify_slack_block("section", "mrkdwn", line));
	}
	if (sum->pdf[0]) {
		snprintf(line, sizeof(line), "PDF: %s", sum->pdf);
		cJSON_AddItemToArray(
			blocks, notify_slack_block("section", "mrkdwn", line));
	}
	notify_slack_colour(o, summary_tone(sum), head);
	return o;
}

static cJSON *
summary_teams(const struct notify_summary *sum)
{
	cJSON *body, *o = notify_teams_card(&body);
	char head[512], line[1024], counts[96];
	struct notify_fact facts[5];
	size_t i;

	summary_head(sum, head, sizeof(head), counts, sizeof(counts), facts);
	notify_teams_head(body, head, summary_tone(sum), facts,
			  sum->pdf[0] ? 5 : 4);
	if (sum->reason)
		cJSON_AddItemToArray(
			body, notify_teams_text(sum->reason, NULL, NULL));
	for (i = 0; i < sum->ntop; i++) {
		top_line(sum, i, line, sizeof(line));
		cJSON_AddItemToArray(body, notify_teams_text(line, NULL, NULL));
	}
	return o;
}

/* The mail's text: the headline, the counts, the worst findings, files. */
static char *
summary_mail(const struct notify_summary *sum)
{
	char head[512], line[1024];
	char *out = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		return NULL;
	summary_headline(sum, head, sizeof(head));
	fprintf(f, "%s\n\nhost:     %s\nperiod:   %s\nstatus:   %s\n", head,
		sum->host, sum->period, sum->status);
	fprintf(f, "findings: %d critical, %d warning, %d info\n",
		sum->critical, sum->warning, sum->info);
	if (sum->reason)
		fprintf(f, "\n%s\n", sum->reason);
	if (sum->ntop)
		fputs("\nThe worst findings:\n", f);
	for (i = 0; i < sum->ntop; i++) {
		top_line(sum, i, line, sizeof(line));
		fprintf(f, "- %s\n", line);
	}
	if (sum->files[0])
		fprintf(f, "\nFiles:\n%s%s", sum->files,
			sum->files[strlen(sum->files) - 1] == '\n' ? "" : "\n");
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

char *
notify_summary_payload(int type, const struct notify_summary *sum)
{
	cJSON *root = NULL;
	char *out;

	if (type == NOTIFY_MAIL) {
		out = summary_mail(sum);
	} else {
		if (type == NOTIFY_SLACK)
			root = summary_slack(sum);
		else if (type == NOTIFY_TEAMS)
			root = summary_teams(sum);
		else
			root = summary_webhook(sum);
		out = root ? cJSON_PrintUnformatted(root) : NULL;
		cJSON_Delete(root);
	}
	if (!out)
		log_err("cannot build the report's summary: out of memory");
	return out;
}
