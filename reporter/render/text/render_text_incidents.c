/*
 * render_text_incidents.c - the text report's lines for the ServiceNow
 * incidents section of the model.
 *
 * Lays out a summary line, the counts by priority and state, the period's
 * figures and a table of the open incidents (one row of fixed columns,
 * the description on a line below), all within 78 columns.  Descriptions
 * and group names are UTF-8 in any script: columns are cut (with "…") and
 * padded by display width (utf8.h), never in the middle of a character.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "model.h"
#include "render_text_int.h"
#include "utf8.h"

#define WIDTH TEXT_WIDTH
#define GLUE  '\x1f' /* a space where a line must not break */

/* Append s in width display columns, cut with "…"; padded when pad. */
static enum pw_status
add_col(struct buf *b, const char *s, size_t width, int pad)
{
	return utf8_fit(b, s, width, pad);
}

/* Display columns of the word p[0..len); a GLUE character is a space. */
static size_t
word_width(const char *p, size_t len)
{
	size_t w = utf8_width_n(p, len), i;

	for (i = 0; i < len; i++)
		w += p[i] == GLUE;
	return w;
}

static int
push(cJSON *arr, const char *s)
{
	cJSON *v = cJSON_CreateString(s);

	if (!v)
		return 0;
	cJSON_AddItemToArray(arr, v);
	return 1;
}

/*
 * Word-wrapped text after a prefix, continuation lines indented; pushed.
 * GLUE characters hold words together and come out as spaces.
 */
static int
push_wrapped(cJSON *arr, const char *prefix, const char *text, size_t indent)
{
	struct buf b;
	size_t col, len;
	const char *p = text;
	char *q;
	int ok;

	buf_init(&b, 65536);
	if (buf_adds(&b, prefix))
		return 0;
	col = utf8_width(prefix);
	while (*p) {
		size_t w;

		while (*p == ' ')
			p++;
		if (!(len = strcspn(p, " ")))
			break;
		w = word_width(p, len);
		if (col > indent && col + 1 + w > WIDTH) {
			if (buf_printf(&b, "\n%*s", (int)indent, ""))
				return 0;
			col = indent;
		} else if (col > utf8_width(prefix) ||
			   (col > indent &&
			    prefix[strlen(prefix) - 1] != ' ')) {
			if (buf_add(&b, " ", 1))
				return 0;
			col++;
		}
		if (buf_add(&b, p, len))
			return 0;
		col += w;
		p += len;
	}
	for (q = b.data; (q = strchr(q, GLUE));)
		*q = ' ';
	ok = push(arr, b.data);
	buf_free(&b);
	return ok;
}

/* "2 - High 12, 3 - Moderate 40" of a by_priority or by_state array. */
static int
counts_line(struct text_view *v, cJSON *arr, const char *prefix,
	    const struct model_count *counts, size_t n)
{
	static const char glue = GLUE;
	struct buf b;
	size_t i;
	int ok;

	buf_init(&b, 4096);
	for (i = 0; i < n; i++) {
		const char *name = text_str(v, counts[i].name);

		if (b.len && buf_adds(&b, ", "))
			return 0;
		for (; *name; name++)
			if (buf_add(&b, *name == ' ' ? &glue : name, 1))
				return 0;
		if (buf_printf(&b, ":%c%.0f", GLUE, counts[i].count))
			return 0;
	}
	ok = push_wrapped(arr, prefix, b.len ? b.data : "none", 15);
	buf_free(&b);
	return ok;
}

/* "1 Critical" out of "1 - Critical". */
static void
short_priority(char *out, size_t n, const char *p)
{
	const char *dash = strstr(p, " - ");

	if (dash)
		snprintf(out, n, "%.*s %s", (int)(dash - p), p, dash + 3);
	else
		snprintf(out, n, "%s", p);
}

/* "  INC0010001 1 Critical New ..." and the description below it. */
static int
open_row(struct text_view *v, const struct model_incident *o, cJSON *oo)
{
	char pri[32], date[32];
	struct buf row, desc;
	cJSON *t = cJSON_AddObjectToObject(oo, "text");
	int ok;

	short_priority(pri, sizeof(pri), text_str(v, o->priority));
	/* "Nov 09 14:05" */
	text_time(v, &o->opened, "%b %d %H:%M", date, sizeof(date));
	buf_init(&row, 1024);
	buf_init(&desc, 1024);
	ok = t && !buf_adds(&row, "  ") &&
		!add_col(&row, text_str(v, o->number), 10, 1) &&
		!buf_adds(&row, " ") && !add_col(&row, pri, 10, 1) &&
		!buf_adds(&row, " ") &&
		!add_col(&row, text_str(v, o->state), 11, 1) &&
		!buf_adds(&row, " ") && !add_col(&row, date, 12, 1) &&
		!buf_adds(&row, " ") &&
		!add_col(&row, text_str(v, o->assignment_group), 16, 1) &&
		!buf_adds(&row, " ") &&
		!add_col(&row, text_str(v, o->cmdb_ci), 12, 0) &&
		!buf_adds(&desc, "    ") &&
		!add_col(&desc, text_str(v, o->short_description), WIDTH - 4,
			 0);
	/* a row of empty trailing columns ends without blanks */
	while (ok && row.len && row.data[row.len - 1] == ' ')
		row.data[--row.len] = '\0';
	ok = ok && cJSON_AddStringToObject(t, "row", row.data) &&
		cJSON_AddStringToObject(t, "desc", desc.data);
	buf_free(&row);
	buf_free(&desc);
	return ok;
}

static int
open_rows(struct text_view *v, cJSON *inc)
{
	const struct model_incidents *mi = &v->m->incidents;
	cJSON *oo;
	size_t i;

	if (!text_array(v, inc, "open", mi->nopen, &oo))
		return 0;
	for (i = 0; i < mi->nopen; i++, oo = oo->next)
		if (!open_row(v, &mi->open[i], oo))
			return 0;
	return 1;
}

/* "  This period: 3 opened, 2 resolved, mean time to resolve 4.5 h". */
static int
period_line(const struct model_incidents *mi, cJSON *head)
{
	char line[256];

	if (isnan(mi->mttr_hours))
		snprintf(line, sizeof(line), "%.0f opened, %.0f resolved",
			 mi->opened_in_period, mi->resolved_in_period);
	else
		snprintf(
			line, sizeof(line),
			"%.0f opened, %.0f resolved, mean time to resolve %.1f h",
			mi->opened_in_period, mi->resolved_in_period,
			mi->mttr_hours);
	return push_wrapped(head, "  This period: ", line, 15);
}

static int
ok_lines(struct text_view *v, cJSON *it, cJSON *head, char *summary, size_t n)
{
	const struct model_incidents *mi = &v->m->incidents;
	char line[256];

	snprintf(summary, n, "%.0f open (ServiceNow%s)", mi->open_total,
		 mi->demo ? ", DEMO DATA" : "");
	snprintf(
		line, sizeof(line), "%.0f open, fetched %s%s", mi->open_total,
		text_str(v, mi->fetched.text),
		mi->demo ?
			" from the demo server: DEMO DATA, not a real instance" :
			"");
	if (!push_wrapped(head, "  Open:        ", line, 15) ||
	    !counts_line(v, head, "  By priority: ", mi->by_priority,
			 mi->nby_priority) ||
	    !counts_line(v, head, "  By state:    ", mi->by_state,
			 mi->nby_state) ||
	    !period_line(mi, head))
		return 0;
	if (mi->nopen > 0) {
		snprintf(line, sizeof(line),
			 "  %-10s %-10s %-11s %-12s %-16s %s", "number",
			 "priority", "state", "opened", "group", "item");
		if (!push(head, "") || !push(head, line))
			return 0;
	}
	if (mi->open_more > 0) {
		snprintf(
			line, sizeof(line),
			"  ... and %.0f more open incidents, not listed ([servicenow] list_max)",
			mi->open_more);
		return cJSON_AddStringToObject(it, "more", line) != NULL;
	}
	return 1;
}

int
text_view_incidents(struct text_view *v, cJSON *view, cJSON *text)
{
	const struct model_incidents *mi = &v->m->incidents;
	const char *status = mi->status ? mi->status : "";
	cJSON *inc = text_object(v, view, "incidents"), *it, *head;
	char summary[300];

	if (!inc || !(it = cJSON_AddObjectToObject(inc, "text")) ||
	    !(head = cJSON_AddArrayToObject(text, "incidents_head")))
		return 0;
	if (strcmp(status, "ok") == 0) {
		if (!ok_lines(v, it, head, summary, sizeof(summary)) ||
		    !open_rows(v, inc))
			return 0;
	} else if (strcmp(status, "unavailable") == 0) {
		const char *reason = text_str(v, mi->reason);

		snprintf(summary, sizeof(summary), "unavailable (%s)", reason);
		if (!push_wrapped(head, "  Unavailable: ", reason, 15))
			return 0;
	} else {
		snprintf(summary, sizeof(summary), "not configured");
		if (!push(head,
			  "  Not configured: no instance in the "
			  "[servicenow] section."))
			return 0;
	}
	return cJSON_AddStringToObject(text, "incidents_summary", summary) !=
		NULL;
}
