/*
 * cli.c - the one function behind cli.h: how -v and -q set the log level.
 *
 * Pure: it maps a count to a level and leaves setting it to the caller.
 */
#include "cli.h"

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
