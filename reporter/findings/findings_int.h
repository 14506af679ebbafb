/*
 * findings_int.h - what findings.c shares with findings_health.c: a
 * finding before it enters the model, and the one builder of its struct
 * (finding.c).
 */
#ifndef PW_FINDINGS_INT_H
#define PW_FINDINGS_INT_H

#include "findings.h"

/* A finding before it enters the model: sortable by severity. */
struct found {
	enum severity sev;
	size_t order;
	struct model_finding f;
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

/* The model's finding of d, its strings in the model's arena. */
enum pw_status finding_fill(struct model_ctx *ctx, const struct finding_desc *d,
			    struct model_finding *out);

/* The episodes a finding lists; the count and minutes cover all. */
#define FINDING_EPISODES_MAX 500

/* A sample series and the hole that ends a run. */
struct episode_series {
	const int64_t *t;
	const double *v;
	const double *dt;
	size_t n;
	double max_gap_s;
};

struct episode_run {
	int64_t start, end;
	double minutes;
	double peak;
};

struct episode_sum {
	int count;
	double minutes;
	struct episode_run longest;
};

/*
 * Every run of s at or above thr lasting at least need minutes, summed in
 * *sum; with f not NULL and f->episodes allocated, each (the first
 * FINDING_EPISODES_MAX) is also appended to f->episodes.
 */
enum pw_status
finding_episodes(const struct model_ctx *ctx, const struct episode_series *s,
		 double thr, double need, struct model_finding *f,
		 struct episode_sum *sum);

/*
 * finding_episodes() into f's episodes (allocated in the model's arena),
 * with episode_count and episode_minutes (all episodes, also those past
 * the array's cap); f is then sustained.
 */
enum pw_status
finding_add_episodes(const struct model_ctx *ctx, struct model_finding *f,
		     const struct episode_series *s, double thr, double need);

/* How many findings the health rules can add at most. */
size_t findings_health_max(const struct model_ctx *ctx);

/* Evaluate the health rules on ctx->health; append to found. */
enum pw_status
findings_health(struct model_ctx *ctx, struct found *found, size_t *nfound);

#endif
