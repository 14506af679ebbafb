/*
 * model_head.c - the parts of the report model around the statistics: the
 * header (host, period, generation time, the simulated-data label), the
 * summary (status and headline counts) and the notes on method; and the
 * model's severity names and its model_free().
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "source.h"
#include "findings.h"
#include "model_parts.h"

#define SIMULATED_MAX 4096

/* meta("simulated") of the host: a description when the data is made up. */
static enum pw_status
simulated(const struct model_input *in, struct model *m)
{
	char buf[SIMULATED_MAX];
	enum pw_status rc = source_meta(in->src, "simulated", buf, sizeof(buf));

	m->simulated = NULL;
	if (rc == PW_ENOTFOUND)
		return PW_OK;
	if (!rc && !(m->simulated = arena_strdup(&m->arena, buf)))
		rc = PW_ENOMEM;
	return rc;
}

enum pw_status
model_header(struct model_ctx *ctx)
{
	const struct model_input *in = ctx->in;
	const struct period *p = &in->period;
	struct model *m = ctx->m;
	struct model_period *per = &m->period;
	char note[128];

	if (!(m->host = arena_strdup(&m->arena, in->host)) ||
	    !(per->label = arena_strdup(&m->arena, p->label)) ||
	    !(per->timezone = arena_strdup(&m->arena, p->tz)))
		return PW_ENOMEM;
	stats_time(&per->start, in->tz, p->start);
	stats_time(&per->end, in->tz, p->end);
	per->hours = stats_round(p->hours, 0);
	per->dst_note = NULL;
	if (p->iso_week && p->hours != 168) {
		snprintf(
			note, sizeof(note),
			"This week has %d hours: the clocks changed (daylight saving time).",
			p->hours);
		if (!(per->dst_note = arena_strdup(&m->arena, note)))
			return PW_ENOMEM;
	}
	stats_time(&m->generated, in->tz, in->generated_at);
	m->source = ctx->data.from_rollups ? "hourly rollups" : "snapshots";
	return simulated(in, m);
}

enum pw_status
model_summary(struct model *m, enum severity worst,
	      const struct data_status *ds)
{
	struct model_summary *sum = &m->summary;
	double counts[4] = { 0, 0, 0, 0 };
	size_t i;

	sum->status = model_status_name(ds, worst);
	sum->status_reason = NULL;
	if (ds->reason[0] &&
	    !(sum->status_reason = arena_strdup(&m->arena, ds->reason)))
		return PW_ENOMEM;
	sum->findings_status = ds->state != DATA_NONE ?
		model_status_name(&(struct data_status){ 0 }, worst) :
		NULL;
	sum->ntop = 0;
	for (i = 0; i < m->nfindings; i++) {
		counts[m->findings[i].severity]++;
		if (sum->ntop < MODEL_TOP)
			sum->top[sum->ntop++] = i;
	}
	sum->critical = counts[SEV_CRITICAL];
	sum->warning = counts[SEV_WARNING];
	sum->info = counts[SEV_INFO];
	sum->open_incidents = NAN;
	sum->health_availability_pct = NAN;
	return PW_OK;
}

const char *
model_severity_name(enum severity s)
{
	static const char *const names[] = { "OK", "INFO", "WARNING",
					     "CRITICAL" };

	return (unsigned)s < 4 ? names[s] : "OK";
}

void
model_window_text(const struct model_window *w, char *buf, size_t n)
{
	if (!w->start.text[0] || w->start.ts == w->end.ts)
		snprintf(buf, n, "%s", w->end.text);
	else if (w->minutes > 0)
		snprintf(buf, n, "%s to %s (%.0f min)", w->start.text,
			 w->end.text, w->minutes);
	else
		snprintf(buf, n, "%s to %s", w->start.text, w->end.text);
}

void
model_free(struct model *m)
{
	if (!m)
		return;
	arena_free(&m->arena);
	dataset_free(&m->data);
	memset(m, 0, sizeof(*m));
}

static const char *const model_notes[] = {
	"Averages are time-weighted; percentiles are nearest-rank over the "
	"stored snapshots; a rate is the average over the interval before its "
	"snapshot.",
	"CPU busy is the time spent running: 100 % minus idle minus iowait "
	"(user, nice, system, irq, softirq and steal); iowait is idle time with "
	"I/O outstanding, reported on its own and not counted as busy, nor in "
	"the CPU queueing estimate. Load per CPU is the 1-minute load over the "
	"CPU count.",
	"A gap is a run of missed snapshots, as long as the time they were due "
	"for; a finding's window is as long as the snapshots it covers, each "
	"standing for its interval.",
	"Disk await is the mean time of a read or write; discards and flushes "
	"are counted apart and not in it.",
	"Capacity: the CPUs are treated as an M/M/c queue (Erlang C) at the "
	"week's p95 utilisation, each disk as M/M/1 (response time stretched "
	"1/(1-rho)); both assume random arrivals and service times, so read "
	"them as orders of magnitude.",
	"Headroom is how much more load the host can take before the p95 "
	"utilisation reaches the target.",
	"Services: where application metrics give a request rate "
	"(SVC.requests_per_s) and a mean response time (SVC.response_time_s), "
	"Little's law L = lambda W gives the mean number of requests in "
	"flight; it holds for any arrival pattern over a long enough period.",
};

enum pw_status
model_note(struct model *m, const char *s, int dup)
{
	if (!m->notes &&
	    !(m->notes = arena_alloc(&m->arena, MODEL_NOTES_MAX,
				     sizeof(*m->notes))))
		return PW_ENOMEM;
	if (m->nnotes >= MODEL_NOTES_MAX)
		return PW_ERR;
	if (dup && !(s = arena_strdup(&m->arena, s)))
		return PW_ENOMEM;
	m->notes[m->nnotes++] = s;
	return PW_OK;
}

enum pw_status
model_notes_add(struct model *m, int has_data, int from_rollups)
{
	enum pw_status rc = PW_OK;
	size_t i;

	if (from_rollups)
		rc = model_note(
			m,
			"The raw snapshots of this period have been pruned: "
			"every figure comes from hourly rollups, one average "
			"per hour. Averages are exact; percentiles, maxima, "
			"their times, minutes above thresholds, findings and "
			"capacity are computed over hourly averages and are "
			"approximate (peaks shorter than an hour are smoothed "
			"away).",
			0);
	for (i = 0; !rc && has_data &&
	     i < sizeof(model_notes) / sizeof(model_notes[0]);
	     i++)
		rc = model_note(m, model_notes[i], 0);
	return rc;
}
