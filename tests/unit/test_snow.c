/*
 * test_snow.c - the pure parts of the ServiceNow client: the Link header
 * (snow_link.c) and the Table API page parser with its three value shapes,
 * error bodies and code maps (snow_parse.c).  Bodies are written as the
 * Table API sends them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "snow.h"
#include "snow_int.h"

static void
test_link_next(void **state)
{
	char url[128];

	(void)state;
	assert_int_equal(
		snow_link_next(
			"<https://i/api?o=0>;rel=\"first\","
			"<https://i/api?o=10>;rel=\"next\",<https://i/api?o=90>;"
			"rel=\"last\"",
			url, sizeof(url)),
		PW_OK);
	assert_string_equal(url, "https://i/api?o=10");
	/* spaces, other parameters, unquoted and multi-valued rel */
	assert_int_equal(snow_link_next(" <a>; rel=prev , <b> ; title=\"x, y\""
					"; rel=\"last next\"",
					url, sizeof(url)),
			 PW_OK);
	assert_string_equal(url, "b");
	assert_int_equal(snow_link_next("<a>;REL=Next", url, sizeof(url)),
			 PW_OK);
	assert_string_equal(url, "a");
	assert_int_equal(snow_link_next("<a>;rel=\"first\",<b>;rel=\"last\"",
					url, sizeof(url)),
			 PW_ENOTFOUND);
	assert_int_equal(snow_link_next("", url, sizeof(url)), PW_ENOTFOUND);
	/* "nextpage" is not "next" */
	assert_int_equal(snow_link_next("<a>;rel=nextpage", url, sizeof(url)),
			 PW_ENOTFOUND);
	assert_int_equal(snow_link_next("a;rel=next", url, sizeof(url)),
			 PW_EPARSE);
	assert_int_equal(snow_link_next("<a;rel=next", url, sizeof(url)),
			 PW_EPARSE);
	assert_int_equal(snow_link_next("<a>;rel=\"next", url, sizeof(url)),
			 PW_EPARSE);
	assert_int_equal(snow_link_next("<0123456789>;rel=next", url, 8),
			 PW_ETOOBIG);
	/* quoted pairs (RFC 9110 5.6.4): an escaped quote does not end it */
	assert_int_equal(snow_link_next("<a>;title=\"say \\\"next\\\"\","
					"<b>;rel=\"n\\ext\"",
					url, sizeof(url)),
			 PW_OK);
	assert_string_equal(url, "b");
	assert_int_equal(snow_link_next("<a>;rel=\"ne\\ xt\";x=\"\\\\\"", url,
					sizeof(url)),
			 PW_ENOTFOUND);
	assert_int_equal(snow_link_next("<a>;rel=\"x\\\"", url, sizeof(url)),
			 PW_EPARSE);
}

/* One record in each shape: display values off, references as objects. */
static const char page_false[] =
	"{\"result\":[{\"sys_id\":\"a1\","
	"\"number\":\"INC0010001\",\"short_description\":\"Δίσκος γεμάτος\","
	"\"priority\":\"2\",\"state\":\"3\",\"opened_at\":\"2026-11-10 "
	"09:15:00\",\"resolved_at\":\"\",\"assignment_group\":{\"link\":"
	"\"https://i/api/now/table/sys_user_group/g1\",\"value\":\"g1\"},"
	"\"assignment_group.name\":\"Network\",\"cmdb_ci\":\"\"}]}";
/* sysparm_display_value=all, no dot-walked name */
static const char page_all[] =
	"{\"result\":[{\"sys_id\":{\"display_value\":"
	"\"b2\",\"value\":\"b2\"},\"number\":{\"display_value\":\"INC0010002\","
	"\"value\":\"INC0010002\"},\"priority\":{\"display_value\":"
	"\"1 - Critical\",\"value\":\"1\"},\"state\":{\"display_value\":"
	"\"Resolved\",\"value\":\"6\"},\"opened_at\":{\"display_value\":"
	"\"2026-11-10 10:15:00\",\"value\":\"2026-11-10 09:15:00\"},"
	"\"resolved_at\":{\"display_value\":\"2026-11-11 10:15:00\",\"value\":"
	"\"2026-11-11 09:15:00\"},\"assignment_group\":{\"display_value\":"
	"\"Служба\",\"link\":\"https://i/x\",\"value\":\"g2\"},\"cmdb_ci\":"
	"{\"display_value\":\"db-prod-01\",\"value\":\"c1\"}}]}";
/* display values on: names, not codes */
static const char page_true[] =
	"{\"result\":[{\"sys_id\":\"c3\",\"number\":"
	"\"INC0010003\",\"priority\":\"4 - Low\",\"state\":\"On Hold\","
	"\"assignment_group\":\"g3\"}]}";

static void
test_page_shapes(void **state)
{
	struct snow_set set;
	char reason[256];
	size_t n;
	const struct snow_incident *a, *b, *c;

	(void)state;
	memset(&set, 0, sizeof(set));
	assert_int_equal(snow_parse_page(page_false, strlen(page_false), 1,
					 &set, &n, reason, sizeof(reason)),
			 PW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(snow_parse_page(page_all, strlen(page_all), 0, &set,
					 &n, reason, sizeof(reason)),
			 PW_OK);
	assert_int_equal(snow_parse_page(page_true, strlen(page_true), 1, &set,
					 &n, reason, sizeof(reason)),
			 PW_OK);
	assert_int_equal(set.n, 3);
	a = &set.v[0], b = &set.v[1], c = &set.v[2];
	assert_string_equal(a->number, "INC0010001");
	assert_string_equal(a->short_description, "Δίσκος γεμάτος");
	assert_int_equal(a->priority, 2);
	assert_int_equal(a->state, 3);
	assert_int_equal(a->opened_at, 1794302100);
	assert_int_equal(a->resolved_at, 0);
	assert_string_equal(a->assignment_group, "Network");
	assert_string_equal(a->cmdb_ci, "");
	assert_true(a->is_open && !a->in_period);
	assert_non_null(strstr(a->raw, "\"sys_id\":\"a1\""));
	assert_int_equal(b->priority, 1);
	assert_int_equal(b->state, 6);
	/* the UTC value, not the display value */
	assert_int_equal(b->opened_at, 1794302100);
	assert_int_equal(b->resolved_at, 1794302100 + 86400);
	assert_string_equal(b->assignment_group, "Служба");
	assert_string_equal(b->cmdb_ci, "db-prod-01");
	assert_true(!b->is_open && b->in_period);
	assert_int_equal(c->priority, 4);
	assert_int_equal(c->state, 3);
	assert_string_equal(c->assignment_group, "g3");
	/* a record seen again is marked, not added */
	assert_int_equal(snow_parse_page(page_false, strlen(page_false), 0,
					 &set, &n, reason, sizeof(reason)),
			 PW_OK);
	assert_int_equal(set.n, 3);
	assert_true(set.v[0].is_open && set.v[0].in_period);
	snow_set_free(&set);
}

static void
test_page_many(void **state)
{
	struct snow_set set;
	char body[64], reason[256];
	size_t n, i;

	(void)state;
	memset(&set, 0, sizeof(set));
	/* enough records for the hash to grow several times */
	for (i = 0; i < 5000; i++) {
		snprintf(body, sizeof(body),
			 "{\"result\":[{\"sys_id\":\"s%zu\"}]}", i % 2500);
		assert_int_equal(snow_parse_page(body, strlen(body), i < 2500,
						 &set, &n, reason,
						 sizeof(reason)),
				 PW_OK);
	}
	assert_int_equal(set.n, 2500);
	for (i = 0; i < set.n; i++)
		assert_true(set.v[i].is_open && set.v[i].in_period);
	snow_set_free(&set);
}

static void
test_page_failures(void **state)
{
	static const struct {
		const char *body;
		const char *reason;
	} cases[] = {
		{ "{\"error\":{\"message\":\"Invalid table\",\"detail\":"
		  "\"incidents\"},\"status\":\"failure\"}",
		  "ServiceNow error: Invalid table: incidents" },
		{ "{\"error\":{\"detail\":null},\"status\":\"failure\"}",
		  "ServiceNow error: (no message)" },
		{ "  <!DOCTYPE html><html>login</html>",
		  "an HTML page instead of JSON (a proxy or login page?)" },
		{ "{\"result\":[{\"sys_id\":\"a\"",
		  "malformed or truncated "
		  "JSON" },
		{ "", "an empty response" },
		{ "{\"records\":[]}", "JSON without a \"result\" list" },
		{ "{\"result\":[1]}", "a result that is not a record" },
		{ "{\"result\":[{\"number\":\"INC1\"}]}",
		  "a record without sys_id" },
	};
	struct snow_set set;
	char reason[256];
	size_t n, i;

	(void)state;
	memset(&set, 0, sizeof(set));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reason[0] = '\0';
		assert_int_equal(snow_parse_page(cases[i].body,
						 strlen(cases[i].body), 1, &set,
						 &n, reason, sizeof(reason)),
				 PW_EPARSE);
		assert_string_equal(reason, cases[i].reason);
		assert_int_equal(set.n, 0);
	}
	assert_int_equal(snow_error_text(cases[0].body, strlen(cases[0].body),
					 reason, sizeof(reason)),
			 0);
	assert_string_equal(reason, cases[0].reason);
	assert_int_equal(snow_error_text("<html>", 6, reason, sizeof(reason)),
			 -1);
	snow_set_free(&set);
}

static void
test_codes_and_times(void **state)
{
	(void)state;
	assert_string_equal(snow_priority_name(1), "1 - Critical");
	assert_string_equal(snow_priority_name(5), "5 - Planning");
	assert_null(snow_priority_name(0));
	assert_null(snow_priority_name(6));
	assert_string_equal(snow_state_name(2), "In Progress");
	assert_string_equal(snow_state_name(8), "Canceled");
	assert_null(snow_state_name(4));
	assert_int_equal(snow_state_code("7"), 7);
	assert_int_equal(snow_state_code("Closed"), 7);
	assert_int_equal(snow_state_code("closed"), 0);
	assert_int_equal(snow_parse_time("2026-11-16 00:00:00"), 1794787200);
	assert_int_equal(snow_parse_time("2026-11-16"), -1);
	assert_int_equal(snow_parse_time("2026-11-16 00:00:00Z"), -1);
	assert_int_equal(snow_parse_time("2026-13-16 00:00:00"), -1);
	assert_int_equal(snow_parse_time(""), -1);
}

static void
test_queries(void **state)
{
	static struct config cfg;
	struct buf b;

	(void)state;
	config_defaults(&cfg);
	snprintf(cfg.snow_instance, sizeof(cfg.snow_instance),
		 "https://x.service-now.com");
	buf_init(&b, 8192);
	/* 2026-W46 in UTC */
	assert_int_equal(snow_period_query(&cfg, 1794182400, 1794787200, &b),
			 PW_OK);
	assert_string_equal(
		b.data,
		"opened_at>=javascript:gs.dateGenerate("
		"'2026-11-09','00:00:00')^opened_at<javascript:gs.dateGenerate("
		"'2026-11-16','00:00:00')^NQresolved_at>=javascript:"
		"gs.dateGenerate('2026-11-09','00:00:00')^resolved_at<"
		"javascript:gs.dateGenerate('2026-11-16','00:00:00')");
	buf_reset(&b);
	snprintf(cfg.snow_period_query, sizeof(cfg.snow_period_query),
		 "category=network");
	assert_int_equal(snow_period_query(&cfg, 1794178800, 1794783600, &b),
			 PW_OK);
	assert_string_equal(
		b.data,
		"category=network^opened_at>=javascript:"
		"gs.dateGenerate('2026-11-08','23:00:00')^opened_at<javascript:"
		"gs.dateGenerate('2026-11-15','23:00:00')^NQcategory=network^"
		"resolved_at>=javascript:gs.dateGenerate('2026-11-08','23:00:00')"
		"^resolved_at<javascript:gs.dateGenerate('2026-11-15',"
		"'23:00:00')");
	buf_reset(&b);
	assert_int_equal(snow_page_url(&cfg, "active=true", 2000, &b), PW_OK);
	assert_string_equal(
		b.data,
		"https://x.service-now.com/api/now/table/"
		"incident?sysparm_query=active%3Dtrue%5EORDERBYnumber%5E"
		"ORDERBYsys_id&sysparm_fields=sys_id%2Cnumber%2C"
		"short_description%2Cpriority%2Cstate%2Copened_at%2C"
		"resolved_at%2Cassignment_group%2Ccmdb_ci%2C"
		"assignment_group.name%2Ccmdb_ci.name&sysparm_display_value="
		"false&sysparm_limit=1000&sysparm_offset=2000");
	buf_reset(&b);
	/* an empty query: no leading ^ */
	assert_int_equal(snow_page_url(&cfg, "", 0, &b), PW_OK);
	assert_non_null(strstr(b.data, "sysparm_query=ORDERBYnumber%5E"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_next),
		cmocka_unit_test(test_page_shapes),
		cmocka_unit_test(test_page_many),
		cmocka_unit_test(test_page_failures),
		cmocka_unit_test(test_codes_and_times),
		cmocka_unit_test(test_queries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
