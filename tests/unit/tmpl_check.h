/*
 * tmpl_check.h - what the tests of the template engine share: render a
 * template against JSON data and partials, and expect its output or its
 * parse error.  Include after <cmocka.h>.
 */
#ifndef PW_TEST_TMPL_CHECK_H
#define PW_TEST_TMPL_CHECK_H

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "tmpl.h"

#define OUT_CAP ((size_t)1 << 20)

/*
 * Render tpl against the JSON text data with the JSON object parts as
 * partials (NULL: none).  Returns the status; *got (freed by the caller) is
 * the output on success, NULL otherwise.
 */
static inline enum pw_status
render(const char *tpl, const char *data, const char *parts, size_t cap,
       char **got, struct tmpl_error *err)
{
	cJSON *jd = data ? cJSON_Parse(data) : NULL;
	cJSON *jp = parts ? cJSON_Parse(parts) : NULL;
	struct tmpl_partials partials = { tmpl_partials_json, jp };
	struct tmpl *t = NULL;
	struct buf out;
	enum pw_status st;

	assert_true(!data || jd);
	assert_true(!parts || jp);
	*got = NULL;
	buf_init(&out, cap);
	st = tmpl_parse("t", tpl, strlen(tpl), &t, err);
	if (st == PW_OK) {
		st = tmpl_render(t, jd, jp ? &partials : NULL, &out, err);
		if (st == PW_OK)
			*got = buf_steal(&out);
		else
			assert_null(out.data);
	}
	buf_free(&out);
	tmpl_free(t);
	cJSON_Delete(jd);
	cJSON_Delete(jp);
	return st;
}

static inline void
expect_output(const char *tpl, const char *data, const char *parts,
	      const char *want)
{
	struct tmpl_error err = { 0, 0, "" };
	char *got;

	assert_int_equal(render(tpl, data, parts, OUT_CAP, &got, &err), PW_OK);
	assert_string_equal(got, want);
	free(got);
}

static inline void
expect_parse_error(const char *name, const char *tpl, const char *msg,
		   unsigned line, unsigned col)
{
	struct tmpl_error err = { 0, 0, "" };
	struct tmpl *t = NULL;

	assert_int_equal(tmpl_parse(name, tpl, strlen(tpl), &t, &err),
			 PW_EPARSE);
	assert_null(t);
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
}

#endif
