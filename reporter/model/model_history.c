/*
 * model_history.c - the earlier weeks of a report, from per-week summaries.
 *
 * A week's summary (summary.h) holds, for every metric and device with
 * samples, the figures the comparison columns use.  It is read from the
 * source while its stamp (the week's snapshots) and its fingerprint (the
 * build and the configuration values the figures depend on) still match;
 * otherwise the week's series are read once, the figures computed with
 * aggregate's stats_compute exactly as the comparison always computed
 * them (so the averages are the same doubles), and the summary stored for
 * the next report.  Owns the summaries it returns; never writes a series.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_history.h"
#include "model_status.h"
#include "source.h"
#include "stats.h"

/* FNV-1a 64 of what a summary's figures depend on, in hex. */
static void
fingerprint(const struct model_input *in, double fallback_s, char *out,
	    size_t n)
{
	char text[160];
	uint64_t h = 0xcbf29ce484222325ULL;
	int len, i;

	len = snprintf(text, sizeof(text), "%s|%.17g|%.17g", PW_VERSION,
		       in->cfg->interval_s, fallback_s);
	for (i = 0; i < len && i < (int)sizeof(text); i++)
		h = (h ^ (unsigned char)text[i]) * 0x100000001b3ULL;
	snprintf(out, n, "%016llx", (unsigned long long)h);
}

/* Add m's figures over d (device dev or host-wide) when it has samples. */
static enum pw_status
add_metric(struct source_summary *sum, size_t *cap, const struct metric_def *m,
	   const struct dataset *d, const struct dev_data *dev, double *scratch)
{
	struct series s = { d->t, scratch, d->dt, 0 };
	struct source_summary_metric *o;
	struct stats st;

	if (dev) {
		s.t = dev->t;
		s.dt = dev->dt;
	}
	s.n = metric_series(m, d, dev, scratch);
	if (s.n == 0 || stats_compute(&s, NAN, NAN, 0, NULL, NULL, &st) ||
	    !st.n)
		return PW_OK;
	if (sum->nmetrics == *cap) {
		size_t c = *cap ? *cap * 2 : 64;

		if (!(o = realloc(sum->metrics, c * sizeof(*o))))
			return PW_ENOMEM;
		sum->metrics = o;
		*cap = c;
	}
	o = &sum->metrics[sum->nmetrics++];
	memset(o, 0, sizeof(*o));
	snprintf(o->metric, sizeof(o->metric), "%s", m->id);
	snprintf(o->device, sizeof(o->device), "%s", dev ? dev->name : "");
	o->samples = (int64_t)st.n;
	o->avg = st.avg;
	o->p50 = st.p50;
	o->p95 = st.p95;
	o->p99 = st.p99;
	o->max = st.max;
	o->warn_minutes = o->crit_minutes = NAN;
	return PW_OK;
}

static size_t
longest(const struct dataset *d)
{
	size_t n = d->n, i;

	for (i = 0; i < d->ndev; i++)
		if (d->dev[i].n > n)
			n = d->dev[i].n;
	return n;
}

/* Every metric of every device of d into sum. */
static enum pw_status
summarise(const struct dataset *d, struct source_summary *sum)
{
	double *scratch = malloc((longest(d) + 1) * sizeof(*scratch));
	enum pw_status rc = scratch ? PW_OK : PW_ENOMEM;
	size_t cap = 0, i, j;

	for (i = 0; i < metric_ndefs && !rc; i++) {
		const struct metric_def *m = &metric_defs[i];

		if (m->scope == MS_HOST) {
			rc = add_metric(sum, &cap, m, d, NULL, scratch);
			continue;
		}
		for (j = 0; j < d->ndev && !rc; j++)
			if (d->dev[j].kind == metric_dev_kind(m->scope))
				rc = add_metric(sum, &cap, m, d, &d->dev[j],
						scratch);
	}
	free(scratch);
	return rc;
}

enum pw_status
model_hist_load(const struct model_input *in, int64_t start, int64_t end,
		double fallback_s, struct model_hist_week *w)
{
	struct source_week_stamp now;
	struct dataset d;
	char hash[SUMMARY_HASH_MAX];
	enum pw_status rc;

	memset(w, 0, sizeof(*w));
	fingerprint(in, fallback_s, hash, sizeof(hash));
	rc = source_summary_get(in->src, start, end, hash, &now, &w->sum);
	if (rc == PW_OK) {
		w->pct = w->sum.coverage_pct;
		return PW_OK;
	}
	source_summary_free(&w->sum);
	if (rc != PW_ENOTFOUND)
		return rc;
	rc = source_series(in->src, start, end, 0, &d);
	if (!rc)
		rc = summarise(&d, &w->sum);
	if (!rc) {
		w->pct = model_past_coverage_pct(in->cfg, &d, start, end,
						 fallback_s);
		w->sum.start = start;
		w->sum.end = end;
		w->sum.stamp = now;
		w->sum.coverage_pct = w->pct;
		snprintf(w->sum.config_hash, sizeof(w->sum.config_hash), "%s",
			 hash);
		rc = source_summary_put(in->src, &w->sum);
	}
	dataset_free(&d);
	return rc;
}

double
model_hist_avg(const struct model_hist_week *w, const struct metric_def *m,
	       const char *dev_name)
{
	const char *dev = m->scope == MS_HOST ? "" : dev_name;
	size_t i;

	for (i = 0; i < w->sum.nmetrics; i++)
		if (strcmp(w->sum.metrics[i].metric, m->id) == 0 &&
		    strcmp(w->sum.metrics[i].device, dev) == 0)
			return w->sum.metrics[i].avg;
	return NAN;
}

void
model_hist_free(struct model_hist_week *w)
{
	source_summary_free(&w->sum);
}
