/*
 * source_prom.c - struct source over a Prometheus-compatible HTTP API.
 *
 * The series are prom_series.c's, the fleet's figures prom_stats.c's.
 * The host's first and last sample come from the period just read when
 * it had samples, else from one instant query over the five weeks
 * before; the meta value "nodename" is node_uname_info's; no services
 * (node_exporter has no request rates); the hosts are the values of the
 * host label on node_boot_time_seconds series matching the selector.
 * No week summaries: the earlier weeks are read as series.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "prom.h"
#include "prom_int.h"
#include "host_stats.h"

#define BOUNDS_BACK "35d"

static struct prom_src *
impl(struct source *s)
{
	return s->impl;
}

static enum pw_status
hosts_at(struct source *s, int64_t time, char (*names)[SOURCE_NAME_MAX],
	 size_t max, size_t *n);

/* An empty period: the hosts the store knows, to help a mistyped --host. */
static void
log_known_hosts(struct source *s, int64_t end)
{
	char names[8][SOURCE_NAME_MAX], list[8 * 64] = "";
	size_t n = 0, i;

	if (hosts_at(s, end, names, 8, &n) != PW_OK)
		return;
	for (i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s%.60s", i ? ", " : "", names[i]);
	log_warn(
		"%s: no samples of %s=\"%s\" in the period (hosts in the 35 days before its end: %s%s)",
		impl(s)->conn.who, impl(s)->conn.sc->host_label, s->host,
		n ? list : "none", n == 8 ? ", ..." : "");
}

static enum pw_status
pr_series(struct source *s, int64_t start, int64_t end, int64_t step_s,
	  struct dataset *out)
{
	struct prom_src *p = impl(s);
	enum pw_status rc;

	(void)step_s; /* the source's own step */
	rc = prom_series_read(p, s->host, start, end, out);
	if (!rc && out->n == 0 && p->reads == 0)
		log_known_hosts(s, end);
	if (!rc && p->reads == 0) { /* the report's period, for bounds() */
		p->last_start = start;
		p->last_end = end;
		p->first_t = out->n ? out->t[0] : 0;
		p->last_t = out->n ? out->t[out->n - 1] : 0;
	}
	p->reads++;
	return rc;
}

/* A one-value instant query's value, NAN when it has none. */
static enum pw_status
instant_values(struct prom_src *p, const char *host, const char *const *exprs,
	       size_t n, int64_t time, double *out)
{
	char q[4][PROM_QUERY_MAX];
	const char *qs[4];
	struct prom_result r[4];
	enum pw_status rc = PW_OK;
	size_t i;

	for (i = 0; i < n && !rc; i++) {
		rc = prom_expand(p->conn.sc, p->cfg, NULL, exprs[i], host,
				 p->step_s, 0, q[i], sizeof(q[i]));
		qs[i] = q[i];
	}
	if (!rc)
		rc = prom_instant(&p->conn, qs, n, time, r);
	for (i = 0; !rc && i < n; i++) {
		out[i] = r[i].n && r[i].s[0].n ? r[i].s[0].v[0] : 0;
		prom_result_free(&r[i]);
	}
	return rc;
}

static enum pw_status
pr_bounds(struct source *s, int64_t before, struct source_bounds *out)
{
	static const char *const exprs[] = {
		"max_over_time(timestamp(node_boot_time_seconds{$m})"
		"[" BOUNDS_BACK ":5m])",
		"min_over_time(timestamp(node_boot_time_seconds{$m})"
		"[" BOUNDS_BACK ":5m])",
	};
	struct prom_src *p = impl(s);
	double v[2];
	enum pw_status rc;

	if (p->last_end == before && p->last_t) {
		out->last = p->last_t;
		out->first = p->first_t;
		return PW_OK;
	}
	rc = instant_values(p, s->host, exprs, 2, before - 1, v);
	if (!rc) {
		out->last = v[0] < (double)before ? (int64_t)v[0] : 0;
		out->first = (int64_t)v[1];
	}
	return rc;
}

static enum pw_status
pr_meta(struct source *s, const char *key, char *buf, size_t n)
{
	char q[PROM_QUERY_MAX];
	const char *qs[1] = { q };
	struct prom_src *p = impl(s);
	struct prom_result r;
	enum pw_status rc;

	if (strcmp(key, "nodename") != 0)
		return PW_ENOTFOUND; /* "simulated": not a store's notion */
	rc = prom_expand(p->conn.sc, p->cfg, NULL,
			 "last_over_time(node_uname_info{$m}[" BOUNDS_BACK "])",
			 s->host, p->step_s, 0, q, sizeof(q));
	if (!rc)
		rc = prom_instant(&p->conn, qs, 1,
				  p->last_t ? p->last_t : (int64_t)time(NULL),
				  &r);
	if (rc)
		return rc;
	rc = r.n && prom_label(&r.s[0], "nodename")[0] ? PW_OK : PW_ENOTFOUND;
	if (!rc)
		snprintf(buf, n, "%s", prom_label(&r.s[0], "nodename"));
	prom_result_free(&r);
	return rc;
}

static enum pw_status
pr_services(struct source *s, int64_t start, int64_t end,
	    struct source_service *out, size_t max, size_t *n)
{
	(void)s, (void)start, (void)end, (void)out, (void)max;
	*n = 0;
	return PW_OK;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The host label's values on series of the 35 days before time. */
static enum pw_status
hosts_at(struct source *s, int64_t time, char (*names)[SOURCE_NAME_MAX],
	 size_t max, size_t *n)
{
	char q[PROM_QUERY_MAX] = "match[]=";
	const char *qs[1] = { q };
	struct prom_src *p = impl(s);
	struct prom_result r;
	enum pw_status rc;
	size_t i, j;

	rc = prom_expand(p->conn.sc, p->cfg, NULL, "node_boot_time_seconds{$m}",
			 NULL, p->step_s, 0, q + 8, sizeof(q) - 8);
	if (!rc)
		rc = prom_instant(&p->conn, qs, 1, time, &r);
	if (rc)
		return rc;
	for (i = 0; i < r.n && *n < max; i++) {
		const char *h = prom_label(&r.s[i], p->conn.sc->host_label);

		for (j = 0; j < *n && strcmp(names[j], h) != 0; j++)
			;
		if (j == *n && h[0])
			snprintf(names[(*n)++], SOURCE_NAME_MAX, "%s", h);
	}
	prom_result_free(&r);
	qsort(names, *n, SOURCE_NAME_MAX, name_cmp);
	return PW_OK;
}

static enum pw_status
pr_hosts(struct source *s, char (*names)[SOURCE_NAME_MAX], size_t max,
	 size_t *n)
{
	struct prom_src *p = impl(s);

	return hosts_at(s, p->last_end ? p->last_end : (int64_t)time(NULL),
			names, max, n);
}

static void
pr_close(struct source *s)
{
	struct prom_src *p = impl(s);

	if (!p)
		return;
	log_info("%s: %u HTTP requests", p->conn.who, p->conn.requests);
	prom_conn_close(&p->conn);
	free(p);
}

static const struct source_ops prom_ops = {
	"prometheus", pr_series, pr_bounds, pr_meta, pr_services,
	pr_hosts,     pr_close,  NULL,      NULL,    prom_host_stats,
};

enum pw_status
source_prom_open(const struct source_config *sc, const struct config *cfg,
		 const char *host, struct source *out)
{
	struct prom_src *p;
	enum pw_status rc;

	memset(out, 0, sizeof(*out));
	if (!(p = calloc(1, sizeof(*p))))
		return PW_ENOMEM;
	p->cfg = cfg;
	p->step_s = sc->step_s;
	if ((rc = prom_conn_open(sc, &p->conn))) {
		prom_conn_close(&p->conn);
		free(p);
		return rc;
	}
	out->ops = &prom_ops;
	out->impl = p;
	snprintf(out->host, sizeof(out->host), "%s", host);
	return PW_OK;
}

unsigned
source_prom_requests(const struct source *s)
{
	return ((const struct prom_src *)s->impl)->conn.requests;
}
