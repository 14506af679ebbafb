/*
 * probe_check.c - what makes a health check pass: the expected status,
 * the keyword that must appear in the body and the one that must not;
 * and the certificate date format libcurl reports.
 *
 * Pure functions over a response already received: no network, no
 * database, no logging, so the unit tests feed them directly.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "probe.h"

int
probe_status_expected(const struct health_check *c, long status)
{
	size_t i;

	if (c->nexpect == 0)
		return status >= 200 && status <= 299;
	for (i = 0; i < c->nexpect; i++)
		if (status >= c->expect[i].lo && status <= c->expect[i].hi)
			return 1;
	return 0;
}

void
probe_judge(const struct health_check *c, long status, const char *body,
	    size_t len, int truncated, struct probe_result *r)
{
	char expect[CONFIG_STR_MAX];
	const char *in = truncated ? " (in the first 1024 KiB)" : "";

	r->ok = 0;
	if (!probe_status_expected(c, status)) {
		config_expect_text(c, expect, sizeof(expect));
		snprintf(r->error, sizeof(r->error), "status %ld not in %.200s",
			 status, expect);
		return;
	}
	if (c->keyword[0] &&
	    !memmem(body, len, c->keyword, strlen(c->keyword))) {
		snprintf(r->error, sizeof(r->error),
			 "keyword '%.100s' missing%s", c->keyword, in);
		return;
	}
	if (c->keyword_absent[0] &&
	    memmem(body, len, c->keyword_absent, strlen(c->keyword_absent))) {
		snprintf(r->error, sizeof(r->error), "keyword '%.100s' present",
			 c->keyword_absent);
		return;
	}
	r->ok = 1;
	r->error[0] = '\0';
}

enum pw_status
probe_parse_cert_date(const char *s, int64_t *out)
{
	static const char *const formats[] = {
		"%b %d %H:%M:%S %Y GMT", /* OpenSSL */
		"%Y-%m-%d %H:%M:%S GMT", /* GnuTLS and others */
		"%Y-%m-%d %H:%M:%S",
	};
	struct tm tm;
	size_t i;
	const char *end;
	time_t t;

	while (*s == ' ')
		s++;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, formats[i], &tm);
		if (!end)
			continue;
		while (*end == ' ' || *end == '\n' || *end == '\r')
			end++;
		if (*end)
			continue;
		t = timegm(&tm);
		if (t == (time_t)-1)
			return PW_EPARSE;
		*out = (int64_t)t;
		return PW_OK;
	}
	return PW_EPARSE;
}
