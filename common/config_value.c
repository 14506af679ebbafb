/*
 * config_value.c - what a configuration value may be: the parsers behind
 * each key type of config_keys[] (config.c) and of the [health "NAME"]
 * keys (config_health.c), and config_set(), which applies one value to
 * its field.
 *
 * Pure: no file, no log.  A bad value gets its reason written into the
 * caller's buffer; the caller adds FILE:LINE.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_int.h"

/* "off" or "WARN CRIT [MINUTES]"; 0 on success. */
static int
config_set_rule(struct rule_limits *r, const char *value, char *err,
		size_t errsz, const char *name)
{
	double v[3] = { 0, 0, 0 };
	int n = 0;
	const char *p = value;

	if (strcmp(value, "off") == 0) {
		r->enabled = 0;
		return 0;
	}
	while (*p && n < 3) {
		char *end;

		errno = 0;
		v[n] = strtod(p, &end);
		if (errno || end == p || !isfinite(v[n]) || v[n] < 0)
			break;
		n++;
		p = end;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	if (n < 2 || *p) {
		snprintf(err, errsz,
			 "%s must be 'off' or 'WARN CRIT [MINUTES]', not '%s'",
			 name, value);
		return -1;
	}
	r->enabled = 1;
	r->warn = v[0];
	r->crit = v[1];
	if (n == 3)
		r->minutes = v[2];
	return 0;
}

int
config_set_list(struct config_list *l, const char *value)
{
	char *p;
	size_t n = 0;

	if (strlen(value) >= sizeof(l->buf))
		return -1;
	strcpy(l->buf, value);
	for (p = strtok(l->buf, " \t,"); p; p = strtok(NULL, " \t,")) {
		if (n == CONFIG_LIST_MAX)
			return -1;
		l->v[n++] = p;
	}
	l->v[n] = NULL;
	l->n = n;
	return 0;
}

int
config_url_has_credentials(const char *url)
{
	const char *p = strstr(url, "://");

	if (!p)
		return 0;
	p += 3;
	return memchr(p, '@', strcspn(p, "/?#")) != NULL;
}

/* Index of value in the NULL-terminated words, or -1. */
static int
config_word(const char *const *words, const char *value)
{
	int i;

	for (i = 0; words[i]; i++)
		if (strcmp(words[i], value) == 0)
			return i;
	return -1;
}

/* yes/no and friends; -1 when value is none of them. */
static int
config_bool(const char *value)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(value, yes[i]) == 0)
			return 1;
		if (strcmp(value, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* One of "200", "301-399", "2xx"; 0 on success. */
static int
config_status_range(const char *w, struct status_range *r)
{
	char *end;
	long lo, hi;

	if (strlen(w) == 3 && w[0] >= '1' && w[0] <= '5' &&
	    strcmp(w + 1, "xx") == 0) {
		r->lo = (w[0] - '0') * 100;
		r->hi = r->lo + 99;
		return 0;
	}
	errno = 0;
	lo = strtol(w, &end, 10);
	hi = lo;
	if (!errno && end != w && *end == '-') {
		const char *p = end + 1;

		hi = strtol(p, &end, 10);
		if (end == p)
			return -1;
	}
	if (errno || end == w || *end || lo < 100 || hi > 599 || lo > hi)
		return -1;
	r->lo = (int)lo;
	r->hi = (int)hi;
	return 0;
}

static int
config_set_expect(struct health_check *c, const char *value, char *err,
		  size_t errsz)
{
	char copy[CONFIG_STR_MAX], *w, *save = NULL;
	size_t n = 0;

	if (strlen(value) >= sizeof(copy))
		goto bad;
	strcpy(copy, value);
	for (w = strtok_r(copy, " \t,", &save); w;
	     w = strtok_r(NULL, " \t,", &save)) {
		if (n == CONFIG_EXPECT_MAX ||
		    config_status_range(w, &c->expect[n]) != 0)
			goto bad;
		n++;
	}
	if (n == 0)
		goto bad;
	c->nexpect = n;
	return 0;
bad:
	snprintf(
		err, errsz,
		"expect must be up to %d statuses or ranges from 100 to 599 (200 301-399 2xx), not '%s'",
		CONFIG_EXPECT_MAX, value);
	return -1;
}

/* "Name: value", a header name of token characters. */
static int
config_add_header(struct health_check *c, const char *value, char *err,
		  size_t errsz)
{
	size_t n = strcspn(value, ":");

	if (n == 0 || !value[n] ||
	    strspn(value,
		   "abcdefghijklmnopqrstuvwxyz"
		   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~") !=
		    n) {
		snprintf(err, errsz, "header must be 'Name: value'");
		return -1;
	}
	if (c->nheaders == CONFIG_HEADERS_MAX) {
		snprintf(err, errsz, "too many headers (at most %d)",
			 CONFIG_HEADERS_MAX);
		return -1;
	}
	if (strlen(value) >= sizeof(c->headers[0])) {
		snprintf(err, errsz, "header is too long");
		return -1;
	}
	strcpy(c->headers[c->nheaders++], value);
	return 0;
}

static int
config_set_method(int *m, const char *value, char *err, size_t errsz)
{
	if (strcmp(value, "GET") == 0)
		*m = HEALTH_GET;
	else if (strcmp(value, "HEAD") == 0)
		*m = HEALTH_HEAD;
	else if (strcmp(value, "POST") == 0)
		*m = HEALTH_POST;
	else {
		snprintf(err, errsz,
			 "method must be GET, HEAD or POST, not '%s'", value);
		return -1;
	}
	return 0;
}

/* A string key: value into its field, whose size is the limit. */
static int
set_string(char *field, const struct config_key *k, const char *value,
	   char *err, size_t errsz)
{
	size_t len = strlen(value);

	if (len >= k->size) {
		snprintf(err, errsz, "%s is too long", k->name);
		return -1;
	}
	memcpy(field, value, len + 1);
	return 0;
}

/* http:// or https://, stored and reported: no user:password@ in it. */
static int
set_url(char *field, const struct config_key *k, const char *value, char *err,
	size_t errsz)
{
	if (strncmp(value, "http://", 7) != 0 &&
	    strncmp(value, "https://", 8) != 0) {
		snprintf(err, errsz, "%s must start with http:// or https://",
			 k->name);
		return -1;
	}
	if (config_url_has_credentials(value)) {
		snprintf(
			err, errsz,
			"%s must not hold credentials (user:password@); send them with 'header = Authorization: ...'",
			k->name);
		return -1;
	}
	return set_string(field, k, value, err, errsz);
}

static int
set_path(char *field, const struct config_key *k, const char *value, char *err,
	 size_t errsz)
{
	if (value[0] != '/') {
		snprintf(err, errsz, "%s must be an absolute path", k->name);
		return -1;
	}
	return set_string(field, k, value, err, errsz);
}

static int
set_bool(int *field, const struct config_key *k, const char *value, char *err,
	 size_t errsz)
{
	int b = config_bool(value);

	if (b < 0) {
		snprintf(err, errsz, "%s must be yes or no, not '%s'", k->name,
			 value);
		return -1;
	}
	*field = b;
	return 0;
}

/* An integer from k->min to k->max. */
static int
set_int(int *field, const struct config_key *k, const char *value, char *err,
	size_t errsz)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < k->min || v > k->max) {
		snprintf(err, errsz,
			 "%s must be an integer from %.0f to %.0f, not '%s'",
			 k->name, k->min, k->max, value);
		return -1;
	}
	*field = (int)v;
	return 0;
}

/* A finite number from k->min to k->max. */
static int
set_double(double *field, const struct config_key *k, const char *value,
	   char *err, size_t errsz)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(value, &end);
	if (errno || end == value || *end || !isfinite(v) || v < k->min ||
	    v > k->max) {
		snprintf(err, errsz,
			 "%s must be a number from %g to %g, not '%s'", k->name,
			 k->min, k->max, value);
		return -1;
	}
	*field = v;
	return 0;
}

static int
set_starttls(int *field, const struct config_key *k, const char *value,
	     char *err, size_t errsz)
{
	/* The order of enum config_starttls. */
	static const char *const words[] = { "required", "optional", "off",
					     NULL };
	int i = config_word(words, value);

	if (i < 0) {
		snprintf(err, errsz,
			 "%s must be required, optional or off, not '%s'",
			 k->name, value);
		return -1;
	}
	*field = i;
	return 0;
}

static int
set_list(struct config_list *l, const struct config_key *k, const char *value,
	 char *err, size_t errsz)
{
	if (config_set_list(l, value) == 0)
		return 0;
	snprintf(err, errsz,
		 "%s: list too long (at most %d items in %zu bytes)", k->name,
		 CONFIG_LIST_MAX, sizeof(l->buf) - 1);
	return -1;
}

/* The value into the field of obj that k names, by the key's type. */
int
config_set(void *obj, const struct config_key *k, const char *value, char *err,
	   size_t errsz)
{
	char *base = (char *)obj + k->offset;

	switch (k->type) {
	case CK_URL:
		return set_url(base, k, value, err, errsz);
	case CK_BOOL:
		return set_bool((int *)(void *)base, k, value, err, errsz);
	case CK_METHOD:
		return config_set_method((int *)(void *)base, value, err,
					 errsz);
	case CK_EXPECT:
		return config_set_expect(obj, value, err, errsz);
	case CK_HEADER:
		return config_add_header(obj, value, err, errsz);
	case CK_PATH:
		return set_path(base, k, value, err, errsz);
	case CK_STRING:
		return set_string(base, k, value, err, errsz);
	case CK_INT:
		return set_int((int *)(void *)base, k, value, err, errsz);
	case CK_DOUBLE:
		return set_double((double *)(void *)base, k, value, err, errsz);
	case CK_STARTTLS:
		return set_starttls((int *)(void *)base, k, value, err, errsz);
	case CK_RULE:
		return config_set_rule((struct rule_limits *)(void *)base,
				       value, err, errsz, k->name);
	case CK_LIST:
		return set_list((struct config_list *)(void *)base, k, value,
				err, errsz);
	}
	return -1;
}

/* The rules' names, as [rule "NAME"] and the JSON spell them. */
static const char *const rule_names[RULE_COUNT] = {
#define RULE_NAME(id, w, c, m) #id,
	PW_RULES(RULE_NAME)
#undef RULE_NAME
};

const char *
config_rule_name(enum rule_id id)
{
	return rule_names[id];
}
