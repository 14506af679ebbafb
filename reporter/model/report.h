/*
 * report.h - the report model: one cJSON tree built once from the
 * database, read by every renderer (text, JSON, PDF).
 *
 * report_build() loads the period (load.c), computes the statistics of
 * every metric declared in the section tables (metric.c), the findings
 * (findings.c), coverage (coverage.c) and capacity (capacity.c), and
 * assembles them.  docs/report-json.md documents the tree field by field.
 * The model holds no wall-clock time of its own: the same database and
 * arguments give the same model, byte for byte.
 */
#ifndef PW_REPORT_H
#define PW_REPORT_H

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdint.h>

#include "config.h"
#include "load.h"
#include "period.h"
#include "snow.h"
#include "stats.h"
#include "status.h"

#define REPORT_SCHEMA "perfweek-report/1"

struct report_input {
	const struct config *cfg;
	sqlite3 *db;
	const char *host;
	int64_t host_id;
	struct period period;
	const struct period_tz *tz;     /* covers the period and 5 weeks back */
	int64_t generated_at;           /* SOURCE_DATE_EPOCH or period end */
	const struct snow_choice *snow; /* incidents chosen; NULL: none */
	const struct health_week *health; /* the checks' week, live included */
};

struct health_week;

/*
 * Everything the section builders share: the input, the loaded data and
 * per-sample local hour and weekday (for busiest hour and day).
 */
struct report_ctx {
	const struct report_input *in;
	struct dataset data;
	int8_t *local_hour; /* owned, per host sample */
	int8_t *local_dow;
	double *scratch; /* owned, data.n or longest device */
	size_t scratch_n;
	const struct health_week *health; /* health.h; the checks' week */
};

/*
 * Build the model; the caller frees it with cJSON_Delete.  When data is
 * not NULL, the period's loaded snapshots move into *data on success (the
 * caller frees them with dataset_free), so a renderer that draws the
 * series (the PDF charts) need not load the database a second time; on
 * failure *data is untouched.
 */
enum pw_status
report_build(const struct report_input *in, cJSON **out, struct dataset *data);

/* Round to d decimals, for stable, readable numbers (NaN stays NaN). */
double report_round(double v, int d);
/* Add a number, or null for NaN; 0 or PW_ENOMEM. */
enum pw_status report_add_num(cJSON *obj, const char *key, double v, int d);
/* A number of object o, NaN when missing or not a number. */
double model_num(const cJSON *o, const char *key);
/* A string of object o, "" when missing or not a string. */
const char *model_str(const cJSON *o, const char *key);
/* Add "key": "local time text" and "key_ts" Unix seconds; ts 0 = null. */
enum pw_status report_add_time(const struct report_ctx *ctx, cJSON *obj,
			       const char *key, int64_t ts);

#endif
