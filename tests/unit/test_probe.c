/*
 * test_probe.c - what makes a health check pass (expected statuses,
 * keyword, keyword_absent), the certificate dates libcurl reports, and
 * the [health "NAME"] sections of the configuration: values, defaults and
 * every error with its line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "probe.h"

static struct config cfg; /* large: off the stack */

/* Load text as a configuration file; returns the status, err the message. */
static enum pw_status
load(const char *text, char *err, size_t errsz)
{
	char path[] = "/tmp/perfweek-test-probe.XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	enum pw_status rc;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	config_free(&cfg);
	config_defaults(&cfg);
	err[0] = '\0';
	rc = config_load(&cfg, path, 1, err, errsz);
	/* Error messages name the file: keep only what follows it. */
	if (rc && strncmp(err, path, strlen(path)) == 0)
		memmove(err, err + strlen(path),
			strlen(err + strlen(path)) + 1);
	unlink(path);
	return rc;
}

static void
test_status_expected(void **state)
{
	char err[512];
	const struct health_check *c;

	(void)state;
	assert_int_equal(
		load("[health \"a\"]\nurl = http://x/\n"
		     "[health \"b\"]\nurl = http://x/\nexpect = 200 301-399 4xx\n",
		     err, sizeof(err)),
		PW_OK);
	c = config_health_find(&cfg, "a");
	assert_non_null(c);
	assert_true(probe_status_expected(c, 200));
	assert_true(probe_status_expected(c, 299));
	assert_false(probe_status_expected(c, 199));
	assert_false(probe_status_expected(c, 300));
	assert_false(probe_status_expected(c, 0));
	c = config_health_find(&cfg, "b");
	assert_non_null(c);
	assert_true(probe_status_expected(c, 200));
	assert_false(probe_status_expected(c, 201));
	assert_true(probe_status_expected(c, 301));
	assert_true(probe_status_expected(c, 399));
	assert_true(probe_status_expected(c, 404));
	assert_false(probe_status_expected(c, 500));
	config_expect_text(c, err, sizeof(err));
	assert_string_equal(err, "200 301-399 400-499");
}

static void
test_judge(void **state)
{
	static const char body[] = "<html>all systems nominal</html>";
	struct health_check c;
	struct probe_result r;

	(void)state;
	memset(&c, 0, sizeof(c));
	memset(&r, 0, sizeof(r));
	probe_judge(&c, 200, body, strlen(body), 0, &r);
	assert_int_equal(r.ok, 1);
	assert_string_equal(r.error, "");
	probe_judge(&c, 503, body, strlen(body), 0, &r);
	assert_int_equal(r.ok, 0);
	assert_string_equal(r.error, "status 503 not in 200-299");
	strcpy(c.keyword, "nominal");
	probe_judge(&c, 200, body, strlen(body), 0, &r);
	assert_int_equal(r.ok, 1);
	strcpy(c.keyword, "banana");
	probe_judge(&c, 200, body, strlen(body), 1, &r);
	assert_int_equal(r.ok, 0);
	assert_string_equal(r.error,
			    "keyword 'banana' missing (in the first 1024 KiB)");
	c.keyword[0] = '\0';
	strcpy(c.keyword_absent, "systems");
	probe_judge(&c, 200, body, strlen(body), 0, &r);
	assert_int_equal(r.ok, 0);
	assert_string_equal(r.error, "keyword 'systems' present");
	/* The body is searched as bytes: a NUL does not end it. */
	c.keyword_absent[0] = '\0';
	strcpy(c.keyword, "after");
	probe_judge(&c, 200, "before\0after", 12, 0, &r);
	assert_int_equal(r.ok, 1);
	/* The status is judged first. */
	probe_judge(&c, 500, "after", 5, 0, &r);
	assert_string_equal(r.error, "status 500 not in 200-299");
}

static void
test_cert_date(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(probe_parse_cert_date("Jan 31 00:00:00 2020 GMT", &t),
			 PW_OK);
	assert_int_equal(t, 1580428800);
	assert_int_equal(probe_parse_cert_date("Mar  4 12:30:15 2027 GMT", &t),
			 PW_OK);
	assert_int_equal(t, 1804163415);
	assert_int_equal(probe_parse_cert_date("2027-03-04 12:30:15 GMT", &t),
			 PW_OK);
	assert_int_equal(t, 1804163415);
	assert_int_equal(probe_parse_cert_date("tomorrow", &t), PW_EPARSE);
	assert_int_equal(probe_parse_cert_date("Mar 4 12:30:15 2027 GMT x", &t),
			 PW_EPARSE);
	assert_int_equal(probe_parse_cert_date("", &t), PW_EPARSE);
}

static void
test_config_values(void **state)
{
	char err[512];
	const struct health_check *c;

	(void)state;
	assert_int_equal(
		load("[probe]\ntimeout_s = 3\nslo_pct = 99.5\n"
		     "[health \"web-1.x\"]\nurl = https://example.org/h\n"
		     "method = POST\nbody = a=1\nheader = X-A: 1\nheader = X-B: 2\n"
		     "insecure = yes\nmax_redirects = 0\nslo_pct = 99\n"
		     "ca_file = /etc/ca.pem\nkeyword_absent = down\n"
		     "[health \"plain\"]\nurl = http://example.org/\n",
		     err, sizeof(err)),
		PW_OK);
	assert_int_equal(cfg.nhealth, 2);
	assert_true(cfg.probe_timeout_s == 3);
	assert_true(cfg.probe_slo_pct == 99.5);
	c = config_health_find(&cfg, "web-1.x");
	assert_non_null(c);
	assert_string_equal(c->url, "https://example.org/h");
	assert_int_equal(c->method, HEALTH_POST);
	assert_string_equal(c->body, "a=1");
	assert_int_equal(c->nheaders, 2);
	assert_string_equal(c->headers[1], "X-B: 2");
	assert_int_equal(c->insecure, 1);
	assert_int_equal(c->max_redirects, 0);
	assert_true(c->slo_pct == 99);
	assert_string_equal(c->ca_file, "/etc/ca.pem");
	assert_string_equal(c->keyword_absent, "down");
	c = config_health_find(&cfg, "plain");
	assert_non_null(c);
	assert_int_equal(c->method, HEALTH_GET);
	assert_int_equal(c->insecure, 0);
	assert_int_equal(c->max_redirects, -1);
	assert_true(c->timeout_s == 0);
	assert_null(config_health_find(&cfg, "nosuch"));
}

struct bad_config {
	const char *text;
	const char *err;
};

static const struct bad_config bad_configs[] = {
	{ "[health \"a\"]\nurl = ftp://x/\n",
	  ":2: url must start with http:// or https://" },
	{ "[health \"a\"]\nurl = https://me:pw@x/\n",
	  ":2: url must not hold credentials (user:password@); send them "
	  "with 'header = Authorization: ...'" },
	{ "[health \"a\"]\nurl = https://x/a@b?c=d@e\n", NULL },
	{ "[health \"a\"]\nurl = http://x/\n[health \"a\"]\nurl = http://y/\n",
	  ":3: section [health \"a\"] given twice (first at line 1)" },
	{ "[health \"a\"]\nurl = http://x/\nkeyword = a\nkeyword = b\n",
	  ":4: 'keyword' given twice in [health \"a\"] (first at line 3)" },
	{ "[health \"a\"]\nurl = http://x/\nheader = A: 1\nheader = B: 2\n",
	  NULL }, /* header adds one more each time */
	{ "[health \"a\"]\nurl = http://x/\n\n[health \"a\"]\n",
	  NULL }, /* an empty repeated section has no key: not seen */
	{ "[health a]\nurl = http://x/\n",
	  ":2: bad section [health a]: write [health \"NAME\"], NAME of "
	  "letters, digits, '.', '_' or '-', at most 63 characters" },
	{ "[health \"a b\"]\nurl = http://x/\n", ":2: bad section" },
	/* [health] alone holds the keys of every check, not a check */
	{ "[health]\nurl = http://x/\n", ":2: unknown key 'url' in [health]" },
	{ "[health \"a\"]\nurl = http://x/\nexpect = 99\n",
	  ":3: expect must be up to 16 statuses or ranges from 100 to 599 "
	  "(200 301-399 2xx), not '99'" },
	{ "[health \"a\"]\nurl = http://x/\nexpect = 300-200\n",
	  ":3: expect must be" },
	{ "[health \"a\"]\nurl = http://x/\nexpect = 6xx\n",
	  ":3: expect must be" },
	{ "[health \"a\"]\nurl = http://x/\nmethod = get\n",
	  ":3: method must be GET, HEAD or POST, not 'get'" },
	{ "[health \"a\"]\nurl = http://x/\ninsecure = maybe\n",
	  ":3: insecure must be yes or no, not 'maybe'" },
	{ "[health \"a\"]\nurl = http://x/\nheader = NoColon\n",
	  ":3: header must be 'Name: value'" },
	{ "[health \"a\"]\nurl = http://x/\nheader = Bad Name: v\n",
	  ":3: header must be 'Name: value'" },
	{ "[health \"a\"]\nurl = http://x/\ntimeout_s = 0\n",
	  ":3: timeout_s must be a number from 0.1 to 300, not '0'" },
	{ "[health \"a\"]\nurl = http://x/\nslo_pct = 100\n",
	  ":3: slo_pct must be a number from 1 to 99.9999, not '100'" },
	{ "[health \"a\"]\nurl = http://x/\nca_file = rel.pem\n",
	  ":3: ca_file must be an absolute path" },
	{ "[health \"a\"]\nurl = http://x/\ncolour = red\n",
	  ":3: unknown key 'colour' in [health \"a\"]" },
	{ "[health \"a\"]\nkeyword = x\n", ":1: [health \"a\"] has no url" },
	{ "[health \"a\"]\nurl = http://x/\nbody = x\n",
	  ":1: [health \"a\"]: body needs method = POST" },
	{ "[probe]\nmax_redirects = 21\n",
	  ":2: max_redirects must be an integer from 0 to 20, not '21'" },
};

static void
test_config_errors(void **state)
{
	char err[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_configs) / sizeof(bad_configs[0]); i++) {
		const struct bad_config *b = &bad_configs[i];
		enum pw_status rc = load(b->text, err, sizeof(err));

		if (!b->err) {
			assert_int_equal(rc, PW_OK);
			continue;
		}
		if (rc != PW_ECONFIG ||
		    strncmp(err, b->err, strlen(b->err)) != 0)
			fail_msg("config %zu: got '%s', expected '%s...'", i,
				 err, b->err);
	}
}

/* The documented limit, CONFIG_HEALTH_MAX sections, and one more. */
static void
test_config_limit(void **state)
{
	size_t sz = (CONFIG_HEALTH_MAX + 1) * 64, len = 0;
	char *text = malloc(sz), err[512];
	int i;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < CONFIG_HEALTH_MAX; i++)
		len += (size_t)snprintf(text + len, sz - len,
					"[health \"c%d\"]\nurl = http://x/\n",
					i);
	assert_int_equal(load(text, err, sizeof(err)), PW_OK);
	assert_int_equal(cfg.nhealth, CONFIG_HEALTH_MAX);
	assert_string_equal(cfg.health[CONFIG_HEALTH_MAX - 1].name, "c1023");
	snprintf(text + len, sz - len, "[health \"c%d\"]\nurl = http://x/\n",
		 i);
	assert_int_equal(load(text, err, sizeof(err)), PW_ECONFIG);
	assert_string_equal(err,
			    ":2049: too many [health] sections (at most "
			    "1024)");
	free(text);
}

/*
 * libinih reads a line into 200 bytes and took the rest of a longer one
 * for a line of its own: here a comment, so the keyword was cut short
 * without a word.  Such a line is an error now; 199 characters still fit,
 * with or without the last line break.
 */
static void
test_config_long_line(void **state)
{
	char text[512], err[512];
	const char *head = "[health \"a\"]\nurl = http://x/\nkeyword = ";

	(void)state;
	snprintf(
		text, sizeof(text), "%s%.189s;and the rest\n", head,
		"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
		"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
		"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk");
	assert_int_equal(load(text, err, sizeof(err)), PW_ECONFIG);
	assert_string_equal(err, ":3: line longer than 199 characters");
	/* "keyword = " and 189 characters: 199 */
	text[strlen(head) + 189] = '\n';
	text[strlen(head) + 190] = '\0';
	assert_int_equal(load(text, err, sizeof(err)), PW_OK);
	assert_int_equal(strlen(cfg.health[0].keyword), 189);
	text[strlen(head) + 189] = '\0';
	assert_int_equal(load(text, err, sizeof(err)), PW_OK);
	assert_int_equal(strlen(cfg.health[0].keyword), 189);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_expected),
		cmocka_unit_test(test_judge),
		cmocka_unit_test(test_cert_date),
		cmocka_unit_test(test_config_values),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_config_limit),
		cmocka_unit_test(test_config_long_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
