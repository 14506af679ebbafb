/*
 * fleet_build.c - the fleet report from the hosts' rows (fleet.h): the
 * group's hosts, their ranking, the counts by status, the hosts that
 * stopped reporting, the top lists, the filesystems closest to full, the
 * capacity headroom and the right-sizing, and the week's fleet-wide
 * numbers.
 *
 * Ranking: the severity of the host's worst finding, then its critical
 * and its warning findings, then CPU busy p95, then the name.  A host
 * without data (NO DATA) or with too little (INCOMPLETE) carries a
 * critical collector finding, so it is never ranked as healthy, and it is
 * never a right-sizing candidate.  Pure: no I/O but the log.
 */
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "log.h"
#include "queueing.h"
#include "stats.h"

#define GIB ((double)(1u << 30))

static int
selected(const struct fleet_input *in, const struct source_host_stats *st)
{
	size_t i;

	if (in->label_value && strcmp(st->group, in->label_value) != 0)
		return 0;
	if (!in->patterns)
		return 1;
	for (i = 0; i < in->npatterns; i++)
		if (fnmatch(in->patterns[i], st->host, 0) == 0)
			return 1;
	return 0;
}

static int
judged(const struct fleet_row *r)
{
	return strcmp(r->status, "NO DATA") != 0 &&
		strcmp(r->status, "INCOMPLETE") != 0;
}

/* What could be removed while p95 CPU and memory max stay under target. */
static void
rightsize(const struct fleet *f, struct fleet_host *h)
{
	const struct source_host_stats *st = &h->r.st;
	double t = f->target_util_pct;

	h->cpus_needed = h->cpus_removable = NAN;
	h->memory_gib_needed = h->memory_gib_removable = NAN;
	h->underused = judged(&h->r) && st->cpu_count >= 1 &&
		h->memory_gib > 0 && st->cpu_busy_p95 < f->underused_cpu_pct &&
		st->mem_used_p95 < f->underused_mem_pct &&
		!(st->coverage_pct < f->min_coverage_pct);
	if (!h->underused)
		return;
	h->cpus_needed = fmax(1, ceil(st->cpu_count * st->cpu_busy_p95 / t));
	h->cpus_removable = fmax(0, st->cpu_count - h->cpus_needed);
	h->memory_gib_needed = fmax(
		1, ceil(h->memory_gib * st->mem_used_max / t - 1e-9));
	h->memory_gib_removable = fmax(
		0, floor(h->memory_gib - h->memory_gib_needed + 1e-9));
}

static void
host_figures(struct fleet *f, const struct fleet_input *in,
	     struct fleet_host *h)
{
	const struct source_host_stats *st = &h->r.st;
	int64_t ref = in->period.end < in->generated_at ? in->period.end :
							  in->generated_at;
	double t = f->target_util_pct;

	stats_time(&h->last_sample, in->tz, st->last_sample);
	h->stopped = st->last_sample <= 0 ||
		(double)(ref - st->last_sample) > f->stopped_after_min * 60;
	h->cpu_headroom_pct = stats_round(
		queueing_headroom_pct(st->cpu_busy_p95, t), 0);
	h->mem_headroom_pct = stats_round(
		queueing_headroom_pct(st->mem_used_p95, t), 0);
	h->memory_gib = stats_round(st->mem_total_bytes / GIB, 1);
	rightsize(f, h);
	if (st->store_quantiles)
		f->store_quantiles = 1;
	if (h->r.incidents_cut)
		f->incidents_cut = 1;
}

/* NAN sorts after every number; a descending order of numbers. */
static int
cmp_desc(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) - isnan(b);
	return a > b ? -1 : a < b;
}

static int
status_order(const char *s)
{
	if (strcmp(s, "NO DATA") == 0)
		return 0;
	return strcmp(s, "INCOMPLETE") == 0 ? 1 : 2;
}

static int
rank_cmp(const void *pa, const void *pb)
{
	const struct fleet_row *a = &((const struct fleet_host *)pa)->r;
	const struct fleet_row *b = &((const struct fleet_host *)pb)->r;
	int c;

	if (a->worst != b->worst)
		return a->worst > b->worst ? -1 : 1;
	if ((c = cmp_desc(a->critical, b->critical)) ||
	    (c = cmp_desc(a->warning, b->warning)))
		return c;
	if (status_order(a->status) != status_order(b->status))
		return status_order(a->status) - status_order(b->status);
	if ((c = cmp_desc(a->st.cpu_busy_p95, b->st.cpu_busy_p95)))
		return c;
	return strcmp(a->st.host, b->st.host);
}

double
fleet_value(const struct fleet_host *h, enum fleet_value v)
{
	const struct source_host_stats *st = &h->r.st;

	switch (v) {
	case FLEET_V_CPU_P95:
		return st->cpu_busy_p95;
	case FLEET_V_MEM_P95:
		return st->mem_used_p95;
	case FLEET_V_AWAIT_P95:
		return st->disk_await_ms_p95;
	case FLEET_V_RETRANS:
		return st->tcp_retrans_per_s_avg;
	case FLEET_V_FS_USED:
		return st->fs_used_pct_max;
	case FLEET_V_FS_DAYS:
		return st->fs_days_to_full;
	case FLEET_V_CPUS_REMOVABLE:
		return h->cpus_removable;
	}
	return NAN;
}

/* qsort over indexes needs the hosts: one sort at a time (no globals). */
struct idx_sort {
	const struct fleet *f;
	enum fleet_value v;
};

static double
value_at(const struct idx_sort *s, size_t i)
{
	return fleet_value(&s->f->hosts[i], s->v);
}

/* Insertion sort of idx by value, highest first (lists are short). */
static void
sort_idx(const struct idx_sort *s, size_t *idx, size_t n, int ascending)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		size_t v = idx[i];

		for (j = i; j > 0; j--) {
			double a = value_at(s, idx[j - 1]), b = value_at(s, v);
			int c = ascending ? cmp_desc(b, a) : cmp_desc(a, b);

			if (c < 0 || (c == 0 && idx[j - 1] < v))
				break;
			idx[j] = idx[j - 1];
		}
		idx[j] = v;
	}
}

static const struct {
	const char *id, *title, *unit;
	enum fleet_value v;
} top_defs[FLEET_TOPS] = {
	{ "cpu_busy_p95", "CPU busy p95", "%", FLEET_V_CPU_P95 },
	{ "mem_used_p95", "Memory used p95", "%", FLEET_V_MEM_P95 },
	{ "disk_await_ms_p95", "Disk await p95 (worst disk)", "ms",
	  FLEET_V_AWAIT_P95 },
	{ "tcp_retrans_per_s", "TCP retransmits, mean", "1/s",
	  FLEET_V_RETRANS },
};

/* Every index whose value is a number, sorted; at most max kept. */
static enum pw_status
index_list(struct fleet *f, enum fleet_value v, int ascending, size_t **out,
	   size_t *n, size_t max)
{
	struct idx_sort s = { f, v };
	size_t *idx = f->nhosts ?
		arena_alloc(&f->arena, f->nhosts, sizeof(*idx)) :
		NULL;
	size_t i, k = 0;

	if (f->nhosts && !idx)
		return PW_ENOMEM;
	for (i = 0; i < f->nhosts; i++)
		if (!isnan(value_at(&s, i)))
			idx[k++] = i;
	sort_idx(&s, idx, k, ascending);
	*out = idx;
	*n = k < max ? k : max;
	return PW_OK;
}

static enum pw_status
lists(struct fleet *f)
{
	size_t *idx = NULL, n = 0, i, k = 0;
	enum pw_status rc = PW_OK;
	int t;

	for (t = 0; t < FLEET_TOPS && !rc; t++) {
		f->top[t].id = top_defs[t].id;
		f->top[t].title = top_defs[t].title;
		f->top[t].unit = top_defs[t].unit;
		f->top[t].value = top_defs[t].v;
		if (!(rc = index_list(f, top_defs[t].v, 0, &idx, &n,
				      FLEET_TOP)) &&
		    n)
			memcpy(f->top[t].idx, idx, n * sizeof(*idx));
		f->top[t].n = n;
	}
	/* the filesystems: the soonest to full, then the fullest */
	if (!rc &&
	    !(rc = index_list(f, FLEET_V_FS_USED, 0, &idx, &n, (size_t)-1))) {
		struct idx_sort s = { f, FLEET_V_FS_DAYS };

		sort_idx(&s, idx, n, 1);
		f->nfs = n < FLEET_FS ? n : FLEET_FS;
		if (f->nfs)
			memcpy(f->fs, idx, f->nfs * sizeof(*idx));
		rc = index_list(f, FLEET_V_CPUS_REMOVABLE, 0, &f->underused, &n,
				(size_t)-1);
	}
	for (i = 0; !rc && i < n; i++)
		if (f->hosts[f->underused[i]].underused)
			f->underused[k++] = f->underused[i];
	f->nunderused = k;
	return rc;
}

/* The hosts that stopped reporting, longest silent first. */
static enum pw_status
stopped_list(struct fleet *f)
{
	size_t i, j, k = 0;

	if (f->nhosts &&
	    !(f->stopped = arena_alloc(&f->arena, f->nhosts, sizeof(size_t))))
		return PW_ENOMEM;
	for (i = 0; i < f->nhosts; i++) {
		int64_t t = f->hosts[i].r.st.last_sample;

		if (!f->hosts[i].stopped)
			continue;
		for (j = k;
		     j > 0 && f->hosts[f->stopped[j - 1]].r.st.last_sample > t;
		     j--)
			f->stopped[j] = f->stopped[j - 1];
		f->stopped[j] = i;
		k++;
	}
	f->nstopped = k;
	return PW_OK;
}

/* Counts by status and the week's numbers across the fleet. */
static void
totals(struct fleet *f)
{
	double busy_w = 0, mem_w = 0, mem_sum = 0;
	size_t i, k;

	f->cpus = f->memory_gib = f->critical = f->warning = 0;
	f->cpus_removable = f->memory_gib_removable = 0;
	f->cpu_busy_avg_pct = f->mem_used_avg_pct = 0;
	for (i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];
		const struct source_host_stats *st = &h->r.st;

		for (k = 0; k < FLEET_STATUSES; k++)
			if (strcmp(fleet_status_names[k], h->r.status) == 0)
				f->count[k]++;
		f->critical += h->r.critical;
		f->warning += h->r.warning;
		if (h->underused) {
			f->cpus_removable += h->cpus_removable;
			f->memory_gib_removable += h->memory_gib_removable;
		}
		if (strcmp(h->r.status, "NO DATA") == 0)
			continue;
		if (st->cpu_count > 0 && !isnan(st->cpu_busy_avg)) {
			f->cpus += st->cpu_count;
			busy_w += st->cpu_busy_avg * st->cpu_count;
		}
		if (h->memory_gib > 0 && !isnan(st->mem_used_avg)) {
			f->memory_gib += h->memory_gib;
			mem_w += st->mem_used_avg * h->memory_gib;
			mem_sum += h->memory_gib;
		}
	}
	f->cpu_busy_avg_pct = f->cpus > 0 ? stats_round(busy_w / f->cpus, 1) :
					    NAN;
	f->mem_used_avg_pct = mem_sum > 0 ? stats_round(mem_w / mem_sum, 1) :
					    NAN;
	f->memory_gib = stats_round(f->memory_gib, 1);
}

static enum pw_status
notes(struct fleet *f)
{
	static const char *const always[] = {
		"Right-sizing: a host whose CPU busy p95 and memory used p95 stay under [fleet] underused_cpu_pct and underused_mem_pct over the week; it needs ceil(CPUs x CPU p95 / target) CPUs and ceil(GiB x memory max / target) GiB (target: [report] target_util_pct), at least 1 of each; the rest could be removed.",
		"Heatmap: the mean CPU busy of each 24 hours from the period's start, over the samples stored.",
	};
	static const char store[] =
		"Percentiles of hosts read from a Prometheus-compatible store are the store's (quantile_over_time: linear interpolation between the two samples around rank 0.95 x (n - 1)); those of hosts read from SQLite are nearest ranks (the ceil(0.95 x n)-th smallest sample). The two differ by at most the difference between the neighbouring samples around that rank.";
	static const char cut[] =
		"Open incidents with a '+' (open_incidents_complete false in the JSON) are a floor: the host's stored ServiceNow list stopped at [servicenow] list_max open incidents, and only those are matched to the host by cmdb_ci; raise list_max to count them all.";
	size_t n = 0;

	/* at most the two always given, store and cut */
	if (!(f->notes = arena_alloc(&f->arena, 4, sizeof(*f->notes))))
		return PW_ENOMEM;
	f->notes[n++] = always[0];
	f->notes[n++] = always[1];
	if (f->store_quantiles)
		f->notes[n++] = store;
	if (f->incidents_cut)
		f->notes[n++] = cut;
	f->nnotes = n;
	return PW_OK;
}

/* The period, the heatmap's day labels, the limits. */
static void
head(struct fleet *f, const struct fleet_input *in)
{
	const struct config *cfg = in->cfg;
	int k;

	f->group = in->group;
	f->period.label = arena_strdup(&f->arena, in->period.label);
	f->period.timezone = arena_strdup(&f->arena, in->period.tz);
	stats_time(&f->period.start, in->tz, in->period.start);
	stats_time(&f->period.end, in->tz, in->period.end);
	f->period.hours = (double)(in->period.end - in->period.start) / 3600;
	stats_time(&f->generated, in->tz, in->generated_at);
	f->target_util_pct = cfg->target_util_pct;
	f->underused_cpu_pct = cfg->fleet.underused_cpu_pct;
	f->underused_mem_pct = cfg->fleet.underused_mem_pct;
	f->stopped_after_min = cfg->fleet.stopped_after_min;
	f->min_coverage_pct = cfg->min_coverage_pct;
	f->tz = in->tz;
	for (k = 0; k < STATS_DAYS; k++)
		if (period_format_local(in->tz,
					in->period.start + (int64_t)k * 86400 +
						43200,
					"%a %m-%d", f->days[k],
					sizeof(f->days[k])) != PW_OK)
			snprintf(f->days[k], sizeof(f->days[k]), "day %d",
				 k + 1);
}

enum pw_status
fleet_build(const struct fleet_input *in, struct fleet *out)
{
	const struct fleet_rows *rows = in->rows;
	size_t i;
	enum pw_status rc;

	memset(out, 0, sizeof(*out));
	head(out, in);
	if (!out->period.label || !out->period.timezone)
		return PW_ENOMEM;
	if (rows->n &&
	    !(out->hosts = arena_alloc(&out->arena, rows->n,
				       sizeof(*out->hosts))))
		return PW_ENOMEM;
	for (i = 0; i < rows->n; i++) {
		struct fleet_host *h;

		if (!selected(in, &rows->v[i].st))
			continue;
		h = &out->hosts[out->nhosts++];
		memset(h, 0, sizeof(*h));
		h->r = rows->v[i];
		host_figures(out, in, h);
	}
	if (out->nhosts)
		qsort(out->hosts, out->nhosts, sizeof(*out->hosts), rank_cmp);
	for (i = 0; i < out->nhosts; i++)
		out->hosts[i].rank = (double)(i + 1);
	totals(out);
	rc = stopped_list(out);
	if (!rc)
		rc = lists(out);
	if (!rc)
		rc = notes(out);
	if (rc)
		fleet_free(out);
	return rc;
}

void
fleet_free(struct fleet *f)
{
	if (!f)
		return;
	arena_free(&f->arena);
	memset(f, 0, sizeof(*f));
}

void
fleet_status_line(const struct fleet *f, char *buf, size_t n)
{
	size_t len = 0, k;

	buf[0] = '\0';
	for (k = 0; k < FLEET_STATUSES && len < n; k++) {
		int w;

		if (!(f->count[k] > 0))
			continue;
		w = snprintf(buf + len, n - len, "%s%.0f %s", len ? ", " : "",
			     f->count[k], fleet_status_names[k]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	if (!buf[0])
		snprintf(buf, n, "no hosts");
}
