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
#include "render_text_int.h"
#include "model_clean.h"
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
counts_line(cJSON *arr, const char *prefix, const cJSON *counts,
	    const char *key)
{
	static const char glue = GLUE;
	const cJSON *c;
	struct buf b;
	int ok;

	buf_init(&b, 4096);
	cJSON_ArrayForEach(c, counts) {
		const char *name = model_str(c, key);

		if (b.len && buf_adds(&b, ", "))
			return 0;
		for (; *name; name++)
			if (buf_add(&b, *name == ' ' ? &glue : name, 1))
				return 0;
		if (buf_printf(&b, ":%c%.0f", GLUE, model_num(c, "count")))
			return 0;
	}
	ok = push_wrapped(arr, prefix, b.len ? b.data : "none", 15);
	buf_free(&b);
	return ok;
}

/* "Nov 09 14:05" from the model's "Mon 2026-11-09 14:05 UTC". */
static void
short_date(char *out, size_t n, const char *local)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int y, m, d;
	char hm[8];

	/* field widths bound every number: no conversion can overflow */
	/* NOLINTNEXTLINE(cert-err34-c) */
	if (sscanf(local, "%*3s %4d-%2d-%2d %5s", &y, &m, &d, hm) == 4 &&
	    m >= 1 && m <= 12)
		snprintf(out, n, "%.3s %02d %s", months + (size_t)3 * (m - 1),
			 d, hm);
	else
		snprintf(out, n, "-");
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

static int
open_rows(cJSON *inc)
{
	cJSON *o;

	cJSON_ArrayForEach(o, cJSON_GetObjectItem(inc, "open")) {
		char pri[32], date[32];
		struct buf row, desc;
		cJSON *t = cJSON_AddObjectToObject(o, "text");
		int ok;

		short_priority(pri, sizeof(pri), model_str(o, "priority"));
		short_date(date, sizeof(date), model_str(o, "opened"));
		buf_init(&row, 1024);
		buf_init(&desc, 1024);
		ok = t && !buf_adds(&row, "  ") &&
			!add_col(&row, model_str(o, "number"), 10, 1) &&
			!buf_adds(&row, " ") && !add_col(&row, pri, 10, 1) &&
			!buf_adds(&row, " ") &&
			!add_col(&row, model_str(o, "state"), 11, 1) &&
			!buf_adds(&row, " ") && !add_col(&row, date, 12, 1) &&
			!buf_adds(&row, " ") &&
			!add_col(&row, model_str(o, "assignment_group"), 16,
				 1) &&
			!buf_adds(&row, " ") &&
			!add_col(&row, model_str(o, "cmdb_ci"), 12, 0) &&
			!buf_adds(&desc, "    ") &&
			!add_col(&desc, model_str(o, "short_description"),
				 WIDTH - 4, 0);
		/* a row of empty trailing columns ends without blanks */
		while (ok && row.len && row.data[row.len - 1] == ' ')
			row.data[--row.len] = '\0';
		ok = ok && cJSON_AddStringToObject(t, "row", row.data) &&
			cJSON_AddStringToObject(t, "desc", desc.data);
		buf_free(&row);
		buf_free(&desc);
		if (!ok)
			return 0;
	}
	return 1;
}

static int
ok_lines(const cJSON *inc, cJSON *head, char *summary, size_t n)
{
	char line[256];
	double mttr = model_num(inc, "mttr_hours"),
	       more = model_num(inc, "open_more");

	snprintf(summary, n, "%.0f open (ServiceNow%s)",
		 model_num(inc, "open_total"),
		 cJSON_IsTrue(cJSON_GetObjectItem(inc, "demo")) ?
			 ", DEMO DATA" :
			 "");
	snprintf(
		line, sizeof(line), "%.0f open, fetched %s%s",
		model_num(inc, "open_total"), model_str(inc, "fetched"),
		cJSON_IsTrue(cJSON_GetObjectItem(inc, "demo")) ?
			" from the demo server: DEMO DATA, not a real instance" :
			"");
	if (!push_wrapped(head, "  Open:        ", line, 15) ||
	    !counts_line(head, "  By priority: ",
			 cJSON_GetObjectItem(inc, "by_priority"), "priority") ||
	    !counts_line(head, "  By state:    ",
			 cJSON_GetObjectItem(inc, "by_state"), "state"))
		return 0;
	if (isnan(mttr))
		snprintf(line, sizeof(line), "%.0f opened, %.0f resolved",
			 model_num(inc, "opened_in_period"),
			 model_num(inc, "resolved_in_period"));
	else
		snprintf(line, sizeof(line),
			 "%.0f opened, %.0f resolved, "
			 "mean time to resolve %.1f h",
			 model_num(inc, "opened_in_period"),
			 model_num(inc, "resolved_in_period"), mttr);
	if (!push_wrapped(head, "  This period: ", line, 15))
		return 0;
	if (cJSON_GetArraySize(cJSON_GetObjectItem(inc, "open")) > 0) {
		snprintf(line, sizeof(line),
			 "  %-10s %-10s %-11s %-12s %-16s "
			 "%s",
			 "number", "priority", "state", "opened", "group",
			 "item");
		if (!push(head, "") || !push(head, line))
			return 0;
	}
	if (more > 0) {
		snprintf(line, sizeof(line),
			 "  ... and %.0f more open "
			 "incidents, not listed ([servicenow] list_max)",
			 more);
		return cJSON_AddStringToObject(
			       cJSON_GetObjectItem((cJSON *)inc, "text"),
			       "more", line) != NULL;
	}
	return 1;
}

int
render_view_incidents(cJSON *view, cJSON *text)
{
	cJSON *inc = cJSON_GetObjectItem(view, "incidents"), *head;
	const char *status = model_str(inc, "status");
	char summary[300];

	if (!inc)
		return 1; /* a model from before incidents */
	if (!cJSON_AddObjectToObject(inc, "text") ||
	    !(head = cJSON_AddArrayToObject(text, "incidents_head")))
		return 0;
	if (strcmp(status, "ok") == 0) {
		if (!ok_lines(inc, head, summary, sizeof(summary)) ||
		    !open_rows(inc))
			return 0;
	} else if (strcmp(status, "unavailable") == 0) {
		snprintf(summary, sizeof(summary), "unavailable (%s)",
			 model_str(inc, "reason"));
		if (!push_wrapped(head, "  Unavailable: ",
				  model_str(inc, "reason"), 15))
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
