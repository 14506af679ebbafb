/*
 * test_tmpl_errors.c - the messages of the template engine for broken
 * templates: each exact, with the line and column of the tag at fault,
 * including a broken partial and non-ASCII text before the error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "tmpl.h"
#include "tmpl_check.h"

static void
test_error_unclosed_section(void **state)
{
	(void)state;
	expect_parse_error(
		"report.txt.mustache",
		"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n    {{#disks}}\n{{name}}\n",
		"report.txt.mustache:12:5: section 'disks' is never closed", 12,
		5);
	expect_parse_error("t", "{{#a}}{{#b}}{{/b}}\n\t{{^c}}x",
			   "t:2:2: section 'c' is never closed", 2, 2);
}

static void
test_error_unclosed_tag(void **state)
{
	(void)state;
	expect_parse_error("t", "ab\ncd {{name\n",
			   "t:2:4: tag is never closed: no '}}' after it", 2,
			   4);
	expect_parse_error("t", "{{{a}}",
			   "t:1:1: tag is never closed: no '}}}' after it", 1,
			   1);
	expect_parse_error("t", "{{=<% %>=}}\n\n  <%!x",
			   "t:3:3: tag is never closed: no '%>' after it", 3,
			   3);
}

static void
test_error_close_mismatch(void **state)
{
	(void)state;
	expect_parse_error(
		"t", "{{#a}}\n  {{#b}}\n  {{/a}}\n{{/b}}",
		"t:3:3: closing tag 'a' does not match section 'b' opened at 2:3",
		3, 3);
	expect_parse_error("t", "x{{/a}}",
			   "t:1:2: closing tag 'a' has no open section", 1, 2);
}

static void
test_error_delimiters(void **state)
{
	static const char msg[] = "set-delimiter tag needs two delimiters "
				  "of 1 to 16 bytes without spaces or '='";
	char want[256];

	(void)state;
	assert_true(snprintf(want, sizeof(want), "t:2:1: %s", msg) > 0);
	expect_parse_error("t", "x\n{{=<% =}}", want, 2, 1);
	expect_parse_error("t", "x\n{{= a b c =}}", want, 2, 1);
	expect_parse_error("t", "x\n{{=a= b=}}", want, 2, 1);
	expect_parse_error("t", "x\n{{=12345678901234567 b=}}", want, 2, 1);
	/* After a change, positions and messages follow the new delimiters. */
	expect_parse_error("t", "{{=<% %>=}}\n<%#x%>",
			   "t:2:1: section 'x' is never closed", 2, 1);
}

static void
test_error_names(void **state)
{
	(void)state;
	expect_parse_error("t", "a {{}}", "t:1:3: empty tag name", 1, 3);
	expect_parse_error("t", "{{# }}", "t:1:1: empty tag name", 1, 1);
	expect_parse_error("t", "{{{ }}}", "t:1:1: empty tag name", 1, 1);
	expect_parse_error("t", "{{a b}}",
			   "t:1:1: tag name contains a space "
			   "or a control character",
			   1, 1);
	expect_parse_error("t", "{{a..b}}",
			   "t:1:1: tag name 'a..b' has an empty part", 1, 1);
	expect_parse_error("t", "{{#.a}}{{/.a}}",
			   "t:1:1: tag name '.a' has an empty part", 1, 1);
}

/* Columns count characters: "héllo wörld " is 12 of them in 14 bytes. */
static void
test_error_column_utf8(void **state)
{
	(void)state;
	expect_parse_error("t", "x\nhéllo wörld {{#x}}",
			   "t:2:13: section 'x' is never closed", 2, 13);
}

static void
test_error_in_partial(void **state)
{
	struct tmpl_error err = { 0, 0, "" };
	char *got;

	(void)state;
	assert_int_equal(render("a\n{{>p}}", "{}", "{\"p\": \"ok\\n{{#s}}\"}",
				OUT_CAP, &got, &err),
			 PW_EPARSE);
	assert_null(got);
	assert_string_equal(err.msg, "p:2:1: section 's' is never closed");
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_unclosed_section),
		cmocka_unit_test(test_error_unclosed_tag),
		cmocka_unit_test(test_error_close_mismatch),
		cmocka_unit_test(test_error_delimiters),
		cmocka_unit_test(test_error_names),
		cmocka_unit_test(test_error_column_utf8),
		cmocka_unit_test(test_error_in_partial),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
