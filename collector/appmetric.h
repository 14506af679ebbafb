/*
 * appmetric.h - custom application metrics: --gauge NAME=VALUE and the
 * executables of the plugin directory.
 *
 * A plugin is an executable file in plugin_dir.  It is run directly (no
 * shell), with no arguments, stdin from /dev/null, and must print lines
 * "name value" on stdout within the time limit.  A plugin that fails, hangs,
 * prints garbage or too much is logged and skipped; the others still count.
 */
#ifndef PW_APPMETRIC_H
#define PW_APPMETRIC_H

#include <stddef.h>

#include "status.h"

#define APPMETRIC_NAME_MAX   128   /* [A-Za-z0-9_.:-], 1..127 chars */
#define APPMETRIC_MAX        4096  /* metrics per snapshot */
#define APPMETRIC_OUTPUT_CAP 65536 /* bytes read from one plugin */

struct app_metric {
	char name[APPMETRIC_NAME_MAX];
	double value;
};

struct app_metrics {
	struct app_metric *m; /* owned */
	size_t n;
	unsigned nfailed; /* plugins that failed or timed out */
};

/* 1 if name is a valid metric name. */
int appmetric_name_ok(const char *name);
/* Add or replace a metric (a later value for the same name wins). */
enum pw_status
appmetric_set(struct app_metrics *am, const char *name, double value);
/* Parse "NAME=VALUE" from --gauge; logs and returns PW_ECONFIG if bad. */
enum pw_status appmetric_parse_gauge(const char *arg, struct app_metrics *am);
/*
 * Run every executable regular file in dir (sorted by name; names starting
 * with '.' or ending in '~' are skipped), all at once, each killed after
 * timeout_s.  A missing dir is not an error.
 */
enum pw_status appmetric_run_plugins(const char *dir, double timeout_s,
				     struct app_metrics *am);
void appmetric_free(struct app_metrics *am);

#endif
