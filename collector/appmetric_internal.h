/*
 * appmetric_internal.h - shared by appmetric.c, appmetric_output.c and
 * appmetric_plugin.c only.
 *
 * The metric list and the value rule are owned by appmetric.c; the plugin
 * runner and its output parser use them without the logging appmetric_set
 * does, because they report a bad plugin once, in their own words.
 */
#ifndef PW_APPMETRIC_INTERNAL_H
#define PW_APPMETRIC_INTERNAL_H

#include <stddef.h>

#include "appmetric.h"
#include "status.h"

/* Parse a finite number that uses all of s (no blanks): 0, or -1. */
int appmetric_parse_value(const char *s, double *out);
/*
 * Add or replace name (already checked) without logging; PW_ETOOBIG when
 * name is new and the list holds APPMETRIC_MAX metrics.
 */
enum pw_status
appmetric_put(struct app_metrics *am, const char *name, double value);

/* The first line of src[0..len) for a message: printable, truncated. */
void appmetric_printable(char *dst, size_t dstsz, const char *src, size_t len);

/*
 * Parse the len bytes of text a plugin printed (NUL-terminated; modified)
 * into tmp; -1 (logged, naming plugin) if any line is bad, with tmp
 * holding what was parsed before it, for the caller to free.
 */
int appmetric_parse_output(const char *plugin, char *text, size_t len,
			   struct app_metrics *tmp);

#endif
