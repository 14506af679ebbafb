/*
 * prom_int.h - what the files of the Prometheus-compatible source share
 * (docs/prometheus.md); private to reporter/source/prom/.
 *
 * prom_http.c sends a batch of requests to the HTTP API concurrently
 * under one total deadline; prom_parse.c turns an answer into series or
 * a one-line reason; prom_query.c holds the metric table and writes its
 * PromQL; prom_series.c makes a struct dataset of the answers;
 * prom_stats.c the fleet's figures (host_stats.h); source_prom.c the struct
 * source_ops.
 */
#ifndef PW_PROM_INT_H
#define PW_PROM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "load.h"
#include "secret.h"
#include "status.h"

#define PROM_MAX_POINTS 11000 /* Prometheus: (end - start) / step at most */
#define PROM_CHUNK      PROM_MAX_POINTS /* instants a query_range call */
#define PROM_PARALLEL   6               /* requests in flight at once */
#define PROM_BODY_CAP   ((size_t)256 << 20)
#define PROM_QUERY_MAX  8192
#define PROM_WARNINGS   4 /* logged of one answer */

/* How to reach the API: the source's configuration, its secrets read. */
struct prom_conn {
	const struct source_config *sc;
	char who[CONFIG_URL_MAX + 96]; /* source "NAME" (URL), for messages */
	char password[SECRET_MAX];     /* Basic, with sc->user */
	char auth[SECRET_MAX + 32];    /* Authorization: Bearer ... */
	unsigned requests;             /* HTTP requests made so far */
};

/* One request: path and form (a POST body), its answer. */
struct prom_req {
	const char *path; /* "/api/v1/query_range" */
	char *form;       /* owned, URL-encoded */
	long http_status;
	struct buf body;
	char error[512]; /* the transport's, "" when it answered */
};

/* One series of an answer: labels as "name\0value\0...\0", samples. */
struct prom_series {
	char *labels; /* owned */
	size_t n;
	int64_t *t; /* owned, seconds */
	double *v;  /* owned */
};

struct prom_result {
	struct prom_series *s; /* owned */
	size_t n;
	int scalar; /* a vector (instant query): one sample each */
};

/* prom_http.c */
enum pw_status
prom_conn_open(const struct source_config *sc, struct prom_conn *c);
void prom_conn_close(struct prom_conn *c);
/* A form "query=Q&start=S&end=E&step=P" (NULLs and <0 left out); owned. */
char *prom_form(const char *query, int64_t start, int64_t end, int64_t step,
		int64_t time);
/*
 * Run the n requests, at most PROM_PARALLEL at once, all within
 * sc->timeout_s: PW_OK when each got an answer (any status), PW_ETIMEOUT
 * or PW_ERR logged with c->who otherwise.
 */
enum pw_status prom_http_run(struct prom_conn *c, struct prom_req *r, size_t n);
void prom_req_free(struct prom_req *r);

/* prom_parse.c */
/*
 * The answer of r (status, body) into out; on failure why gets one line
 * ("401: the credentials were refused") and the status is PW_ERR.
 * Warnings are logged with who.  Free out with prom_result_free.
 */
enum pw_status prom_parse(const char *who, const struct prom_req *r,
			  struct prom_result *out, char *why, size_t whysz);
void prom_result_free(struct prom_result *r);
/* The value of label name in s, or "" */
const char *prom_label(const struct prom_series *s, const char *name);
/* A sample value as the API writes it: "1.5", "NaN", "+Inf", "-Inf". */
int prom_value(const char *s, double *v);

/* prom_query.c: the metrics and their PromQL */
enum prom_kind {
	PK_HOST = -1, /* else an enum dev_kind */
};

struct prom_metric {
	const char *name; /* metrics.h's: cpu_user_pct, disk.await_ms */
	int kind;         /* PK_HOST or DEV_DISK, DEV_FS, DEV_NETIF */
	int col;          /* enum host_metric or the device's column */
	int counter;      /* a rate: none at the first sample after a boot */
	const char *expr; /* with $m, $by, $w, $s, $fs */
	const char *mode; /* a CPU mode's share: prom_cpu_modes' series */
};

extern const struct prom_metric prom_metrics[];
extern const size_t prom_nmetrics;
/* Every CPU mode's rate summed over the CPUs: one series a mode. */
extern const char prom_cpu_modes[];
/*
 * CPU busy, 100 - idle % - iowait %, with the rate of all modes taken
 * once (the fleet's figures: the store evaluates it at every step of four
 * subqueries, and the all-mode rate is most of its cost).
 */
extern const char prom_cpu_busy[];
/* The override of metric in sc (query.METRIC), or NULL. */
const char *prom_override(const struct source_config *sc, const char *metric);

/*
 * expr with its placeholders replaced into out: $m the matchers (the
 * selector's, and host_label="host" unless host is NULL), $by the host
 * label, $s the step in seconds (a number), $w the irate window (a
 * duration), $fs the filesystem types.
 * An override of sc (query.METRIC) replaces expr when metric names one.
 * window_s 0 is prom_window_s(step_s).
 */
enum pw_status
prom_expand(const struct source_config *sc, const struct config *cfg,
	    const char *metric, const char *expr, const char *host,
	    int64_t step_s, int64_t window_s, char *out, size_t n);
/* The irate window for a step: longer than any gap it should bridge. */
int64_t prom_window_s(int64_t step_s);

/* prom_series.c */
struct prom_src {
	struct prom_conn conn;
	const struct config *cfg;
	int64_t step_s;
	/* the last series read, for bounds() */
	int64_t last_start, last_end, last_t, first_t;
	int reads; /* series read so far: the first is the report's */
};

enum pw_status
prom_series_read(struct prom_src *p, const char *host, int64_t start,
		 int64_t end, struct dataset *out);
/*
 * A range query over as many chunks as it needs, out[] holding each
 * query's series joined across them; an instant query at time, or a
 * /api/v1/series one ("match[]=SELECTOR") over the 35 days before time.
 */
enum pw_status
prom_range(struct prom_conn *c, const char *const *queries, size_t nq,
	   int64_t start, int64_t end, int64_t step, struct prom_result *out);
enum pw_status prom_instant(struct prom_conn *c, const char *const *queries,
			    size_t nq, int64_t time, struct prom_result *out);

/* prom_stats.c: source_ops.host_stats (host_stats.h) */
struct source;
struct source_host_stats;
enum pw_status prom_host_stats(struct source *s, int64_t start, int64_t end,
			       struct source_host_stats *out, size_t max,
			       size_t *n, unsigned *queries);

#endif
