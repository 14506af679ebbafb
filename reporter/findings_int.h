/*
 * findings_int.h - what findings.c shares with findings_health.c: a
 * finding before it enters the model, and the one builder of its object
 * (finding.c).
 */
#ifndef PW_FINDINGS_INT_H
#define PW_FINDINGS_INT_H

#include "findings.h"

/* A finding before it enters the model: sortable by severity. */
struct found {
	enum severity sev;
	size_t order;
	cJSON *obj;
};

struct finding_desc {
	enum rule_id rule;
	enum severity sev;
	const char *resource; /* "cpu", "disk", "health", ... */
	const char *device;   /* NULL: host-wide */
	const char *metric;
	const char *title;
	const char *evidence;
	const char *recommendation;
	int64_t start, end; /* 0: null */
	double minutes;
};

/* The model object of a finding; the caller owns *out. */
enum pw_status
finding_obj(struct report_ctx *ctx, const struct finding_desc *d, cJSON **out);

/* How many findings the health rules can add at most. */
size_t findings_health_max(const struct report_ctx *ctx);

/* Evaluate the health rules on ctx->health; append to found. */
enum pw_status
findings_health(struct report_ctx *ctx, struct found *found, size_t *nfound);

#endif
