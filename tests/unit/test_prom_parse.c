/*
 * test_prom_parse.c - the answers of the Prometheus HTTP API, parsed
 * (reporter/source/prom/prom_parse.c), from bodies captured from real
 * servers: Prometheus 2.42 and VictoriaMetrics 1.79 (tests/fixtures/prom/,
 * README there): a matrix and a vector, "NaN", "+Inf" and "-Inf",
 * warnings, the error bodies (bad_data, the 11,000 points limit, a query
 * timeout, VictoriaMetrics' 422 and plain-text 400, a 404 page), and
 * malformed JSON; the PromQL placeholders (prom_query.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prom_int.h"

/* A request that was answered status with the fixture file's body. */
static void
answer(struct prom_req *r, long status, const char *file)
{
	const char *src = getenv("PERFWEEK_SRC");
	char path[1024], data[8192];
	size_t n;
	FILE *f;

	memset(r, 0, sizeof(*r));
	snprintf(path, sizeof(path), "%s/tests/fixtures/prom/%s",
		 src ? src : ".", file);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(data, 1, sizeof(data), f);
	fclose(f);
	buf_init(&r->body, 1 << 20);
	assert_int_equal(buf_add(&r->body, data, n), PW_OK);
	r->http_status = status;
}

/* The reason prom_parse gives for a failed answer. */
static const char *
reason(long status, const char *file)
{
	static char why[600];
	struct prom_req r;
	struct prom_result res;

	answer(&r, status, file);
	assert_int_equal(prom_parse("test", &r, &res, why, sizeof(why)),
			 PW_ERR);
	assert_int_equal(res.n, 0);
	prom_req_free(&r);
	return why;
}

static void
test_matrix(void **state)
{
	const char *files[] = { "prom-matrix.json", "vm-matrix.json" };
	struct prom_result res;
	struct prom_req r;
	char why[600];
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		answer(&r, 200, files[i]);
		assert_int_equal(prom_parse("test", &r, &res, why, sizeof(why)),
				 PW_OK);
		assert_int_equal(res.n, 1);
		assert_int_equal(res.s[0].n, 3);
		assert_int_equal(res.s[0].t[2], 1764547260);
		assert_true(res.s[0].v[0] == 0.5);
		assert_string_equal(prom_label(&res.s[0], "instance"),
				    "h1:9100");
		assert_string_equal(prom_label(&res.s[0], "__name__"),
				    "node_load1");
		assert_string_equal(prom_label(&res.s[0], "device"), "");
		prom_result_free(&res);
		prom_req_free(&r);
	}
	answer(&r, 200, "prom-vector.json");
	assert_int_equal(prom_parse("test", &r, &res, why, sizeof(why)), PW_OK);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.s[0].n, 1);
	assert_int_equal(res.s[0].t[0], 1764547200);
	prom_result_free(&res);
	prom_req_free(&r);
}

static void
test_special_values(void **state)
{
	struct prom_result res;
	struct prom_req r;
	char why[600];
	double v;

	(void)state;
	answer(&r, 200, "prom-nan.json");
	assert_int_equal(prom_parse("test", &r, &res, why, sizeof(why)), PW_OK);
	assert_true(isnan(res.s[0].v[0]) && isnan(res.s[0].v[1]));
	prom_result_free(&res);
	prom_req_free(&r);
	answer(&r, 200, "prom-inf.json");
	assert_int_equal(prom_parse("test", &r, &res, why, sizeof(why)), PW_OK);
	assert_true(isinf(res.s[0].v[0]) && res.s[0].v[0] > 0);
	prom_result_free(&res);
	prom_req_free(&r);
	answer(&r, 200, "prom-neginf.json");
	assert_int_equal(prom_parse("test", &r, &res, why, sizeof(why)), PW_OK);
	assert_true(isinf(res.s[0].v[1]) && res.s[0].v[1] < 0);
	prom_result_free(&res);
	prom_req_free(&r);
	assert_int_equal(prom_value("1e3", &v), 0);
	assert_true(v == 1000);
	assert_int_equal(prom_value("", &v), -1);
	assert_int_equal(prom_value("1.5x", &v), -1);
	assert_int_equal(prom_value("inf", &v),
			 -1); /* not the API's spelling */
}

static void
test_warnings(void **state)
{
	struct prom_result res;
	struct prom_req r;
	char why[600];

	(void)state;
	/* logged (with who), and the answer is used */
	answer(&r, 200, "prom-warnings.json");
	assert_int_equal(prom_parse("test", &r, &res, why, sizeof(why)), PW_OK);
	assert_int_equal(res.s[0].n, 3);
	prom_result_free(&res);
	prom_req_free(&r);
}

static void
test_errors(void **state)
{
	(void)state;
	assert_string_equal(
		reason(400, "prom-bad-data.json"),
		"HTTP 400: the query was refused: bad_data: 1:12: parse error: unexpected end of input inside braces");
	assert_string_equal(
		reason(400, "prom-too-many.json"),
		"HTTP 400: the query was refused: bad_data: exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
	assert_string_equal(
		reason(503, "prom-timeout.json"),
		"HTTP 503: the server is not ready, or is overloaded: timeout: query timed out in expression evaluation");
	{
		const char *want =
			"HTTP 422: the query cannot be executed: 422: error when executing query=\"node_load1{\" on the time range";

		assert_true(strncmp(reason(422, "vm-422.json"), want,
				    strlen(want)) == 0);
	}
	assert_string_equal(
		reason(400, "vm-unsupported-path.txt"),
		"HTTP 400: the query was refused: unsupported path requested: \"/select/0/prometheus/api/v1/query_range\"");
	assert_string_equal(
		reason(404, "prom-404.txt"),
		"HTTP 404: no Prometheus API there: url must be the API root, to which /api/v1/query_range is appended: 404 page not found");
	assert_string_equal(
		reason(401, "prom-404.txt"),
		"HTTP 401: the credentials were refused (user and password_file, or bearer_token_file): 404 page not found");
}

static void
test_malformed(void **state)
{
	static const char *const bodies[] = {
		"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
		"\"result\":[{\"metric\":{},\"values\":[[1,\"x\"]]}]}}",
		"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
		"\"result\":[{\"metric\":{\"a\":1},\"values\":[]}]}}",
		"{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
		"\"result\":[1,\"2\"]}}",
		"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
		"\"result\":[{\"metric\":{},\"values\":[[1]]}]}}",
		"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\"",
		"not json at all",
		"",
	};
	static const char *const why_want[] = {
		"a malformed series in the answer",
		"a malformed series in the answer",
		"the answer is not a matrix or vector of series",
		"a malformed series in the answer",
		"the answer is not the API's JSON",
		"the answer is not the API's JSON",
		"the answer is not the API's JSON",
	};
	struct prom_result res;
	struct prom_req r;
	char why[600];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		memset(&r, 0, sizeof(r));
		buf_init(&r.body, 1 << 20);
		assert_int_equal(buf_adds(&r.body, bodies[i]), PW_OK);
		r.http_status = 200;
		assert_int_equal(prom_parse("test", &r, &res, why, sizeof(why)),
				 PW_ERR);
		assert_string_equal(why, why_want[i]);
		prom_req_free(&r);
	}
	/* the transport's error comes first */
	memset(&r, 0, sizeof(r));
	snprintf(r.error, sizeof(r.error), "Couldn't connect to server");
	assert_int_equal(prom_parse("test", &r, &res, why, sizeof(why)),
			 PW_ERR);
	assert_string_equal(why, "Couldn't connect to server");
}

static void
test_expand(void **state)
{
	static struct config cfg;
	static struct source_config sc;
	char out[PROM_QUERY_MAX];

	(void)state;
	config_defaults(&cfg);
	sc = *config_source_default();
	assert_int_equal(prom_expand(&sc, &cfg, NULL,
				     "irate(x{$m}[$w]) and count_over_time("
				     "x{$m}[$f]) by ($by) $s $S",
				     "h\"1\\", 60, 0, out, sizeof(out)),
			 PW_OK);
	assert_string_equal(
		out,
		"irate(x{job=\"node\",instance=\"h\\\"1\\\\\"}[86400s]) and count_over_time(x{job=\"node\",instance=\"h\\\"1\\\\\"}[59999ms]) by (instance) 60 60s");
	snprintf(cfg.fs_types.buf, sizeof(cfg.fs_types.buf), "ext4%cxfs", 0);
	cfg.fs_types.v[0] = cfg.fs_types.buf;
	cfg.fs_types.v[1] = cfg.fs_types.buf + 5;
	cfg.fs_types.n = 2;
	assert_int_equal(prom_expand(&sc, &cfg, NULL, "{fstype=~\"$fs\",$m}",
				     NULL, 15, 0, out, sizeof(out)),
			 PW_OK);
	assert_string_equal(out, "{fstype=~\"ext4|xfs\",job=\"node\"}");
	/* an override replaces the table's expression */
	snprintf(sc.queries[0].metric, sizeof(sc.queries[0].metric), "load1");
	snprintf(sc.queries[0].expr, sizeof(sc.queries[0].expr),
		 "node_load5{$m}");
	sc.nqueries = 1;
	assert_int_equal(prom_expand(&sc, &cfg, "load1", "node_load1{$m}", "h",
				     60, 0, out, sizeof(out)),
			 PW_OK);
	assert_string_equal(out, "node_load5{job=\"node\",instance=\"h\"}");
	assert_int_equal(
		prom_expand(&sc, &cfg, "load1", "x", "h", 60, 0, out, 8),
		PW_ETOOBIG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_special_values),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_expand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
