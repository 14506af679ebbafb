/*
 * model_history.h - the earlier weeks a report compares with, as
 * per-week summaries (reporter/source/summary.h) instead of their series.
 */
#ifndef PW_MODEL_HISTORY_H
#define PW_MODEL_HISTORY_H

#include "metric.h"
#include "model_build.h"
#include "summary.h"

/* One earlier week: its summary and its coverage. */
struct model_hist_week {
	struct source_summary sum;
	double pct;
};

/*
 * Week [start, end) of in's source into *w: the stored summary while it
 * is current, otherwise computed from the week's series with aggregate's
 * statistics and stored (a store that cannot be written is no error).
 * fallback_s is the interval coverage assumes when the week has none.
 * Free with model_hist_free, also after a failure.
 */
enum pw_status
model_hist_load(const struct model_input *in, int64_t start, int64_t end,
		double fallback_s, struct model_hist_week *w);

/* The week's plain mean of m (device dev_name, NULL host-wide); NAN: none. */
double model_hist_avg(const struct model_hist_week *w,
		      const struct metric_def *m, const char *dev_name);

void model_hist_free(struct model_hist_week *w);

#endif
