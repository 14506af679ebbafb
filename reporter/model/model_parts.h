/*
 * model_parts.h - the builders of the report model's sections other than
 * the statistics, shared by model.c and model_head.c.
 */
#ifndef PW_MODEL_PARTS_H
#define PW_MODEL_PARTS_H

#include <cjson/cJSON.h>

#include "findings.h"
#include "model_status.h"
#include "report.h"

/* schema, host, period, generated, simulated */
enum pw_status model_header(struct report_ctx *ctx, cJSON *root);
/*
 * summary: status (NO DATA or INCOMPLETE when ds says so, else the worst
 * finding), top findings (references into findings), counts
 */
enum pw_status model_summary(cJSON *root, const cJSON *findings,
			     enum severity worst, const struct data_status *ds);
/* incidents (ServiceNow), and summary.open_incidents */
enum pw_status model_incidents(struct report_ctx *ctx, cJSON *root);
/* notes on method; none when there is no data; a warning for rollups */
enum pw_status model_notes_add(cJSON *root, int has_data, int from_rollups);

#endif
