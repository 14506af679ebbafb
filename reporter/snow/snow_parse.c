/*
 * snow_parse.c - one page of the ServiceNow Table API into incidents.
 *
 * A page is {"result": [ {record}, ... ]}; an error is {"error":
 * {"message", "detail"}, "status": "failure"}; anything else (an HTML page
 * from a proxy, a truncated body) is named in the reason.  A field comes in
 * one of three shapes, and each is understood:
 *   "priority": "1"                          plain (display values off)
 *   "assignment_group": {"link", "value"}    a reference
 *   "priority": {"display_value", "value"}   sysparm_display_value=all
 * Codes and times are taken from "value" (UTC with display values off);
 * names of references from "display_value", or from a dot-walked
 * "assignment_group.name" field, which the request asks for.
 * Pure: a buffer in, structs out; nothing logged.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "array.h"
#include "snow.h"
#include "snow_int.h"
#include "utf8.h"

static const char *const priority_names[] = { NULL,       "1 - Critical",
					      "2 - High", "3 - Moderate",
					      "4 - Low",  "5 - Planning" };

static const struct {
	int code;
	const char *name;
} states[] = {
	{ 1, "New" },      { 2, "In Progress" }, { 3, "On Hold" },
	{ 6, "Resolved" }, { 7, "Closed" },      { 8, "Canceled" },
};

const char *
snow_priority_name(int code)
{
	return code >= 1 && code <= 5 ? priority_names[code] : NULL;
}

const char *
snow_state_name(int code)
{
	size_t i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (states[i].code == code)
			return states[i].name;
	return NULL;
}

/* A leading integer ("2", "1 - Critical"); 0 if there is none. */
static int
leading_int(const char *s)
{
	long v;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return 0;
	v = strtol(s, &end, 10);
	return v > 0 && v < 1000 ? (int)v : 0;
}

int
snow_state_code(const char *s)
{
	size_t i;

	if (leading_int(s))
		return leading_int(s);
	for (i = 0; s && i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(states[i].name, s) == 0)
			return states[i].code;
	return 0;
}

int64_t
snow_parse_time(const char *s)
{
	struct tm tm;
	int n = 0;

	memset(&tm, 0, sizeof(tm));
	/* field widths bound every number: no conversion can overflow */
	/* NOLINTNEXTLINE(cert-err34-c) */
	if (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    s[n] != '\0' || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60 || tm.tm_year < 1970)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

/*
 * The value and the display text of field key of rec, whatever its shape;
 * "" for a missing or null field.
 */
static void
field(const cJSON *rec, const char *key, const char **value,
      const char **display)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(rec, key);
	const char *v = "", *d = NULL;

	if (cJSON_IsString(f)) {
		v = f->valuestring;
	} else if (cJSON_IsObject(f)) {
		const char *s;

		if ((s = cJSON_GetStringValue(
			     cJSON_GetObjectItemCaseSensitive(f, "value"))))
			v = s;
		d = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(f, "display_value"));
	}
	*value = v;
	*display = d && *d ? d : v;
}

/* The name of a reference: dot-walked name, display value, or value. */
static const char *
ref_name(const cJSON *rec, const char *key, const char *dotted)
{
	const char *v, *d;

	field(rec, dotted, &v, &d);
	if (*d)
		return d;
	field(rec, key, &v, &d);
	return d;
}

/*
 * A copy of a field, stored as the instance sent it but for invalid UTF-8,
 * each sequence of which becomes U+FFFD: the database, the JSON report
 * and every renderer then hold valid UTF-8.
 */
static int
dup_to(char **dst, const char *s)
{
	return (*dst = utf8_clean(s, UTF8_FIX_INVALID)) != NULL;
}

static void
incident_free(struct snow_incident *in)
{
	free(in->sys_id);
	free(in->number);
	free(in->short_description);
	free(in->assignment_group);
	free(in->cmdb_ci);
	free(in->raw);
}

void
snow_set_free(struct snow_set *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		incident_free(&s->v[i]);
	free(s->v);
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

/* Fill in from rec; PW_EPARSE (with reason) for a record without sys_id. */
static enum pw_status
incident_from(const cJSON *rec, struct snow_incident *in, char *reason,
	      size_t reasonsz)
{
	const char *v, *d;
	int64_t t;

	memset(in, 0, sizeof(*in));
	field(rec, "sys_id", &v, &d);
	if (!*v) {
		snprintf(reason, reasonsz, "a record without sys_id");
		return PW_EPARSE;
	}
	if (!dup_to(&in->sys_id, v))
		return PW_ENOMEM;
	field(rec, "number", &v, &d);
	if (!dup_to(&in->number, d))
		return PW_ENOMEM;
	field(rec, "short_description", &v, &d);
	if (!dup_to(&in->short_description, d))
		return PW_ENOMEM;
	field(rec, "priority", &v, &d);
	in->priority = leading_int(v);
	field(rec, "state", &v, &d);
	in->state = snow_state_code(v);
	field(rec, "opened_at", &v, &d);
	in->opened_at = (t = snow_parse_time(v)) > 0 ? t : 0;
	field(rec, "resolved_at", &v, &d);
	in->resolved_at = (t = snow_parse_time(v)) > 0 ? t : 0;
	if (!dup_to(&in->assignment_group,
		    ref_name(rec, "assignment_group",
			     "assignment_group.name")) ||
	    !dup_to(&in->cmdb_ci, ref_name(rec, "cmdb_ci", "cmdb_ci.name")) ||
	    !(in->raw = cJSON_PrintUnformatted(rec)))
		return PW_ENOMEM;
	return PW_OK;
}

static size_t
hash(const char *s)
{
	size_t h = (size_t)1469598103934665603u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * (size_t)1099511628211u;
	return h;
}

/*
 * The slot of sys_id in the set's hash: holding its index + 1, or 0 where
 * it would go.  A page may repeat a record (offset paging over a table that
 * changes), and a record may be in both queries: both are found here.
 */
static size_t *
set_slot(const struct snow_set *set, const char *sys_id)
{
	size_t mask = set->nslot - 1, i = hash(sys_id) & mask;

	while (set->slot[i] &&
	       strcmp(set->v[set->slot[i] - 1].sys_id, sys_id) != 0)
		i = (i + 1) & mask;
	return &set->slot[i];
}

/* Room in the hash for one more record. */
static enum pw_status
set_grow(struct snow_set *set)
{
	size_t n = set->nslot ? set->nslot : 64, i, *old = set->slot;
	size_t oldn = set->nslot;

	if (2 * (set->n + 1) < set->nslot)
		return PW_OK;
	while (2 * (set->n + 1) >= n)
		n *= 2;
	if (!(set->slot = calloc(n, sizeof(*set->slot)))) {
		set->slot = old;
		return PW_ENOMEM;
	}
	set->nslot = n;
	for (i = 0; i < oldn; i++)
		if (old[i])
			*set_slot(set, set->v[old[i] - 1].sys_id) = old[i];
	free(old);
	return PW_OK;
}

/* Why a body is not a result page, in one line. */
static void
not_a_page(const char *body, size_t len, const cJSON *root, char *reason,
	   size_t reasonsz)
{
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
	const char *msg, *detail;
	size_t i = 0;

	if (cJSON_IsObject(err)) {
		msg = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(err, "message"));
		detail = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(err, "detail"));
		snprintf(reason, reasonsz, "ServiceNow error: %s%s%s",
			 msg ? msg : "(no message)",
			 detail && *detail ? ": " : "",
			 detail && *detail ? detail : "");
		return;
	}
	while (i < len && isspace((unsigned char)body[i]))
		i++;
	if (i < len && body[i] == '<')
		snprintf(
			reason, reasonsz,
			"an HTML page instead of JSON (a proxy or login page?)");
	else if (root)
		snprintf(reason, reasonsz, "JSON without a \"result\" list");
	else if (len == 0)
		snprintf(reason, reasonsz, "an empty response");
	else
		snprintf(reason, reasonsz, "malformed or truncated JSON");
}

int
snow_error_text(const char *body, size_t len, char *out, size_t outsz)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	int found = cJSON_IsObject(
		cJSON_GetObjectItemCaseSensitive(root, "error"));

	if (found)
		not_a_page(body, len, root, out, outsz);
	cJSON_Delete(root);
	return found ? 0 : -1;
}

int
snow_no_record(const char *body, size_t len)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "error"), "message"));
	int yes = msg && strcasecmp(msg, "No Record found") == 0;

	cJSON_Delete(root);
	return yes;
}

/*
 * One record into the set, marked open or in the period; a record seen
 * before (the same sys_id) keeps its first copy and gains the mark.
 */
static enum pw_status
set_add_record(struct snow_set *set, const cJSON *rec, int is_open,
	       char *reason, size_t reasonsz)
{
	struct snow_incident in;
	enum pw_status rc;
	size_t i, *slot;

	if ((rc = incident_from(rec, &in, reason, reasonsz))) {
		incident_free(&in);
		return rc;
	}
	if ((rc = set_grow(set))) {
		incident_free(&in);
		return rc;
	}
	if (*(slot = set_slot(set, in.sys_id))) {
		/* seen before: keep the first, add the mark */
		incident_free(&in);
		i = *slot - 1;
	} else {
		if ((rc = array_reserve((void **)&set->v, &set->alloc, set->n,
					sizeof(*set->v), SNOW_MAX_INCIDENTS))) {
			incident_free(&in);
			if (rc == PW_ETOOBIG)
				snprintf(reason, reasonsz,
					 "more than %d incidents",
					 SNOW_MAX_INCIDENTS);
			return rc;
		}
		set->v[i = set->n++] = in;
		*slot = set->n;
	}
	if (is_open)
		set->v[i].is_open = 1;
	else
		set->v[i].in_period = 1;
	return PW_OK;
}

enum pw_status
snow_parse_page(const char *body, size_t len, int is_open, struct snow_set *set,
		size_t *added, char *reason, size_t reasonsz)
{
	cJSON *root = cJSON_ParseWithLength(body, len);
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(root, "result");
	const cJSON *rec;
	enum pw_status rc = PW_OK;
	size_t n = 0;

	*added = 0;
	if (!cJSON_IsArray(res)) {
		not_a_page(body, len, root, reason, reasonsz);
		cJSON_Delete(root);
		return PW_EPARSE;
	}
	cJSON_ArrayForEach(rec, res) {
		if (!cJSON_IsObject(rec)) {
			snprintf(reason, reasonsz,
				 "a result that is not a record");
			rc = PW_EPARSE;
			break;
		}
		if ((rc = set_add_record(set, rec, is_open, reason, reasonsz)))
			break;
		n++;
	}
	cJSON_Delete(root);
	*added = n;
	return rc;
}
