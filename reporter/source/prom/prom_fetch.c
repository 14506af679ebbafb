/*
 * prom_fetch.c - queries over a period, in as many query_range calls as
 * the API's limit of 11,000 points per series needs, all sent at once.
 *
 * A range of more than PROM_CHUNK instants is cut into chunks of
 * PROM_CHUNK (11,000) instants, each a query_range call of its own; every chunk of
 * every query goes into one batch (prom_http.c: bounded concurrency, one
 * deadline).  The chunks' series are joined by their label sets, a
 * sample at or before the last one already joined being dropped, so
 * that a seam holds no duplicate.  The first failing answer fails the
 * whole fetch, logged in one line with the source and the reason.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "prom_int.h"

/* The bytes of a flattened label set, its final NUL included. */
static size_t
labels_len(const char *l)
{
	const char *p = l;

	while (*p)
		p += strlen(p) + 1;
	return (size_t)(p - l) + 1;
}

/* Append src's samples after dst's last to dst; src is emptied. */
static enum pw_status
join_series(struct prom_series *dst, struct prom_series *src)
{
	int64_t last = dst->n ? dst->t[dst->n - 1] : INT64_MIN;
	size_t i = 0, k;
	int64_t *nt;
	double *nv;

	while (i < src->n && src->t[i] <= last)
		i++;
	if (i == src->n)
		return PW_OK;
	k = src->n - i;
	if (!(nt = realloc(dst->t, (dst->n + k) * sizeof(*nt))))
		return PW_ENOMEM;
	dst->t = nt;
	if (!(nv = realloc(dst->v, (dst->n + k) * sizeof(*nv))))
		return PW_ENOMEM;
	dst->v = nv;
	memcpy(dst->t + dst->n, src->t + i, k * sizeof(*nt));
	memcpy(dst->v + dst->n, src->v + i, k * sizeof(*nv));
	dst->n += k;
	return PW_OK;
}

/* Join chunk into out: same label sets joined, new ones moved over. */
static enum pw_status
join_result(struct prom_result *out, struct prom_result *chunk)
{
	enum pw_status rc = PW_OK;
	size_t i, j;

	for (i = 0; i < chunk->n && !rc; i++) {
		struct prom_series *s = &chunk->s[i];
		size_t len = labels_len(s->labels);

		for (j = 0; j < out->n; j++)
			if (labels_len(out->s[j].labels) == len &&
			    memcmp(out->s[j].labels, s->labels, len) == 0)
				break;
		if (j < out->n) {
			rc = join_series(&out->s[j], s);
			continue;
		}
		{
			struct prom_series *ns = realloc(
				out->s, (out->n + 1) * sizeof(*ns));

			if (!ns)
				return PW_ENOMEM;
			out->s = ns;
			out->s[out->n++] = *s;
			memset(s, 0, sizeof(*s));
		}
	}
	return rc;
}

/* Parse the answers, nchunk per query, into out[nq]. */
static enum pw_status
gather(struct prom_conn *c, struct prom_req *r, size_t nq, size_t nchunk,
       struct prom_result *out)
{
	enum pw_status rc = PW_OK;
	char why[600];
	size_t q, k;

	for (q = 0; q < nq && !rc; q++)
		for (k = 0; k < nchunk && !rc; k++) {
			struct prom_result part;

			rc = prom_parse(c->who, &r[q * nchunk + k], &part, why,
					sizeof(why));
			if (rc) {
				log_err("%s: %s", c->who, why);
				break;
			}
			if (k == 0) {
				out[q] = part;
				continue;
			}
			rc = join_result(&out[q], &part);
			prom_result_free(&part);
		}
	return rc;
}

/* Send the n requests of r and parse them into out. */
static enum pw_status
fetch(struct prom_conn *c, struct prom_req *r, size_t nq, size_t nchunk,
      struct prom_result *out)
{
	size_t i, n = nq * nchunk;
	enum pw_status rc = PW_OK;

	memset(out, 0, nq * sizeof(*out));
	for (i = 0; i < n && !rc; i++)
		if (!r[i].form)
			rc = PW_ENOMEM;
	if (!rc)
		rc = prom_http_run(c, r, n);
	if (!rc)
		rc = gather(c, r, nq, nchunk, out);
	for (i = 0; i < n; i++)
		prom_req_free(&r[i]);
	free(r);
	if (rc)
		for (i = 0; i < nq; i++)
			prom_result_free(&out[i]);
	return rc;
}

enum pw_status
prom_range(struct prom_conn *c, const char *const *queries, size_t nq,
	   int64_t start, int64_t end, int64_t step, struct prom_result *out)
{
	int64_t points = (end - start) / step + 1, span = PROM_CHUNK * step;
	size_t nchunk = (size_t)((points + PROM_CHUNK - 1) / PROM_CHUNK);
	struct prom_req *r = calloc(nq * nchunk, sizeof(*r));
	size_t q, k;

	if (!r)
		return PW_ENOMEM;
	for (q = 0; q < nq; q++)
		for (k = 0; k < nchunk; k++) {
			int64_t s = start + (int64_t)k * span;
			int64_t e = s + span - step < end ? s + span - step :
							    end;

			r[q * nchunk + k].path = "/api/v1/query_range";
			r[q * nchunk + k].form = prom_form(queries[q], s, e,
							   step, -1);
		}
	if (nchunk > 1)
		log_debug(
			"%s: %lld points a series: %zu query_range calls each",
			c->who, (long long)points, nchunk);
	return fetch(c, r, nq, nchunk, out);
}

enum pw_status
prom_instant(struct prom_conn *c, const char *const *queries, size_t nq,
	     int64_t time, struct prom_result *out)
{
	struct prom_req *r = calloc(nq, sizeof(*r));
	size_t q;

	if (!r)
		return PW_ENOMEM;
	for (q = 0; q < nq; q++) {
		int series = strncmp(queries[q], "match[]=", 8) == 0;

		r[q].path = series ? "/api/v1/series" : "/api/v1/query";
		r[q].form = prom_form(
			queries[q], series ? time - (int64_t)35 * 86400 : -1,
			series ? time : -1, -1, series ? -1 : time);
	}
	return fetch(c, r, nq, 1, out);
}
