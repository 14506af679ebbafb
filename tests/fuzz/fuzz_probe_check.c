/*
 * fuzz_probe_check.c - the judging of a health check response and the
 * certificate date parser of perfweek-probe.
 *
 * Input: two bytes of HTTP status (big-endian, minus 100 so both signs
 * occur), then "EXPECT\0KEYWORD\0ABSENT\0DATE\0BODY".  The three settings
 * go through config_health_set(), the function config_load() hands each
 * key of a [health "NAME"] section to, so the check is one a
 * perfweek.conf could hold; BODY is the response, DATE a certificate's
 * expiry as libcurl reports it.
 *
 * Checks: the verdict of probe_judge() is the one worked out here from the
 * ranges and a plain search; its message is empty when the check passes
 * and a terminated line when not; the text of the expected ranges
 * (config_expect_text) reads back as the same ranges.
 */
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "harness.h"
#include "probe.h"

static const char section[] = "health \"fuzz\"";

/* Is needle (len n, n > 0) in hay?  Naive on purpose: a second opinion. */
static int
contains(const char *hay, size_t len, const char *needle, size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

/* A fresh configuration with the check set from the input; NULL if bad. */
static struct config *
load(const char *expect, const char *keyword, const char *absent)
{
	struct config_health_parse hp;
	struct config *cfg = malloc(sizeof(*cfg));
	char err[256];
	int eline;

	if (!cfg)
		abort();
	config_defaults(cfg);
	memset(&hp, 0, sizeof(hp));
	if (config_health_set(cfg, &hp, section, "url", "http://h/", 2, err,
			      sizeof(err), &eline) != 0)
		abort();
	if ((*expect &&
	     config_health_set(cfg, &hp, section, "expect", expect, 3, err,
			       sizeof(err), &eline) != 0) ||
	    config_health_set(cfg, &hp, section, "keyword", keyword, 4, err,
			      sizeof(err), &eline) != 0 ||
	    config_health_set(cfg, &hp, section, "keyword_absent", absent, 5,
			      err, sizeof(err), &eline) != 0) {
		if (!memchr(err, '\0', sizeof(err)) || !err[0])
			abort();
		config_free(cfg);
		free(cfg);
		return NULL;
	}
	return cfg;
}

static void
check_ranges(const struct health_check *c)
{
	char text[CONFIG_STR_MAX];
	struct config *again;
	size_t i;

	config_expect_text(c, text, sizeof(text));
	if (!(again = load(text, "", "")))
		abort();
	if (again->health[0].nexpect != (c->nexpect ? c->nexpect : 1))
		abort();
	for (i = 0; i < c->nexpect; i++)
		if (again->health[0].expect[i].lo != c->expect[i].lo ||
		    again->health[0].expect[i].hi != c->expect[i].hi)
			abort();
	config_free(again);
	free(again);
}

/* Does c expect status?  Worked out again from its ranges. */
static int
status_wanted(const struct health_check *c, long status)
{
	size_t i;

	if (c->nexpect == 0)
		return status >= 200 && status <= 299;
	for (i = 0; i < c->nexpect; i++)
		if (status >= c->expect[i].lo && status <= c->expect[i].hi)
			return 1;
	return 0;
}

/*
 * probe_judge()'s verdict on a response of status and body is the one
 * worked out here from the input's keyword and absent, and its message is
 * empty exactly when the check passes.
 */
static void
check_judge(const struct health_check *c, const char *keyword,
	    const char *absent, long status, const struct fuzz_part *body,
	    int truncated)
{
	const char *b = (const char *)body->p;
	struct probe_result r;
	int want = status_wanted(c, status);

	if (probe_status_expected(c, status) != want)
		abort();
	if (*keyword && !contains(b, body->len, keyword, strlen(keyword)))
		want = 0;
	if (*absent && contains(b, body->len, absent, strlen(absent)))
		want = 0;
	memset(&r, 'X', sizeof(r));
	probe_judge(c, status, b, body->len, truncated, &r);
	if (r.ok != want || !memchr(r.error, '\0', sizeof(r.error)) ||
	    (r.ok ? r.error[0] != '\0' : r.error[0] == '\0'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part p[5];
	struct config *cfg;
	char *expect, *keyword, *absent, *date;
	int64_t t;
	long status;
	size_t i, n;

	if (size < 2)
		return 0;
	status = (long)(data[0] << 8 | data[1]) - 100;
	n = fuzz_split(data + 2, size - 2, '\0', p, 5);
	for (i = n; i < 5; i++) {
		p[i].p = data;
		p[i].len = 0;
	}
	expect = fuzz_strndup(p[0].p, p[0].len);
	keyword = fuzz_strndup(p[1].p, p[1].len);
	absent = fuzz_strndup(p[2].p, p[2].len);
	date = fuzz_strndup(p[3].p, p[3].len);
	(void)probe_parse_cert_date(date, &t);

	if ((cfg = load(expect, keyword, absent)) != NULL) {
		check_judge(&cfg->health[0], keyword, absent, status, &p[4],
			    (int)(size & 1));
		check_ranges(&cfg->health[0]);
		config_free(cfg);
		free(cfg);
	}
	free(expect);
	free(keyword);
	free(absent);
	free(date);
	return 0;
}
