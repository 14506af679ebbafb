/*
 * model_json.c - how numbers and times enter the report model.
 *
 * Every section builder adds its figures through these, so that the whole
 * model rounds the same way, writes null for what is unknown, and gives
 * every time twice: local text in the report's time zone and Unix seconds.
 * The renderers read figures back through model_num() and model_str().
 */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "report.h"

double
report_round(double v, int d)
{
	double f = pow(10, d);

	if (!isfinite(v))
		return v;
	v = round(v * f) / f;
	return v == 0 ? 0 : v; /* no "-0" */
}

enum pw_status
report_add_num(cJSON *obj, const char *key, double v, int d)
{
	cJSON *item = isfinite(v) ? cJSON_CreateNumber(report_round(v, d)) :
				    cJSON_CreateNull();

	if (!item)
		return PW_ENOMEM;
	cJSON_AddItemToObject(obj, key, item);
	return PW_OK;
}

enum pw_status
report_add_time(const struct report_ctx *ctx, cJSON *obj, const char *key,
		int64_t ts)
{
	char buf[64], tskey[64];

	snprintf(tskey, sizeof(tskey), "%s_ts", key);
	if (ts == 0)
		return cJSON_AddNullToObject(obj, key) &&
				cJSON_AddNullToObject(obj, tskey) ?
			PW_OK :
			PW_ENOMEM;
	if (period_format_local(ctx->in->tz, ts, "%a %Y-%m-%d %H:%M %Z", buf,
				sizeof(buf)) != PW_OK) {
		/*
		 * Outside the zone table's window (an incident opened years
		 * before the period): UTC, which needs no table.
		 */
		time_t t = (time_t)ts;
		struct tm tm;

		if (!gmtime_r(&t, &tm) ||
		    strftime(buf, sizeof(buf), "%a %Y-%m-%d %H:%M UTC", &tm) ==
			    0)
			snprintf(buf, sizeof(buf), "@%lld", (long long)ts);
	}
	if (!cJSON_AddStringToObject(obj, key, buf) ||
	    !cJSON_AddNumberToObject(obj, tskey, (double)ts))
		return PW_ENOMEM;
	return PW_OK;
}

double
model_num(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(it) ? it->valuedouble : NAN;
}

const char *
model_str(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(o, key));

	return s ? s : "";
}
