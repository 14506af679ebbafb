/*
 * log.c - stderr or syslog, chosen once at start-up.
 *
 * Owns the only mutable global state outside signal flags: the program name,
 * the level and the destination.  Never exits and never allocates, so it is
 * safe to call on any error path.
 */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static const char *log_progname = "perfweek";
static enum log_level log_level = LOG_LVL_WARN;
static int log_to_syslog;

void
log_init(const char *progname, enum log_level level, enum log_dest dest)
{
	if (progname)
		log_progname = progname;
	log_level = level;
	if (dest == LOG_DEST_AUTO)
		log_to_syslog = !isatty(STDERR_FILENO);
	else
		log_to_syslog = dest == LOG_DEST_SYSLOG;
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

	if (level > log_level)
		return;
	if (log_to_syslog) {
		vsyslog(prio[level], fmt, ap);
		return;
	}
	fprintf(stderr, "%s: %s", log_progname, tag[level]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

#define LOG_FN(name, level)				\
	void						\
	name(const char *fmt, ...)			\
	{						\
		va_list ap;				\
		va_start(ap, fmt);			\
		log_vwrite(level, fmt, ap);		\
		va_end(ap);				\
	}

LOG_FN(log_err, LOG_LVL_ERR)
LOG_FN(log_warn, LOG_LVL_WARN)
LOG_FN(log_info, LOG_LVL_INFO)
LOG_FN(log_debug, LOG_LVL_DEBUG)
