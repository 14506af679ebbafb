/*
 * coverage.h - how much of the period the data covers: expected against
 * stored snapshots, gaps longer than three intervals, reboots.
 */
#ifndef PW_COVERAGE_H
#define PW_COVERAGE_H

#include "model_build.h"

#define COVERAGE_MAX_GAPS 5000
#define COVERAGE_WARN_PCT 90.0

/* Fill cov's figures, gaps, reboots and warning (not min_pct and
   last_snapshot, which the model stage adds). */
enum pw_status
coverage_build(struct model_ctx *ctx, struct model_coverage *cov);

#endif
