/*
 * log.h - the small logging API shared by all perfweek programs.
 *
 * Messages go to stderr when it is a terminal and to syslog otherwise, with
 * errors also on stderr, which is what a cron job wants (with -v or -vv,
 * every message shown is on stderr too); the environment
 * variable PERFWEEK_LOG (stderr or syslog) forces one destination.  Messages are lowercase with no
 * full stop, the subject in quotes: "cannot open 'x.db': disk I/O error".
 * The log state is the only mutable global state of a program.
 */
#ifndef PW_LOG_H
#define PW_LOG_H

enum log_level {
	LOG_LVL_ERR = 0,
	LOG_LVL_WARN,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG
};

enum log_dest {
	LOG_DEST_AUTO = 0, /* stderr if it is a tty, syslog otherwise */
	LOG_DEST_STDERR,
	LOG_DEST_SYSLOG
};

/* Set the program name, the most verbose level shown and the destination. */
void log_init(const char *progname, enum log_level level, enum log_dest dest);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);

void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
