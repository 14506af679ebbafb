/*
 * coverage.h - how much of the period the data covers: expected against
 * stored snapshots, gaps longer than three intervals, reboots.
 */
#ifndef PW_COVERAGE_H
#define PW_COVERAGE_H

#include <cjson/cJSON.h>

#include "report.h"

#define COVERAGE_MAX_GAPS 5000
#define COVERAGE_WARN_PCT 90.0

enum pw_status coverage_build(struct report_ctx *ctx, cJSON *obj);

#endif
