/*
 * prom_series.c - one host's period from a Prometheus-compatible store,
 * as the struct dataset the SQLite loader fills (load.h).
 *
 * Every metric of prom_query.c's table is one query_range over the
 * period at the source's step, all sent at once.  The samples of the
 * period are the instants where node_boot_time_seconds, which every
 * node_exporter scrape holds, has a sample fresher than one step: t is
 * the instant (the scrape's own time when scrapes fall on the step, else
 * the next step after it), dt the time since the instant before it (the
 * step after a reboot or for the first one), boot_time its value.  The range starts
 * one step before the period so that the first sample has its dt, and
 * ends a step after it so that a scrape just before the end, seen at the
 * next instant, is not lost; samples outside the period are dropped.
 * Each metric's value at an instant is put at the sample seen there, a
 * rate is dropped at the first sample after a reboot (the collector's
 * baseline), a non-finite value is missing.  A device (disk, filesystem
 * by mount point, interface) has the host's times, NAN where it has no
 * value, so a device present for part of the week is partly covered;
 * the [collect] disk_ignore and netif_ignore patterns leave devices out
 * as they do in the collector.
 */
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "prom_int.h"


/* Where each instant's sample goes: slot -> dataset index, or -1. */
struct grid {
	int64_t qstart, step;
	size_t nslots;
	long *idx;
};

static long
slot_of(const struct grid *g, int64_t t)
{
	int64_t k = (t - g->qstart) / g->step;

	if (t < g->qstart || (t - g->qstart) % g->step ||
	    k >= (int64_t)g->nslots)
		return -1;
	return g->idx[k];
}

static double *
nan_array(size_t n)
{
	double *v = malloc((n ? n : 1) * sizeof(*v));
	size_t i;

	for (i = 0; v && i < n; i++)
		v[i] = NAN;
	return v;
}

/* The instant at or after t: the step that first sees its sample. */
static int64_t
slot_after(const struct grid *g, int64_t t)
{
	return (t - g->qstart + g->step - 1) / g->step;
}

/*
 * The period's samples from the boot time's raw samples: each the
 * instant that first sees it, the later of two seen by one instant.
 */
static enum pw_status
build_times(const struct prom_result *boot, int64_t start, int64_t end,
	    struct grid *g, struct dataset *d)
{
	const struct prom_series *p = boot->n ? &boot->s[0] : NULL;
	size_t i, n = 0, cap = p && p->n ? p->n : 1;
	int64_t prev_t = 0;
	double prev_b = NAN;

	if (boot->n > 1)
		log_warn(
			"the selector matches %zu series of the host's node_boot_time_seconds: the first is read (narrow the selector)",
			boot->n);
	d->t = malloc(cap * sizeof(*d->t));
	d->dt = malloc(cap * sizeof(*d->dt));
	d->boot_time = malloc(cap * sizeof(*d->boot_time));
	if (!d->t || !d->dt || !d->boot_time)
		return PW_ENOMEM;
	for (i = 0; p && i < p->n; i++) {
		int64_t t = p->t[i], k = slot_after(g, t);
		double b = p->v[i];
		int reboot = !isnan(prev_b) && fabs(b - prev_b) > 60;

		if (i + 1 < p->n && slot_after(g, p->t[i + 1]) == k)
			continue; /* the instant sees the later one */
		if (t >= start && t < end && k >= 0 && k < (int64_t)g->nslots) {
			/* a negative index marks the first sample after a boot */
			g->idx[k] = reboot ? -2 - (long)n : (long)n;
			d->t[n] = t;
			d->dt[n] = prev_t && !reboot ? (double)(t - prev_t) :
						       (double)g->step;
			d->boot_time[n] = (int64_t)llround(b);
			n++;
		}
		prev_t = t;
		prev_b = b;
	}
	d->n = n;
	return PW_OK;
}

/* The device named by s's labels for metric m, found or added. */
static struct dev_data *
device_of(const struct config *cfg, struct dataset *d, size_t *alloc,
	  const struct prom_metric *m, const struct prom_series *s)
{
	const char *name = prom_label(
		s, m->kind == DEV_FS ? "mountpoint" : "device");
	const char *label = m->kind == DEV_FS ? prom_label(s, "device") : "";
	const struct config_list *ign = m->kind == DEV_DISK ?
		&cfg->disk_ignore :
		m->kind == DEV_NETIF ? &cfg->netif_ignore :
				       NULL;
	struct dev_data *dev;
	size_t i;

	for (i = 0; ign && i < ign->n; i++)
		if (fnmatch(ign->v[i], name, 0) == 0)
			return NULL;
	for (i = 0; i < d->ndev; i++)
		if (d->dev[i].kind == (enum dev_kind)m->kind &&
		    strcmp(d->dev[i].name, name) == 0)
			return &d->dev[i];
	if (d->ndev == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 16;
		struct dev_data *nd = realloc(d->dev, na * sizeof(*nd));

		if (!nd)
			return NULL;
		d->dev = nd;
		*alloc = na;
	}
	dev = &d->dev[d->ndev++];
	memset(dev, 0, sizeof(*dev));
	dev->kind = (enum dev_kind)m->kind;
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	snprintf(dev->label, sizeof(dev->label), "%s", label);
	dev->n = d->n;
	dev->t = d->t;
	dev->dt = d->dt;
	dev->host_times = 1;
	return dev;
}

/* The column metric m's series s goes into; NULL to skip it. */
static double **
column_of(const struct config *cfg, struct dataset *d, size_t *alloc,
	  const struct prom_metric *m, const struct prom_series *s, int first)
{
	struct dev_data *dev;

	if (m->kind == PK_HOST) {
		if (!first)
			return NULL; /* one series a host */
		return &d->v[m->col];
	}
	dev = device_of(cfg, d, alloc, m, s);
	return dev ? &dev->v[m->col] : NULL;
}

/* One metric's answer into the dataset. */
static enum pw_status
put_metric(const struct config *cfg, const struct grid *g,
	   const struct prom_metric *m, const struct prom_result *r,
	   struct dataset *d, size_t *alloc)
{
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		const struct prom_series *s = &r->s[i];
		double **col = column_of(cfg, d, alloc, m, s, i == 0);

		if (!col)
			continue;
		if (!*col && !(*col = nan_array(d->n)))
			return PW_ENOMEM;
		for (j = 0; j < s->n; j++) {
			long k = slot_of(g, s->t[j]);

			if (k <= -2 && !m->counter)
				k = -2 - k;
			if (k >= 0 && isfinite(s->v[j]))
				(*col)[k] = s->v[j];
		}
	}
	return PW_OK;
}

static void
devices_finish(struct dataset *d)
{
	size_t i, j, k, keep = 0;

	for (i = 0; i < d->ndev; i++) {
		struct dev_data *dev = &d->dev[i];
		int any = 0;

		for (j = 0; j < DEV_MAX_COLS && !any; j++)
			for (k = 0; dev->v[j] && k < dev->n && !any; k++)
				any = !isnan(dev->v[j][k]);
		if (any) {
			d->dev[keep++] = *dev;
			continue;
		}
		for (j = 0; j < DEV_MAX_COLS; j++)
			free(dev->v[j]);
	}
	d->ndev = keep;
	if (keep)
		qsort(d->dev, keep, sizeof(*d->dev), load_dev_cmp);
}

/* The CPU modes' answer: each mode's share of all modes' time. */
static enum pw_status
put_cpu_modes(const struct grid *g, const struct prom_result *r,
	      const int *want, struct dataset *d)
{
	double *total = calloc(d->n ? d->n : 1, sizeof(*total));
	size_t i, j, m;

	if (!total)
		return PW_ENOMEM;
	for (i = 0; i < r->n; i++)
		for (j = 0; j < r->s[i].n; j++) {
			long k = slot_of(g, r->s[i].t[j]);

			if (k >= 0 && isfinite(r->s[i].v[j]))
				total[k] += r->s[i].v[j];
		}
	for (m = 0; m < prom_nmetrics; m++) {
		const struct prom_metric *pm = &prom_metrics[m];

		for (i = 0; want[m] && i < r->n; i++) {
			if (strcmp(prom_label(&r->s[i], "mode"), pm->mode) != 0)
				continue;
			for (j = 0; j < r->s[i].n; j++) {
				long k = slot_of(g, r->s[i].t[j]);

				if (k >= 0 && total[k] > 0)
					d->v[pm->col][k] = 100 * r->s[i].v[j] /
						total[k];
			}
		}
	}
	free(total);
	return PW_OK;
}

/*
 * The queries of a host's period, expanded, into q[] (owned): the CPU
 * modes, then each metric not taken from them; map[i] is q's index of
 * metric i, or -1 for a CPU mode's share (want[i] then set).
 */
static enum pw_status
series_queries(const struct prom_src *p, const char *host, int64_t window_s,
	       char **q, size_t *nq, int *map, int *want)
{
	enum pw_status rc = PW_OK;
	size_t i;

	*nq = 0;
	for (i = 0; i <= prom_nmetrics && !rc; i++) {
		const struct prom_metric *m = i ? &prom_metrics[i - 1] : NULL;

		if (m && m->mode && !prom_override(p->conn.sc, m->name)) {
			map[i - 1] = -1;
			want[i - 1] = 1;
			continue;
		}
		if (m)
			map[i - 1] = (int)*nq;
		if (!(q[*nq] = malloc(PROM_QUERY_MAX)))
			return PW_ENOMEM;
		rc = prom_expand(p->conn.sc, p->cfg, m ? m->name : NULL,
				 m ? m->expr : prom_cpu_modes, host, p->step_s,
				 window_s, q[(*nq)++], PROM_QUERY_MAX);
	}
	return rc;
}

/* The boot time's raw samples of the grid's range: the samples. */
static enum pw_status
presence(struct prom_src *p, const char *host, const struct grid *g,
	 struct prom_result *out)
{
	char tmpl[96], q[PROM_QUERY_MAX];
	const char *qs[1] = { q };
	int64_t qend = g->qstart + (int64_t)(g->nslots - 1) * g->step;
	enum pw_status rc;

	snprintf(tmpl, sizeof(tmpl), "node_boot_time_seconds{$m}[%llds]",
		 (long long)(qend - g->qstart));
	rc = prom_expand(p->conn.sc, p->cfg, NULL, tmpl, host, p->step_s, 0, q,
			 sizeof(q));
	return rc ? rc : prom_instant(&p->conn, qs, 1, qend, out);
}

/*
 * The rates' window: longer than the longest gap between the samples
 * read (so that irate spans it, as the collector's delta does), at least
 * three steps, at most prom_window_s().  A store's cost grows with it.
 */
static int64_t
window_of(const struct prom_result *boot, int64_t step_s)
{
	int64_t gap = 0, w;
	size_t i;

	for (i = 1; boot->n && i < boot->s[0].n; i++)
		if (boot->s[0].t[i] - boot->s[0].t[i - 1] > gap)
			gap = boot->s[0].t[i] - boot->s[0].t[i - 1];
	w = gap + step_s > 3 * step_s ? gap + step_s : 3 * step_s;
	return w < prom_window_s(step_s) ? w : prom_window_s(step_s);
}

/* A raw sample with start <= t < end: the metrics are worth asking. */
static int
in_period(const struct prom_result *boot, int64_t start, int64_t end)
{
	size_t i;

	for (i = 0; boot->n && i < boot->s[0].n; i++)
		if (boot->s[0].t[i] >= start && boot->s[0].t[i] < end)
			return 1;
	return 0;
}

/* The answers into out: r[0] the boot time, r[1..] q[]'s. */
static enum pw_status
series_fill(const struct prom_src *p, struct grid *g,
	    const struct prom_result *r, const int *map, const int *want,
	    int64_t start, int64_t end, struct dataset *out)
{
	size_t alloc = 0, i;
	enum pw_status rc;

	rc = build_times(&r[0], start, end, g, out);
	/* every host column of the table is read, as SQLite's loader reads */
	for (i = 0; i < prom_nmetrics && !rc && out->n; i++)
		if (prom_metrics[i].kind == PK_HOST &&
		    !(out->v[prom_metrics[i].col] = nan_array(out->n)))
			rc = PW_ENOMEM;
	if (!rc && out->n)
		rc = put_cpu_modes(g, &r[1], want, out);
	for (i = 0; i < prom_nmetrics && !rc && out->n; i++)
		if (map[i] >= 0)
			rc = put_metric(p->cfg, g, &prom_metrics[i],
					&r[1 + map[i]], out, &alloc);
	if (rc)
		return rc;
	devices_finish(out);
	out->nominal_interval_s = (double)p->step_s;
	out->spacing_s = (double)p->step_s;
	out->snapshots = (int64_t)out->n;
	return PW_OK;
}

enum pw_status
prom_series_read(struct prom_src *p, const char *host, int64_t start,
		 int64_t end, struct dataset *out)
{
	size_t nmax = 2 + prom_nmetrics, nq = 0, i;
	struct prom_result *r = calloc(nmax, sizeof(*r));
	char **q = calloc(nmax, sizeof(*q));
	int *map = calloc(prom_nmetrics, sizeof(*map));
	int *want = calloc(prom_nmetrics, sizeof(*want));
	struct grid g = { 0, p->step_s, 0, NULL };
	enum pw_status rc = PW_ENOMEM;

	/* instants on multiples of the step, as VictoriaMetrics aligns */
	g.qstart = (start - p->step_s) / p->step_s * p->step_s;
	g.nslots = (size_t)((end + p->step_s - 1 - g.qstart) / p->step_s) + 1;
	g.idx = malloc(g.nslots * sizeof(*g.idx));
	if (!r || !q || !map || !want || !g.idx)
		goto out;
	for (i = 0; i < g.nslots; i++)
		g.idx[i] = -1;
	rc = presence(p, host, &g, &r[0]);
	if (!rc)
		rc = series_queries(p, host, window_of(&r[0], p->step_s), q,
				    &nq, map, want);
	if (!rc && in_period(&r[0], start, end))
		rc = prom_range(&p->conn, (const char *const *)q, nq, g.qstart,
				g.qstart + (int64_t)(g.nslots - 1) * p->step_s,
				p->step_s, &r[1]);
	if (!rc)
		rc = series_fill(p, &g, r, map, want, start, end, out);
out:
	for (i = 0; r && i < nmax; i++)
		prom_result_free(&r[i]);
	for (i = 0; q && i < nmax; i++)
		free(q[i]);
	free(q);
	free(r);
	free(map);
	free(want);
	free(g.idx);
	return rc;
}
