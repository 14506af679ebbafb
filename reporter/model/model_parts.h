/*
 * model_parts.h - the builders of the report model's sections other than
 * the statistics, shared by model.c and model_head.c.
 */
#ifndef PW_MODEL_PARTS_H
#define PW_MODEL_PARTS_H

#include "findings.h"
#include "health.h"
#include "model_status.h"
#include "model_build.h"

/* host, period, generated, simulated, source */
enum pw_status model_header(struct model_ctx *ctx);
/*
 * summary: status (NO DATA or INCOMPLETE when ds says so, else the worst
 * finding), top findings (indexes into the findings), counts
 */
enum pw_status model_summary(struct model *m, enum severity worst,
			     const struct data_status *ds);
/* incidents (ServiceNow), and summary.open_incidents */
enum pw_status model_incidents(struct model_ctx *ctx);
/*
 * Append note s to the model's notes; copied into its arena when dup.
 * The notes' array has room for MODEL_NOTES_MAX.
 */
#define MODEL_NOTES_MAX 16
enum pw_status model_note(struct model *m, const char *s, int dup);
/* notes on method; none when there is no data; a warning for rollups */
enum pw_status model_notes_add(struct model *m, int has_data, int from_rollups);

/* ---- model_health.c ---- */
/* The model's health section, and summary.health_availability_pct. */
enum pw_status
model_health_section(const struct model_ctx *ctx, const struct health_week *hw,
		     struct model *m);

/* The note on how the health figures are computed, or NULL: none. */
/* The health section's note into buf (n bytes); NULL without probes. */
const char *model_health_note(const struct health_week *hw, int merge_min,
			      char *buf, size_t n);

/* WARNING or CRITICAL status text of a certificate's days left; NULL. */
const char *model_cert_status(const struct model_ctx *ctx, double days);

#endif
