/*
 * findings.h - bottlenecks named by rules over the week's data.
 *
 * The rules are a table (findings.c): the metric each one watches, how it
 * fires (a sustained run beyond a threshold, the latest value, a
 * days-to-full forecast, an under-used host), its wording and its
 * recommendation; the thresholds come from [findings] in the
 * configuration (common/rules.h holds the defaults).  Each finding has a
 * severity, evidence (the numbers), when (the worst window) and a
 * recommendation.  The report's status is the worst severity.
 */
#ifndef PW_FINDINGS_H
#define PW_FINDINGS_H

#include <cjson/cJSON.h>

#include "model.h"
#include "report.h"


const char *finding_severity_name(enum severity s);

/* Append the findings to arr, worst first; *worst gets the worst severity. */
enum pw_status
findings_build(struct report_ctx *ctx, cJSON *arr, enum severity *worst);

#endif
