/*
 * tmpl.c - the small pieces the template parser and renderer share: error
 * messages, freeing a template, and a partial lookup over a cJSON object.
 *
 * An error goes either into the caller's struct tmpl_error or, when there is
 * none, to the log: never both, so each message is reported once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "tmpl_int.h"

void
tmpl_error_set(struct tmpl_error *err, const char *name, unsigned line,
	       unsigned col, const char *fmt, ...)
{
	char what[TMPL_ERROR_MAX - 64];
	char msg[TMPL_ERROR_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (n < 0)
		memcpy(what, "unknown error", sizeof("unknown error"));
	/* A message too long for msg is cut short: it is still one line. */
	if (line)
		n = snprintf(msg, sizeof(msg), "%s:%u:%u: %s", name, line, col,
			     what);
	else
		n = snprintf(msg, sizeof(msg), "%s: %s", name, what);
	if (n < 0)
		memcpy(msg, what, sizeof(what));
	if (!err) {
		log_err("%s", msg);
		return;
	}
	memcpy(err->msg, msg, sizeof(msg));
	err->line = line;
	err->col = col;
}

void
tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	free(t->nodes);
	free(t->text);
	free(t->name);
	free(t);
}

const char *
tmpl_partials_json(void *ctx, const char *name, size_t *len)
{
	const cJSON *v;

	v = cJSON_GetObjectItemCaseSensitive((const cJSON *)ctx, name);
	if (!cJSON_IsString(v) || !v->valuestring)
		return NULL;
	*len = strlen(v->valuestring);
	return v->valuestring;
}
