/*
 * appmetric_internal.h - shared by appmetric.c and appmetric_plugin.c only.
 *
 * The metric list and the value rule are owned by appmetric.c; the plugin
 * runner uses them without the logging appmetric_set does, because it
 * reports a bad plugin once, in its own words.
 */
#ifndef PW_APPMETRIC_INTERNAL_H
#define PW_APPMETRIC_INTERNAL_H

#include "appmetric.h"
#include "status.h"

/* Parse a finite number that uses all of s (no blanks): 0, or -1. */
int appmetric_parse_value(const char *s, double *out);
/*
 * Add or replace name (already checked) without logging; PW_ETOOBIG when
 * name is new and the list holds APPMETRIC_MAX metrics.
 */
enum pw_status appmetric_put(struct app_metrics *am, const char *name,
    double value);

#endif
