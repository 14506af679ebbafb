/*
 * test_mustache_spec.c - run the Mustache specification's tests against tmpl.
 *
 * Loads every JSON file in tests/fixtures/mustache-spec/ (the spec's comments,
 * delimiters, interpolation, inverted, partials and sections modules), parses
 * and renders each case twice with the same template (a render must not
 * change it), prints every failing case with what it expected and got, and
 * asserts that exactly SPEC_CASES cases ran and all passed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "fileio.h"
#include "tmpl.h"

#define SPEC_CASES    136
#define SPEC_FILE_CAP ((size_t)1 << 20)
#define OUT_CAP       ((size_t)1 << 16)

struct tally {
	int run;
	int failed;
};

static const char *
src_dir(void)
{
	const char *s = getenv("PERFWEEK_SRC");

	return s && *s ? s : ".";
}

/* Parse and render one case; NULL when parsing fails. */
static char *
render_case(const cJSON *tc, struct tmpl_error *err)
{
	const cJSON *tpl = cJSON_GetObjectItemCaseSensitive(tc, "template");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(tc, "data");
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(tc, "partials");
	struct tmpl_partials partials = { tmpl_partials_json, (void *)parts };
	struct tmpl *t = NULL;
	struct buf out[2];
	char *res = NULL;
	int i;

	if (!cJSON_IsString(tpl))
		return NULL;
	if (tmpl_parse("spec", tpl->valuestring, strlen(tpl->valuestring), &t,
		       err) != PW_OK)
		return NULL;
	buf_init(&out[0], OUT_CAP);
	buf_init(&out[1], OUT_CAP);
	for (i = 0; i < 2; i++) {
		if (tmpl_render(t, data, parts ? &partials : NULL, &out[i],
				err) != PW_OK)
			goto out;
	}
	if (strcmp(out[0].data, out[1].data) != 0) {
		snprintf(err->msg, sizeof(err->msg), "second render differs");
		goto out;
	}
	res = buf_steal(&out[0]);
out:
	buf_free(&out[0]);
	buf_free(&out[1]);
	tmpl_free(t);
	return res;
}

static void
run_file(const char *path, struct tally *tally)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const cJSON *tests, *tc;
	char rel[512];
	struct buf text;
	cJSON *root;
	int n;

	n = snprintf(rel, sizeof(rel), "tests/fixtures/mustache-spec/%s", base);
	assert_true(n > 0 && (size_t)n < sizeof(rel));
	buf_init(&text, SPEC_FILE_CAP);
	assert_int_equal(fileio_read(src_dir(), rel, &text), PW_OK);
	root = cJSON_ParseWithLength(text.data, text.len);
	buf_free(&text);
	assert_non_null(root);
	tests = cJSON_GetObjectItemCaseSensitive(root, "tests");
	assert_true(cJSON_IsArray(tests));
	cJSON_ArrayForEach(tc, tests) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(tc,
								     "name");
		const cJSON *exp = cJSON_GetObjectItemCaseSensitive(tc,
								    "expected");
		struct tmpl_error err = { 0, 0, "" };
		char *got;

		assert_true(cJSON_IsString(name) && cJSON_IsString(exp));
		tally->run++;
		got = render_case(tc, &err);
		if (got && strcmp(got, exp->valuestring) == 0) {
			free(got);
			continue;
		}
		tally->failed++;
		print_message("FAIL %s: %s\n  expected: \"%s\"\n  got:      "
			      "\"%s\"%s%s\n",
			      base, name->valuestring, exp->valuestring,
			      got ? got : "", err.msg[0] ? "\n  error: " : "",
			      err.msg);
		free(got);
	}
	cJSON_Delete(root);
}

static void
test_spec_all(void **state)
{
	struct tally tally = { 0, 0 };
	char pattern[4096];
	glob_t g;
	size_t i;
	int n;

	(void)state;
	n = snprintf(pattern, sizeof(pattern),
		     "%s/tests/fixtures/mustache-spec/*.json", src_dir());
	assert_true(n > 0 && (size_t)n < sizeof(pattern));
	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	assert_int_equal(g.gl_pathc, 6);
	for (i = 0; i < g.gl_pathc; i++)
		run_file(g.gl_pathv[i], &tally);
	globfree(&g);
	print_message("mustache spec: %d cases, %d failed\n", tally.run,
		      tally.failed);
	assert_int_equal(tally.run, SPEC_CASES);
	assert_int_equal(tally.failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
