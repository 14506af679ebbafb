/*
 * finding_episodes.c - every episode of a sustained finding: each run of
 * samples at or above the finding's threshold that lasted at least the
 * rule's minutes, not only the longest.
 *
 * A run is as long as the samples it covers, each standing for its
 * interval (dt); a hole of more than max_gap_s between two samples ends
 * it.  Reads the series only; writes into the finding.
 */
#include <math.h>

#include "findings_int.h"

/* The run that ends before sample i (or at the end) is closed: count it. */
static void
episode_close(const struct model_ctx *ctx, const struct episode_run *cur,
	      double need, struct model_finding *f, struct episode_sum *sum)
{
	struct model_episode *e;

	if (cur->minutes <= 0 || cur->minutes < need)
		return;
	sum->count++;
	sum->minutes += cur->minutes;
	if (cur->minutes > sum->longest.minutes)
		sum->longest = *cur;
	if (!f || !f->episodes || sum->count > FINDING_EPISODES_MAX)
		return;
	e = &f->episodes[f->nepisodes++];
	stats_time(&e->w.start, ctx->in->tz, cur->start);
	stats_time(&e->w.end, ctx->in->tz, cur->end);
	e->w.minutes = stats_round(cur->minutes, 0);
	e->peak = stats_round(cur->peak, 2);
}

enum pw_status
finding_episodes(const struct model_ctx *ctx, const struct episode_series *s,
		 double thr, double need, struct model_finding *f,
		 struct episode_sum *sum)
{
	struct episode_run cur = { 0, 0, 0, NAN };
	size_t i;

	sum->count = 0;
	sum->minutes = 0;
	sum->longest = cur;
	for (i = 0; i < s->n; i++) {
		int in = !isnan(s->v[i]) && s->v[i] >= thr;
		int gap = i > 0 &&
			(double)(s->t[i] - s->t[i - 1]) > s->max_gap_s;

		if (!in || gap) {
			episode_close(ctx, &cur, need, f, sum);
			cur.minutes = 0;
			if (!in)
				continue;
		}
		if (cur.minutes == 0) {
			cur.start = s->t[i] - (int64_t)s->dt[i];
			cur.peak = s->v[i];
		}
		cur.minutes += s->dt[i] / 60;
		cur.end = s->t[i];
		if (s->v[i] > cur.peak)
			cur.peak = s->v[i];
	}
	episode_close(ctx, &cur, need, f, sum);
	return PW_OK;
}

enum pw_status
finding_add_episodes(const struct model_ctx *ctx, struct model_finding *f,
		     const struct episode_series *s, double thr, double need)
{
	struct episode_sum sum;
	size_t n;

	/* count first, for the array's size; then list them */
	finding_episodes(ctx, s, thr, need, NULL, &sum);
	n = sum.count < FINDING_EPISODES_MAX ? (size_t)sum.count :
					       FINDING_EPISODES_MAX;
	f->sustained = 1;
	f->nepisodes = 0;
	f->episodes = NULL;
	if (n &&
	    !(f->episodes = arena_alloc(&ctx->m->arena, n,
					sizeof(*f->episodes))))
		return PW_ENOMEM;
	finding_episodes(ctx, s, thr, need, f, &sum);
	f->episode_count = stats_round(sum.count, 0);
	f->episode_minutes = stats_round(sum.minutes, 0);
	return PW_OK;
}
