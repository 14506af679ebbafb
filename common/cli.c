/*
 * cli.c - the shared options of cli.h: what they set, and how -v and -q
 * set the log level.
 *
 * Pure but for cli_usage_error(): it records options and maps a count to
 * a level, and leaves acting on them to the caller.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void
cli_common_init(struct cli_common *cc)
{
	memset(cc, 0, sizeof(*cc));
	cc->config = CONFIG_DEFAULT_PATH;
}

int
cli_common_opt(struct cli_common *cc, int c, const char *arg)
{
	switch (c) {
	case 'c':
		cc->config = arg;
		cc->config_explicit = 1;
		return 1;
	case CLI_OPT_DB:
		cc->db = arg;
		return 1;
	case CLI_OPT_CHECK_CONFIG:
		cc->check_config = 1;
		return 1;
	case 'v':
		cc->verbose++;
		return 1;
	case 'q':
		cc->verbose = -1;
		return 1;
	}
	return 0;
}

enum log_level
cli_log_level(int verbose)
{
	if (verbose < 0)
		return LOG_LVL_ERR;
	if (verbose == 0)
		return LOG_LVL_WARN;
	if (verbose == 1)
		return LOG_LVL_INFO;
	return LOG_LVL_DEBUG;
}

enum pw_status
cli_usage_error(const char *prog, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_err("%s", msg);
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	return PW_ECONFIG;
}
