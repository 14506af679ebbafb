/*
 * prom_parse.c - an answer of the Prometheus HTTP API, parsed: the series
 * of a matrix or vector, or why there are none, in one line.
 *
 * The API answers {"status":"success","data":{"resultType":...,
 * "result":[...]},"warnings":[...]} or {"status":"error","errorType":...,
 * "error":...}.  Sample values are strings, "NaN", "+Inf" and "-Inf"
 * included; a value that is none of these makes the answer malformed.
 * The reason of a failure names the HTTP status and what it usually
 * means (401: the credentials, 404: url is not the API root, 422:
 * VictoriaMetrics' answer to a query it refuses, 503: not ready), with
 * the server's own errorType and error when it sent them.  Pure: a buffer
 * in, structs out, so the unit tests feed it answers captured from real
 * servers.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "prom_int.h"

int
prom_value(const char *s, double *v)
{
	char *end;

	if (strcmp(s, "NaN") == 0) {
		*v = NAN;
		return 0;
	}
	if (strcmp(s, "+Inf") == 0 || strcmp(s, "Inf") == 0) {
		*v = INFINITY;
		return 0;
	}
	if (strcmp(s, "-Inf") == 0) {
		*v = -INFINITY;
		return 0;
	}
	*v = strtod(s, &end);
	return end != s && *end == '\0' && isfinite(*v) ? 0 : -1;
}

const char *
prom_label(const struct prom_series *s, const char *name)
{
	const char *p = s->labels;

	while (p && *p) {
		const char *v = p + strlen(p) + 1;

		if (strcmp(p, name) == 0)
			return v;
		p = v + strlen(v) + 1;
	}
	return "";
}

void
prom_result_free(struct prom_result *r)
{
	size_t i;

	for (i = 0; r->s && i < r->n; i++) {
		free(r->s[i].labels);
		free(r->s[i].t);
		free(r->s[i].v);
	}
	free(r->s);
	memset(r, 0, sizeof(*r));
}

/* The metric's labels flattened; NULL when not an object of strings. */
static char *
flat_labels(const cJSON *metric)
{
	const cJSON *l;
	struct buf b;

	buf_init(&b, 1 << 20);
	if (!cJSON_IsObject(metric))
		return NULL;
	cJSON_ArrayForEach(l, metric) {
		if (!cJSON_IsString(l) || !l->string ||
		    buf_add(&b, l->string, strlen(l->string) + 1) ||
		    buf_add(&b, l->valuestring, strlen(l->valuestring) + 1))
			goto bad;
	}
	if (buf_add(&b, "", 1) == PW_OK)
		return buf_steal(&b);
bad:
	buf_free(&b);
	return NULL;
}

/* One [time, "value"] pair; 0 on success. */
static int
sample(const cJSON *p, int64_t *t, double *v)
{
	const cJSON *ts = cJSON_GetArrayItem(p, 0), *val;

	val = cJSON_GetArrayItem(p, 1);
	if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) != 2 ||
	    !cJSON_IsNumber(ts) || !cJSON_IsString(val) ||
	    prom_value(val->valuestring, v) != 0)
		return -1;
	*t = (int64_t)floor(ts->valuedouble + 0.0005);
	return 0;
}

/* One element of result into s; 0 on success. */
static int
one_series(const cJSON *e, int vector, struct prom_series *s)
{
	const cJSON *vals = cJSON_GetObjectItemCaseSensitive(
		e, vector ? "value" : "values");
	const cJSON *p;
	size_t n = vector ? 1 : (size_t)cJSON_GetArraySize(vals), i = 0;

	if (!(s->labels = flat_labels(
		      cJSON_GetObjectItemCaseSensitive(e, "metric"))) ||
	    !cJSON_IsArray(vals))
		return -1;
	s->t = malloc((n ? n : 1) * sizeof(*s->t));
	s->v = malloc((n ? n : 1) * sizeof(*s->v));
	if (!s->t || !s->v)
		return -1;
	if (vector)
		return sample(vals, &s->t[0], &s->v[0]) ? -1 : (s->n = 1, 0);
	cJSON_ArrayForEach(p, vals) {
		if (sample(p, &s->t[i], &s->v[i]) != 0)
			return -1;
		i++;
	}
	s->n = i;
	return 0;
}

/* data.result of a success into out; 0, or -1 with why. */
static int
result_of(const cJSON *data, struct prom_result *out, char *why, size_t whysz)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(data,
							     "resultType");
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(data, "result"), *e;
	int vector = cJSON_IsString(type) &&
		strcmp(type->valuestring, "vector") == 0;
	size_t n;

	if (cJSON_IsArray(data) && !type) /* /api/v1/series: label sets */
		res = data;
	else if (!cJSON_IsString(type) || !cJSON_IsArray(res) ||
		 (!vector && strcmp(type->valuestring, "matrix") != 0)) {
		snprintf(why, whysz,
			 "the answer is not a matrix or vector of series");
		return -1;
	}
	n = (size_t)cJSON_GetArraySize(res);
	out->scalar = vector;
	if (n && !(out->s = calloc(n, sizeof(*out->s))))
		return -1;
	cJSON_ArrayForEach(e, res) {
		struct prom_series *s = &out->s[out->n++];

		if (res == data ? !(s->labels = flat_labels(e)) :
				  one_series(e, vector, s) != 0) {
			snprintf(why, whysz,
				 "a malformed series in the answer");
			return -1;
		}
	}
	return 0;
}

static void
log_warnings(const char *who, const cJSON *root)
{
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(root, "warnings"), *e;
	int k = 0;

	cJSON_ArrayForEach(e, w) {
		if (cJSON_IsString(e) && k++ < PROM_WARNINGS)
			log_warn("%s warns: %s", who, e->valuestring);
	}
}

/* What an HTTP status usually means here. */
static const char *
status_meaning(long st)
{
	switch (st) {
	case 400:
		return "the query was refused";
	case 401:
	case 403:
		return "the credentials were refused (user and password_file, or bearer_token_file)";
	case 404:
		return "no Prometheus API there: url must be the API root, to which /api/v1/query_range is appended";
	case 422:
		return "the query cannot be executed";
	case 503:
		return "the server is not ready, or is overloaded";
	default:
		return st >= 500 ? "the server failed" : "an unexpected answer";
	}
}

/*
 * The reason in a plain-text answer: VictoriaMetrics writes
 * 'remoteAddr: "..."; requestURI: ...; REASON', the URI with the query.
 */
static const char *
text_reason(const char *body)
{
	const char *p = strstr(body, "requestURI: ");

	return p && (p = strstr(p, "; ")) ? p + 2 : body;
}

/* The reason of an answer that is not a success, into why. */
static void
failure(const struct prom_req *r, const cJSON *root, char *why, size_t whysz)
{
	const cJSON *et = cJSON_GetObjectItemCaseSensitive(root, "errorType");
	const cJSON *er = cJSON_GetObjectItemCaseSensitive(root, "error");
	char msg[300] = "";

	if (cJSON_IsString(er))
		snprintf(msg, sizeof(msg), "%s%s%s",
			 cJSON_IsString(et) ? et->valuestring : "",
			 cJSON_IsString(et) ? ": " : "", er->valuestring);
	else if (!cJSON_IsObject(root) && r->body.len) /* plain text */
		snprintf(msg, sizeof(msg), "%.200s", text_reason(r->body.data));
	for (char *p = msg; *p; p++)
		if ((unsigned char)*p < ' ')
			*p = ' ';
	for (size_t n = strlen(msg); n && msg[n - 1] == ' ';)
		msg[--n] = '\0';
	if (r->http_status == 200)
		snprintf(why, whysz, "the query failed: %s",
			 msg[0] ? msg : "no reason given");
	else
		snprintf(why, whysz, "HTTP %ld: %s%s%s", r->http_status,
			 status_meaning(r->http_status), msg[0] ? ": " : "",
			 msg);
}

enum pw_status
prom_parse(const char *who, const struct prom_req *r, struct prom_result *out,
	   char *why, size_t whysz)
{
	cJSON *root = NULL;
	const cJSON *st;
	enum pw_status rc = PW_ERR;

	memset(out, 0, sizeof(*out));
	if (r->error[0]) {
		snprintf(why, whysz, "%s", r->error);
		return PW_ERR;
	}
	if (r->body.len)
		root = cJSON_ParseWithLength(r->body.data, r->body.len);
	st = cJSON_GetObjectItemCaseSensitive(root, "status");
	if (r->http_status == 200 && cJSON_IsString(st) &&
	    strcmp(st->valuestring, "success") == 0) {
		log_warnings(who, root);
		if (result_of(cJSON_GetObjectItemCaseSensitive(root, "data"),
			      out, why, whysz) == 0)
			rc = PW_OK;
	} else if (r->http_status == 200 && !cJSON_IsString(st)) {
		snprintf(why, whysz, "the answer is not the API's JSON");
	} else {
		failure(r, root, why, whysz);
	}
	cJSON_Delete(root);
	if (rc)
		prom_result_free(out);
	return rc;
}
