/*
 * log.c - stderr or syslog, chosen once at start-up.
 *
 * Interactive runs log to stderr.  Otherwise (cron) messages go to syslog
 * and errors are also written to stderr, so that cron mails failures and
 * nothing else; a level of -v or more asked for (log_set_level) writes
 * every message shown to stderr too, so "perfweek-report -vv 2>&1 | less"
 * shows them.  PERFWEEK_LOG=stderr or =syslog overrides the choice (and
 * =syslog writes nothing to stderr).
 *
 * Owns the only mutable global state outside signal flags: the program name,
 * the level and the destination.  Never exits and never allocates, so it is
 * safe to call on any error path.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static const char *log_progname = "perfweek";
static enum log_level log_level = LOG_LVL_WARN;
static int log_to_syslog;
static int log_errors_to_stderr; /* with syslog: errors on stderr too */

void
log_init(const char *progname, enum log_level level, enum log_dest dest)
{
	if (progname)
		log_progname = progname;
	const char *env = getenv("PERFWEEK_LOG");

	log_level = level;
	if (dest == LOG_DEST_AUTO && env && strcmp(env, "stderr") == 0)
		dest = LOG_DEST_STDERR;
	else if (dest == LOG_DEST_AUTO && env && strcmp(env, "syslog") == 0)
		dest = LOG_DEST_SYSLOG;
	if (dest == LOG_DEST_AUTO) {
		/* cron: everything to syslog, errors also to stderr (mailed) */
		log_to_syslog = !isatty(STDERR_FILENO);
		log_errors_to_stderr = log_to_syslog;
	} else {
		log_to_syslog = dest == LOG_DEST_SYSLOG;
	}
	if (log_to_syslog)
		openlog(log_progname, LOG_PID, LOG_DAEMON);
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

enum log_level
log_get_level(void)
{
	return log_level;
}

static void
log_vwrite(enum log_level level, const char *fmt, va_list ap)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	static const char *const tag[] = { "", "warning: ", "", "debug: " };

	va_list ap2;

	if (level > log_level)
		return;
	if (log_to_syslog) {
		va_copy(ap2, ap);
		vsyslog(prio[level], fmt, ap2);
		va_end(ap2);
		/* -v, -vv: all of them, not only errors */
		if (!(log_errors_to_stderr &&
		      (level == LOG_LVL_ERR || log_level >= LOG_LVL_INFO)))
			return;
	}
	fprintf(stderr, "%s: %s", log_progname, tag[level]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

#define LOG_FN(name, level)                 \
	void name(const char *fmt, ...)     \
	{                                   \
		va_list ap;                 \
		va_start(ap, fmt);          \
		log_vwrite(level, fmt, ap); \
		va_end(ap);                 \
	}

LOG_FN(log_err, LOG_LVL_ERR)
LOG_FN(log_warn, LOG_LVL_WARN)
LOG_FN(log_info, LOG_LVL_INFO)
LOG_FN(log_debug, LOG_LVL_DEBUG)
