/*
 * model_build.h - the report model built from its inputs: struct
 * model (model.h), filled once, read by every renderer (JSON, text, PDF).
 *
 * model_build() reads the period from its source (source.h), computes the statistics of
 * every metric declared in the section tables (metric.c), the findings
 * (findings.c), coverage (coverage.c) and capacity (capacity.c), and
 * assembles them.  docs/report-json.md documents the model field by field,
 * in its JSON form (render/json).  The model holds no wall-clock time of
 * its own: the same data and arguments give the same model, byte for
 * byte.
 */
#ifndef PW_MODEL_BUILD_H
#define PW_MODEL_BUILD_H

#include <stdint.h>

#include "config.h"
#include "load.h"
#include "model.h"
#include "period.h"
#include "source.h"
#include "stats.h"
#include "status.h"

struct health_week;

struct model_input {
	const struct config *cfg;
	struct source *src; /* the host's series (source.h) */
	const char *host;
	struct period period;
	const struct period_tz *tz; /* covers the period and 5 weeks back */
	int64_t generated_at;       /* SOURCE_DATE_EPOCH or period end */
	const struct model_incidents *incidents; /* read by snow_read() */
	const struct health_week *health; /* the checks' week, live included */
};

/*
 * Everything the section builders share: the input, the model being
 * filled (its arena for strings and arrays), the loaded data and
 * per-sample local hour and weekday (for busiest hour and day).
 */
struct model_ctx {
	const struct model_input *in;
	struct model *m;
	struct dataset data;
	int8_t *local_hour; /* owned, per host sample */
	int8_t *local_dow;
	double *scratch; /* owned, data.n or longest device */
	size_t scratch_n;
	const struct health_week *health; /* health.h; the checks' week */
};

/*
 * Build the model into *out, which the caller frees with model_free().
 * The period's loaded snapshots move into out->data, so a renderer that
 * draws the series (the PDF charts) need not load the database a second
 * time; out->tz is in->tz.  On failure *out is all zeroes.
 */
enum pw_status model_build(const struct model_input *in, struct model *out);

#endif
