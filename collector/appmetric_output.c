/*
 * appmetric_output.c - what a plugin printed, checked line by line.
 *
 * A plugin prints "name value" lines; blank lines and lines starting with
 * '#' are skipped.  The whole output is rejected (logged once, in the
 * plugin's name) on a NUL byte, a malformed line, a bad name or value, or
 * more than APPMETRIC_MAX metrics: a plugin counts all or nothing.  Pure:
 * it parses a buffer the caller owns and fills a list; it never runs,
 * waits for or kills a process (appmetric_plugin.c does).
 */
#include <string.h>

#include "appmetric.h"
#include "appmetric_internal.h"
#include "log.h"

/* The first line of src[0..len) for a message: printable, truncated. */
void
appmetric_printable(char *dst, size_t dstsz, const char *src, size_t len)
{
	size_t i, k = 0;

	for (i = 0; i < len && src[i] != '\n' && src[i] && k + 1 < dstsz; i++)
		dst[k++] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[k] = '\0';
}

/*
 * One output line: 1 and *name, *value for a metric, 0 for a blank or
 * comment line, -1 when malformed.  line is modified.
 */
static int
output_parse_line(char *line, char **name, double *value)
{
	char *save = NULL, *f1, *f2;

	f1 = strtok_r(line, " \t\r", &save);
	if (!f1 || f1[0] == '#')
		return 0;
	f2 = strtok_r(NULL, " \t\r", &save);
	if (!f2 || strtok_r(NULL, " \t\r", &save) != NULL)
		return -1;
	if (!appmetric_name_ok(f1) || appmetric_parse_value(f2, value) != 0)
		return -1;
	*name = f1;
	return 1;
}

/* Parse a plugin's output into tmp; -1 (logged) if any line is bad. */
int
appmetric_parse_output(const char *plugin, char *text, size_t len,
		       struct app_metrics *tmp)
{
	char *line, *next, *name;
	unsigned lineno = 0;
	double v;

	if (len == 0)
		return 0;
	if (memchr(text, '\0', len)) {
		log_warn("plugin '%s' printed a NUL byte; skipped", plugin);
		return -1;
	}
	for (line = text; line && *line; line = next) {
		char shown[64];
		int kind;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		appmetric_printable(shown, sizeof(shown), line, strlen(line));
		kind = output_parse_line(line, &name, &v);
		if (kind < 0) {
			log_warn(
				"plugin '%s' line %u is malformed: '%s'; skipped",
				plugin, lineno, shown);
			return -1;
		}
		if (kind > 0 && appmetric_put(tmp, name, v) != PW_OK) {
			log_warn(
				"plugin '%s' printed more than %d metrics; skipped",
				plugin, APPMETRIC_MAX);
			return -1;
		}
	}
	return 0;
}
