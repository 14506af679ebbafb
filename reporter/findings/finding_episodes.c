/*
 * finding_episodes.c - every episode of a sustained finding: each run of
 * samples at or above the finding's threshold that lasted at least the
 * rule's minutes, not only the longest.
 *
 * A run is as long as the samples it covers, each standing for its
 * interval (dt); a hole of more than max_gap_s between two samples ends
 * it.  Reads the series only; writes into the finding's object.
 */
#include <math.h>

#include "findings_int.h"

/* Append one episode; PW_ENOMEM if an object cannot be made. */
static enum pw_status
episode_add(const struct report_ctx *ctx, cJSON *arr, int64_t start,
	    int64_t end, double minutes, double peak)
{
	cJSON *o = cJSON_CreateObject();
	enum pw_status rc;

	if (!o)
		return PW_ENOMEM;
	cJSON_AddItemToArray(arr, o);
	if ((rc = report_add_time(ctx, o, "start", start)) ||
	    (rc = report_add_time(ctx, o, "end", end)) ||
	    (rc = report_add_num(o, "minutes", minutes, 0)))
		return rc;
	return report_add_num(o, "peak", peak, 2);
}

/* The run that ends before sample i (or at the end) is closed: count it. */
static enum pw_status
episode_close(const struct report_ctx *ctx, const struct episode_run *cur,
	      double need, cJSON *arr, struct episode_sum *sum)
{
	if (cur->minutes <= 0 || cur->minutes < need)
		return PW_OK;
	sum->count++;
	sum->minutes += cur->minutes;
	if (cur->minutes > sum->longest.minutes)
		sum->longest = *cur;
	if (!arr || sum->count > FINDING_EPISODES_MAX)
		return PW_OK;
	return episode_add(ctx, arr, cur->start, cur->end, cur->minutes,
			   cur->peak);
}

enum pw_status
finding_episodes(const struct report_ctx *ctx, const struct episode_series *s,
		 double thr, double need, cJSON *arr, struct episode_sum *sum)
{
	struct episode_run cur = { 0, 0, 0, NAN };
	enum pw_status rc = PW_OK;
	size_t i;

	sum->count = 0;
	sum->minutes = 0;
	sum->longest = cur;
	for (i = 0; i < s->n && !rc; i++) {
		int in = !isnan(s->v[i]) && s->v[i] >= thr;
		int gap = i > 0 &&
			(double)(s->t[i] - s->t[i - 1]) > s->max_gap_s;

		if (!in || gap) {
			rc = episode_close(ctx, &cur, need, arr, sum);
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
	if (!rc)
		rc = episode_close(ctx, &cur, need, arr, sum);
	return rc;
}

enum pw_status
finding_add_episodes(const struct report_ctx *ctx, cJSON *obj,
		     const struct episode_series *s, double thr, double need)
{
	cJSON *arr = cJSON_AddArrayToObject(obj, "episodes");
	struct episode_sum sum;
	enum pw_status rc;

	if (!arr)
		return PW_ENOMEM;
	rc = finding_episodes(ctx, s, thr, need, arr, &sum);
	if (!rc)
		rc = report_add_num(obj, "episode_count", sum.count, 0);
	if (!rc)
		rc = report_add_num(obj, "episode_minutes", sum.minutes, 0);
	return rc;
}
