/*
 * test_tmpl.c - the template engine beyond the Mustache specification.
 *
 * The nesting caps for parsing and for rendering, the step and output
 * caps, UTF-8 passing through, missing partials, number and value
 * formatting, truthiness, the indentation of nested standalone partials,
 * reuse of a parsed template, and the escaping modes of {{x}}.  The
 * messages for broken templates are checked in test_tmpl_errors.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "tmpl.h"
#include "tmpl_check.h"

/* TMPL_MAX_DEPTH nested sections parse and render; one more does not. */
static void
test_parse_depth_cap(void **state)
{
	struct tmpl_error err = { 0, 0, "" };
	struct buf tpl;
	char *got;
	int i;

	(void)state;
	buf_init(&tpl, OUT_CAP);
	for (i = 0; i < TMPL_MAX_DEPTH; i++)
		assert_int_equal(buf_adds(&tpl, "{{#a}}"), PW_OK);
	assert_int_equal(buf_adds(&tpl, "x"), PW_OK);
	for (i = 0; i < TMPL_MAX_DEPTH; i++)
		assert_int_equal(buf_adds(&tpl, "{{/a}}"), PW_OK);
	assert_int_equal(
		render(tpl.data, "{\"a\": true}", NULL, OUT_CAP, &got, &err),
		PW_OK);
	assert_string_equal(got, "x");
	free(got);
	buf_reset(&tpl);
	for (i = 0; i <= TMPL_MAX_DEPTH; i++)
		assert_int_equal(buf_adds(&tpl, "{{#a}}"), PW_OK);
	expect_parse_error("t", tpl.data,
			   "t:1:601: sections nested deeper than 100", 1, 601);
	buf_free(&tpl);
}

static void
test_render_depth_cap(void **state)
{
	struct tmpl_error err = { 0, 0, "" };
	char *got;

	(void)state;
	/* t enters self once, then self enters itself 99 more times. */
	assert_int_equal(render("{{>self}}", "{}", "{\"self\": \"a{{>self}}\"}",
				OUT_CAP, &got, &err),
			 PW_ETOOBIG);
	assert_null(got);
	assert_string_equal(
		err.msg,
		"self:1:2: sections and partials nested deeper than 100");
}

/* Data nested n deep, rendered by a partial that recurses through it. */
static enum pw_status
render_tree(int n, char **got, struct tmpl_error *err)
{
	struct buf data;
	enum pw_status st;
	int i;

	buf_init(&data, OUT_CAP);
	for (i = 0; i < n; i++)
		assert_int_equal(
			buf_printf(&data, "{\"v\": %d, \"kids\": [", i), PW_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_adds(&data, "]}"), PW_OK);
	st = render("{{#kids}}{{>node}}{{/kids}}", data.data,
		    "{\"node\": \"{{v}}({{#kids}}{{>node}}{{/kids}})\"}",
		    OUT_CAP, got, err);
	buf_free(&data);
	return st;
}

static void
test_render_depth_data(void **state)
{
	struct tmpl_error err = { 0, 0, "" };
	char *got;

	(void)state;
	/* Level k renders at depth 2k: a section and a partial per level. */
	assert_int_equal(render_tree(4, &got, &err), PW_OK);
	assert_string_equal(got, "1(2(3()))");
	free(got);
	assert_int_equal(render_tree(51, &got, &err), PW_OK);
	assert_int_equal(strncmp(got, "1(2(3(", 6), 0);
	assert_int_equal(strlen(got), 9 * 1 + 41 * 2 + 50 * 2);
	free(got);
	assert_int_equal(render_tree(52, &got, &err), PW_ETOOBIG);
	assert_string_equal(
		err.msg,
		"node:1:7: sections and partials nested deeper than 100");
}

/*
 * Sections nested over a list multiply: seven levels over ten items would
 * visit ten million nodes without writing a byte, so the step cap ends it
 * (found with the fuzz target: thirty levels ran past its timeout).  Five
 * levels pass.
 */
static void
test_render_step_cap(void **state)
{
	static const char data[] = "{\"a\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}";
	struct tmpl_error err = { 0, 0, "" };
	char tpl[256];
	char *got;
	int i;

	(void)state;
	tpl[0] = '\0';
	for (i = 0; i < 5; i++)
		strcat(tpl, "{{#a}}");
	for (i = 0; i < 5; i++)
		strcat(tpl, "{{/a}}");
	assert_int_equal(render(tpl, data, NULL, OUT_CAP, &got, &err), PW_OK);
	assert_string_equal(got, "");
	free(got);

	tpl[0] = '\0';
	for (i = 0; i < 7; i++)
		strcat(tpl, "{{#a}}");
	for (i = 0; i < 7; i++)
		strcat(tpl, "{{/a}}");
	assert_int_equal(render(tpl, data, NULL, OUT_CAP, &got, &err),
			 PW_ETOOBIG);
	assert_null(got);
	assert_string_equal(err.msg,
			    "t:1:7: more than 1000000 tags rendered: "
			    "sections over lists nested too deep");
}

static void
test_output_cap(void **state)
{
	struct tmpl_error err = { 0, 0, "" };
	char *got;

	(void)state;
	assert_int_equal(render("{{x}}", "{\"x\": \"0123456789\"}", NULL, 10,
				&got, &err),
			 PW_OK);
	assert_string_equal(got, "0123456789");
	free(got);
	assert_int_equal(render("{{x}}", "{\"x\": \"0123456789A\"}", NULL, 10,
				&got, &err),
			 PW_ETOOBIG);
	assert_null(got);
	assert_string_equal(err.msg, "t: output is larger than 10 bytes");
	assert_int_equal(err.line, 0);
	/* Escaping makes "&&&" 15 bytes. */
	assert_int_equal(
		render("{{x}}", "{\"x\": \"&&&\"}", NULL, 10, &got, &err),
		PW_ETOOBIG);
	assert_int_equal(
		render("{{{x}}}", "{\"x\": \"&&&\"}", NULL, 10, &got, &err),
		PW_OK);
	assert_string_equal(got, "&&&");
	free(got);
}

static void
test_utf8_passes_through(void **state)
{
	(void)state;
	expect_output(
		"Grüße, {{name}} — ✓ 日本語\n{{{raw}}}|{{#l}}{{.}}{{/l}}",
		"{\"name\": \"Zoë <ü>\", \"raw\": \"ß&\", \"l\": [\"Ω\", \"😀\"]}",
		NULL, "Grüße, Zoë &lt;ü&gt; — ✓ 日本語\nß&|Ω😀");
}

static void
test_missing_partial(void **state)
{
	(void)state;
	expect_output("[{{>nope}}]", "{}", "{}", "[]");
	expect_output("[{{>nope}}]", "{}", NULL, "[]");
	expect_output("[\n  {{>nope}}\n]", NULL, "{\"nope\": 3}", "[\n]");
}

static void
test_values(void **state)
{
	(void)state;
	expect_output(
		"{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}} {{i}} "
		"{{j}} {{k}} {{l}}",
		"{\"a\": 0.1, \"b\": -3, \"c\": 1e21, \"d\": 100000, "
		"\"e\": 0.30000000000000004, \"f\": 1.5, \"g\": -0.0, "
		"\"h\": 1e-7, \"i\": 4294967296, \"j\": 9007199254740993, "
		"\"k\": -1e300, \"l\": 123456.25}",
		NULL,
		"0.1 -3 1e+21 100000 0.30000000000000004 1.5 0 1e-07 "
		"4294967296 9007199254740992 -1e+300 123456.25");
	expect_output(
		"{{t}} {{f}} [{{n}}] {{o}} {{{o}}}",
		"{\"t\": true, \"f\": false, \"n\": null, \"o\": {\"k\": [1, \"<\"]}}",
		NULL,
		"true false [] {&quot;k&quot;:[1,&quot;&lt;&quot;]} "
		"{\"k\":[1,\"<\"]}");
	expect_output("'{{x}}'", "{\"x\": \"it's\"}", NULL, "'it's'");
}

/* Only false, null, missing and [] are falsey; "", 0 and {} are not. */
static void
test_truthiness(void **state)
{
	(void)state;
	expect_output(
		"{{#s}}S{{/s}}{{#z}}Z{{/z}}{{#o}}O{{/o}}{{#e}}E{{/e}}"
		"{{^e}}e{{/e}}{{^f}}f{{/f}}{{^n}}n{{/n}}{{^m}}m{{/m}}",
		"{\"s\": \"\", \"z\": 0, \"o\": {}, \"e\": [], \"f\": false, "
		"\"n\": null}",
		NULL, "SZOefnm");
}

static void
test_partial_indentation(void **state)
{
	(void)state;
	/* A standalone partial in an indented partial adds both indents. */
	expect_output("  {{>a}}\nz\n", "{}",
		      "{\"a\": \"x\\n  {{>b}}\\ny\\n\", \"b\": \"1\\n2\\n\"}",
		      "  x\n    1\n    2\n  y\nz\n");
	/* An inline partial inside an indented one is not indented. */
	expect_output(" {{>a}}\n", "{}",
		      "{\"a\": \"x\\n({{>b}})\\n\", \"b\": \"1\\n2\"}",
		      " x\n (1\n2)\n");
	/* A comment at the start of a line still leaves the indentation. */
	expect_output(" {{>p}}\n", "{}", "{\"p\": \"{{! c }}X\\nY\\n\"}",
		      " X\n Y\n");
	/* As does a section's close, once per item. */
	expect_output("  {{>p}}\n", "{\"l\": [1, 2]}",
		      "{\"p\": \"{{#l}}a\\n{{/l}}b\\n\"}", "  a\n  a\n  b\n");
	/* Lines of interpolated data are not indented. */
	expect_output("  {{>p}}\n", "{\"v\": \"1\\n2\"}",
		      "{\"p\": \"<{{v}}>\\n\"}", "  <1\n2>\n");
}

static void
test_reuse_and_empty(void **state)
{
	struct tmpl_error err = { 0, 0, "" };
	const char *src = "{{#l}}{{.}},{{/l}}";
	struct tmpl *t = NULL;
	struct buf out;
	cJSON *data = cJSON_Parse("{\"l\": [1, 2]}");
	int i;

	(void)state;
	assert_non_null(data);
	assert_int_equal(tmpl_parse("t", src, strlen(src), &t, &err), PW_OK);
	buf_init(&out, OUT_CAP);
	for (i = 0; i < 3; i++)
		assert_int_equal(tmpl_render(t, data, NULL, &out, &err), PW_OK);
	assert_string_equal(out.data, "1,2,1,2,1,2,");
	buf_free(&out);
	tmpl_free(t);
	cJSON_Delete(data);
	tmpl_free(NULL);

	/* An empty result is an empty, NUL-terminated string. */
	assert_int_equal(tmpl_parse("t", "", 0, &t, &err), PW_OK);
	buf_init(&out, OUT_CAP);
	assert_int_equal(tmpl_render(t, NULL, NULL, &out, &err), PW_OK);
	assert_non_null(out.data);
	assert_string_equal(out.data, "");
	buf_free(&out);
	tmpl_free(t);

	/* Without an error struct the message is logged instead. */
	assert_int_equal(tmpl_parse("t", "{{#a}}", 6, &t, NULL), PW_EPARSE);
}

/* TMPL_ESCAPE_NONE: {{x}} as {{{x}}}, in partials and sections too. */
static void
test_escape_modes(void **state)
{
	struct tmpl_error err = { 0, 0, "" };
	const char *src = "{{x}}|{{{x}}}|{{& x}}|{{#l}}{{.}}{{/l}}|{{> p}}";
	cJSON *data = cJSON_Parse(
		"{\"x\": \"a & b <c> \\\"d\\\"\", \"l\": [\"&\", \"<\"]}");
	cJSON *parts = cJSON_Parse("{\"p\": \"{{x}}\"}");
	struct tmpl_partials partials = { tmpl_partials_json, parts };
	struct tmpl *t = NULL;
	struct buf out;

	(void)state;
	assert_non_null(data);
	assert_non_null(parts);
	assert_int_equal(tmpl_parse("t", src, strlen(src), &t, &err), PW_OK);
	buf_init(&out, OUT_CAP);
	assert_int_equal(tmpl_render_mode(t, data, &partials, TMPL_ESCAPE_NONE,
					  &out, &err),
			 PW_OK);
	assert_string_equal(out.data,
			    "a & b <c> \"d\"|a & b <c> \"d\"|"
			    "a & b <c> \"d\"|&<|a & b <c> \"d\"");
	buf_free(&out);
	buf_init(&out, OUT_CAP);
	assert_int_equal(tmpl_render_mode(t, data, &partials, TMPL_ESCAPE_HTML,
					  &out, &err),
			 PW_OK);
	assert_string_equal(out.data,
			    "a &amp; b &lt;c&gt; &quot;d&quot;|a & b <c> \"d\"|"
			    "a & b <c> \"d\"|&amp;&lt;|"
			    "a &amp; b &lt;c&gt; &quot;d&quot;");
	buf_free(&out);
	tmpl_free(t);
	cJSON_Delete(data);
	cJSON_Delete(parts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_modes),
		cmocka_unit_test(test_parse_depth_cap),
		cmocka_unit_test(test_render_depth_cap),
		cmocka_unit_test(test_render_depth_data),
		cmocka_unit_test(test_render_step_cap),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_utf8_passes_through),
		cmocka_unit_test(test_missing_partial),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_truthiness),
		cmocka_unit_test(test_partial_indentation),
		cmocka_unit_test(test_reuse_and_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
