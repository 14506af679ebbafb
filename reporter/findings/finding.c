/*
 * finding.c - one finding as the report model holds it.
 *
 * The rules of findings.c and the health rules of findings_health.c both
 * describe a finding in a struct finding_desc; finding_obj() is the one
 * place that turns it into the model's object, so every finding has the
 * same keys (docs/report-json.md).  It builds JSON only and judges nothing.
 */
#include <cjson/cJSON.h>

#include "config.h"
#include "findings.h"
#include "findings_int.h"
#include "report.h"

const char *
finding_severity_name(enum severity s)
{
	static const char *const names[] = { "OK", "INFO", "WARNING",
					     "CRITICAL" };
	return names[s];
}

enum pw_status
finding_obj(struct report_ctx *ctx, const struct finding_desc *d, cJSON **out)
{
	cJSON *o = cJSON_CreateObject(), *when;
	enum pw_status rc = PW_ENOMEM;

	if (!o)
		return PW_ENOMEM;
	if (!cJSON_AddStringToObject(o, "rule", config_rule_name(d->rule)) ||
	    !cJSON_AddStringToObject(o, "severity",
				     finding_severity_name(d->sev)) ||
	    !cJSON_AddStringToObject(o, "resource", d->resource) ||
	    !(d->device ? cJSON_AddStringToObject(o, "device", d->device) :
			  cJSON_AddNullToObject(o, "device")) ||
	    !cJSON_AddStringToObject(o, "metric", d->metric) ||
	    !cJSON_AddStringToObject(o, "title", d->title) ||
	    !cJSON_AddStringToObject(o, "evidence", d->evidence) ||
	    !(when = cJSON_AddObjectToObject(o, "when")))
		goto fail;
	if ((rc = report_add_time(ctx, when, "start", d->start)) ||
	    (rc = report_add_time(ctx, when, "end", d->end)) ||
	    (rc = report_add_num(when, "minutes", d->minutes, 0)))
		goto fail;
	if (!cJSON_AddStringToObject(o, "recommendation", d->recommendation)) {
		rc = PW_ENOMEM;
		goto fail;
	}
	*out = o;
	return PW_OK;
fail:
	cJSON_Delete(o);
	return rc;
}
