/*
 * appmetric.c - the list of custom application metrics, and --gauge.
 *
 * Owns the metric list: names are checked against [A-Za-z0-9_.:-]{1,127},
 * values must be finite, a later value for a name replaces the earlier one,
 * and the list is capped at APPMETRIC_MAX.  Running the plugins that feed it
 * is appmetric_plugin.c's job.  Nothing here reads files or runs programs.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "appmetric.h"
#include "appmetric_internal.h"
#include "log.h"

int
appmetric_name_ok(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++) {
		char c = name[i];

		if (i >= APPMETRIC_NAME_MAX - 1)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == ':' || c == '-'))
			return 0;
	}
	return i > 0;
}

int
appmetric_parse_value(const char *s, double *out)
{
	char *end;
	double v;

	if (*s == '\0' || *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
	    *s == '\f' || *s == '\v')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

enum pw_status
appmetric_put(struct app_metrics *am, const char *name, double value)
{
	struct app_metric *nm;
	size_t i, room;

	for (i = 0; i < am->n; i++) {
		if (strcmp(am->m[i].name, name) == 0) {
			am->m[i].value = value;
			return PW_OK;
		}
	}
	if (am->n >= APPMETRIC_MAX)
		return PW_ETOOBIG;
	/*
	 * m has room for n rounded up to a power of two, 16 at least: it is
	 * full when n is 0 or such a power.
	 */
	if (am->n == 0 || (am->n >= 16 && (am->n & (am->n - 1)) == 0)) {
		room = am->n ? am->n * 2 : 16;
		nm = realloc(am->m, room * sizeof(*nm));
		if (!nm)
			return PW_ENOMEM;
		am->m = nm;
	}
	memset(&am->m[am->n], 0, sizeof(am->m[am->n]));
	memcpy(am->m[am->n].name, name, strlen(name) + 1);
	am->m[am->n].value = value;
	am->n++;
	return PW_OK;
}

enum pw_status
appmetric_set(struct app_metrics *am, const char *name, double value)
{
	enum pw_status st;

	if (!appmetric_name_ok(name)) {
		log_err("bad application metric name '%.*s'",
			APPMETRIC_NAME_MAX, name);
		return PW_ECONFIG;
	}
	if (!isfinite(value)) {
		log_err("application metric '%s' is not a finite number", name);
		return PW_ECONFIG;
	}
	st = appmetric_put(am, name, value);
	if (st == PW_ETOOBIG)
		log_warn("more than %d application metrics; '%s' dropped",
			 APPMETRIC_MAX, name);
	return st;
}

enum pw_status
appmetric_parse_gauge(const char *arg, struct app_metrics *am)
{
	char name[APPMETRIC_NAME_MAX];
	const char *eq = strchr(arg, '=');
	size_t len;
	double v;
	enum pw_status st;

	if (!eq) {
		log_err("bad --gauge '%s': expected NAME=VALUE", arg);
		return PW_ECONFIG;
	}
	len = (size_t)(eq - arg);
	if (len == 0 || len >= sizeof(name)) {
		log_err("bad --gauge '%s': the name must have 1 to %d characters",
			arg, APPMETRIC_NAME_MAX - 1);
		return PW_ECONFIG;
	}
	memcpy(name, arg, len);
	name[len] = '\0';
	if (!appmetric_name_ok(name)) {
		log_err("bad --gauge '%s': the name may hold only letters, digits and _ . : -",
			arg);
		return PW_ECONFIG;
	}
	if (appmetric_parse_value(eq + 1, &v) != 0) {
		log_err("bad --gauge '%s': '%s' is not a finite number", arg,
			eq + 1);
		return PW_ECONFIG;
	}
	st = appmetric_set(am, name, v);
	return st == PW_ETOOBIG ? PW_ECONFIG : st;
}

void
appmetric_free(struct app_metrics *am)
{
	if (!am)
		return;
	free(am->m);
	am->m = NULL;
	am->n = 0;
	am->nfailed = 0;
}
