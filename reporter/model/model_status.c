/*
 * model_status.c - a report that knows what it does not know.
 *
 * The period's data is judged against [report] min_coverage_pct (default
 * 50): no snapshot at all is NO DATA, coverage under the minimum is
 * INCOMPLETE, and either puts the CRITICAL finding "Collector not running"
 * first, naming the host's last snapshot before the end of the period (or
 * saying that none was ever stored).  The status is then NO DATA or
 * INCOMPLETE whatever the other findings say; those keep their severity,
 * and summary.findings_status tells what the covered time showed.  An
 * earlier week is compared with only when its own coverage reaches the
 * same minimum (model.c asks model_past_coverage_pct).  Reads the database
 * for the last snapshot only; never changes it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "findings_int.h"
#include "model_parts.h"
#include "model_status.h"
#include "source.h"

/* A time as the model writes it ("Tue 2026-11-10 10:01 UTC"). */
static void
local_text(const struct model_ctx *ctx, int64_t ts, char *buf, size_t n)
{
	struct model_time t;

	stats_time(&t, ctx->in->tz, ts);
	snprintf(buf, n, "%s", t.text);
}

void
model_coverage_words(char *buf, size_t n, const char *which, double pct)
{
	if (pct > 0 && pct < 0.05)
		snprintf(buf, n, "%s under 0.1 %% covered", which);
	else
		snprintf(buf, n, "%s %.1f %% covered", which, pct);
}

/* Where the last snapshot was, in words, into buf. */
static enum pw_status
last_seen(const struct model_ctx *ctx, const struct data_status *ds, char *buf,
	  size_t n)
{
	char t[64];

	if (!ds->last_ts && !ds->first_ts) {
		snprintf(buf, n, "no snapshot ever stored for %s",
			 ctx->in->host);
		return PW_OK;
	}
	local_text(ctx, ds->last_ts ? ds->last_ts : ds->first_ts, t, sizeof(t));
	if (ds->last_ts)
		snprintf(buf, n, "the last snapshot of %s: %s", ctx->in->host,
			 t);
	else
		snprintf(
			buf, n,
			"no snapshot of %s before the end of the period; the first: %s",
			ctx->in->host, t);
	return PW_OK;
}

enum pw_status
model_data_status(struct model_ctx *ctx, struct model_coverage *cov,
		  struct data_status *ds)
{
	const struct model_input *in = ctx->in;
	struct source_bounds b;
	char seen[256], covered[64];
	enum pw_status rc;

	memset(ds, 0, sizeof(*ds));
	ds->pct = cov->pct;
	ds->min_pct = in->cfg->min_coverage_pct;
	ds->end = in->period.end < in->generated_at ? in->period.end :
						      in->generated_at;
	rc = source_bounds(in->src, in->period.end, &b);
	ds->last_ts = b.last;
	ds->first_ts = b.first;
	cov->min_pct = stats_round(ds->min_pct, 1);
	stats_time(&cov->last_snapshot, in->tz, ds->last_ts);
	if (!rc)
		rc = last_seen(ctx, ds, seen, sizeof(seen));
	if (rc)
		return rc;
	model_coverage_words(covered, sizeof(covered), "the period is",
			     ds->pct);
	if (ctx->data.snapshots == 0) {
		ds->state = DATA_NONE;
		snprintf(
			ds->reason, sizeof(ds->reason),
			"No snapshot is stored for %s: the collector was not running (%s).",
			in->period.label, seen);
	} else if (!(ds->pct >= ds->min_pct)) {
		ds->state = DATA_INCOMPLETE;
		snprintf(
			ds->reason, sizeof(ds->reason),
			"Only %.1f %% of the expected snapshots are stored (at least %g %% are needed): the figures describe the covered time only (%s).",
			ds->pct, ds->min_pct, seen);
	}
	return PW_OK;
}

const char *
model_status_name(const struct data_status *ds, enum severity worst)
{
	if (ds->state == DATA_NONE)
		return "NO DATA";
	if (ds->state == DATA_INCOMPLETE)
		return "INCOMPLETE";
	/* INFO findings (a right-sizing hint) leave the status OK */
	return model_severity_name(worst == SEV_INFO ? SEV_OK : worst);
}

enum pw_status
model_collector_finding(struct model_ctx *ctx, const struct data_status *ds)
{
	int64_t from = ctx->in->period.start;
	char ev[768], seen[256];
	struct finding_desc d;
	struct model *m = ctx->m;
	struct model_finding *arr;
	enum pw_status rc;

	if (ds->state == DATA_OK)
		return PW_OK;
	if ((rc = last_seen(ctx, ds, seen, sizeof(seen))))
		return rc;
	if (ds->state == DATA_NONE)
		snprintf(ev, sizeof(ev),
			 "no snapshot stored in %s (0 of the expected); %s",
			 ctx->in->period.label, seen);
	else
		snprintf(
			ev, sizeof(ev),
			"%.1f %% of the expected snapshots stored, under the %g %% a report needs; %s",
			ds->pct, ds->min_pct, seen);
	/* A collector that stopped: the window starts at its last snapshot. */
	if (ds->last_ts > from && ds->state == DATA_INCOMPLETE)
		from = ds->last_ts;
	if (from > ds->end)
		from = ds->end;
	memset(&d, 0, sizeof(d));
	d.rule = RULE_cpu_busy; /* renamed below: not a [findings] rule */
	d.sev = SEV_CRITICAL;
	d.resource = "collector";
	d.metric = "coverage.pct";
	d.title = "Collector not running";
	d.evidence = ev;
	d.recommendation =
		"Check that perfweek-collect runs: its cron line or systemd "
		"timer, and its messages (journalctl -t perfweek-collect, or "
		"syslog); every figure of this report describes the covered "
		"time only.";
	d.start = from;
	d.end = ds->end;
	d.minutes = (double)(ds->end - from) / 60;
	if (!(arr = arena_alloc(&m->arena, m->nfindings + 1, sizeof(*arr))))
		return PW_ENOMEM;
	if ((rc = finding_fill(ctx, &d, &arr[0])))
		return rc;
	arr[0].rule = "collector";
	if (m->nfindings)
		memcpy(arr + 1, m->findings, m->nfindings * sizeof(*arr));
	m->findings = arr;
	m->nfindings++;
	return PW_OK;
}

double
model_past_coverage_pct(const struct config *cfg, const struct dataset *d,
			int64_t start, int64_t end, double fallback_s)
{
	/* coverage.c's definition, for a period that is over */
	double itv = cfg->interval_s > 0 ? cfg->interval_s :
					   d->nominal_interval_s;
	double expected, pct;

	/* a lone baseline has no interval: the report's period's, or 60 s */
	if (isnan(itv) || itv <= 0)
		itv = fallback_s;
	if (isnan(itv) || itv <= 0)
		itv = 60;
	expected = floor((double)(end - start) / itv);
	pct = expected > 0 ? (double)d->snapshots * 100 / expected : 0;
	return pct > 100 ? 100 : pct;
}

enum pw_status
model_comparison(struct model *m, double min_pct,
		 const char (*labels)[PERIOD_LABEL_MAX], const double *pcts,
		 int n)
{
	struct model_comparison *c = &m->comparison;
	char why[96];
	int k, used = 0;

	c->min_coverage_pct = stats_round(min_pct, 1);
	c->nweeks = 0;
	for (k = 0; k < n && k < MODEL_WEEKS; k++) {
		struct model_week *w = &c->weeks[c->nweeks++];

		if (!(w->label = arena_strdup(&m->arena, labels[k])))
			return PW_ENOMEM;
		w->coverage_pct = stats_round(pcts[k], 3);
		w->used = pcts[k] >= min_pct;
		used += w->used;
	}
	c->weeks_used = used;
	model_coverage_words(why, sizeof(why), "last week", n ? pcts[0] : 0);
	c->last_week_reason = NULL;
	if (!(n && pcts[0] >= min_pct) &&
	    !(c->last_week_reason = arena_strdup(&m->arena, why)))
		return PW_ENOMEM;
	snprintf(why, sizeof(why),
		 "none of the %d weeks before is %g %% covered", n, min_pct);
	c->four_weeks_reason = NULL;
	if (!used && !(c->four_weeks_reason = arena_strdup(&m->arena, why)))
		return PW_ENOMEM;
	return PW_OK;
}

enum pw_status
model_status_notes(struct model *m, const struct config *cfg)
{
	char buf[3][512];
	enum pw_status rc = PW_OK;
	int i;

	snprintf(
		buf[0], sizeof(buf[0]),
		"Status: NO DATA when the period holds no snapshot, INCOMPLETE when fewer than %g %% of the expected snapshots are stored ([report] min_coverage_pct); either comes with the CRITICAL finding “Collector not running”, and the other findings, kept with their own severity, describe the covered time only.",
		cfg->min_coverage_pct);
	snprintf(
		buf[1], sizeof(buf[1]),
		"Change against last week and against the mean of the four weeks before use only earlier weeks with at least %g %% coverage; otherwise n/a, with that week's coverage.",
		cfg->min_coverage_pct);
	snprintf(
		buf[2], sizeof(buf[2]),
		"A days-to-full forecast is a least-squares line through the period's samples; it is made only from at least %g hours of data ([findings] forecast_min_hours) and when the line explains the trend, R\xc2\xb2 at least %g (forecast_min_r2).",
		cfg->forecast_min_hours, cfg->forecast_min_r2);
	for (i = 0; i < 3 && !rc; i++)
		rc = model_note(m, buf[i], 1);
	return rc;
}
