/*
 * cli.h - the command-line options every perfweek program shares.
 *
 * -c/--config, --db, --check-config, -v/--verbose, -q/--quiet, -h/--help
 * and -V/--version mean the same in each program, so their getopt_long
 * entries, their help lines and the -v/-q count to log level rule are
 * written once here, and so is what they set (struct cli_common,
 * cli_common_opt).  Each main() still runs getopt_long, prints its own
 * usage and handles -h and -V, which print and exit.  Nothing here exits;
 * only cli_usage_error() prints.
 */
#ifndef PW_CLI_H
#define PW_CLI_H

#include "config.h" /* CONFIG_DEFAULT_PATH */
#include "log.h"
#include "paths.h" /* the PW_SYSCONFDIR of CONFIG_DEFAULT_PATH */

/* Long-only option ids; a program numbers its own from CLI_OPT_NEXT. */
enum {
	CLI_OPT_DB = 256,
	CLI_OPT_CHECK_CONFIG,
	CLI_OPT_NEXT
};

/* The short options: -c FILE, -v, -q, -h, -V. */
#define CLI_SHORT_OPTS "c:vqhV"

/*
 * The shared entries of a struct option array (getopt.h), comma-ended: the
 * first three open the array, the last four close it before the { NULL }
 * row.  Two halves, not one, because getopt_long lists the candidates of
 * an ambiguous abbreviation ("--h": '--host' '--help') in array order.
 */
#define CLI_OPTIONS_FIRST                                      \
	{ "config", required_argument, NULL, 'c' },            \
		{ "db", required_argument, NULL, CLI_OPT_DB }, \
		{ "check-config", no_argument, NULL, CLI_OPT_CHECK_CONFIG },
#define CLI_OPTIONS_LAST                             \
	{ "verbose", no_argument, NULL, 'v' },       \
		{ "quiet", no_argument, NULL, 'q' }, \
		{ "help", no_argument, NULL, 'h' },  \
		{ "version", no_argument, NULL, 'V' },

/* Help lines for -c and --db, which come first in a usage text. */
#define CLI_HELP_CONFIG                                                            \
	"  -c, --config FILE     configuration file (default " CONFIG_DEFAULT_PATH \
	")\n"                                                                      \
	"      --db FILE         database path (overrides the config)\n"

/* Help lines for --check-config to -V, which come last. */
#define CLI_HELP_COMMON                                              \
	"      --check-config    check the configuration and exit\n" \
	"  -v, --verbose         more messages (repeat for debug)\n" \
	"  -q, --quiet           errors only\n"                      \
	"  -h, --help            show this help and exit\n"          \
	"  -V, --version         show the version and exit\n"

/* What the shared options set. */
struct cli_common {
	const char *config;  /* -c, or CONFIG_DEFAULT_PATH */
	int config_explicit; /* -c given: a missing file is an error */
	const char *db;      /* --db, or NULL */
	int check_config;
	int verbose; /* -v count; -1 for -q */
};

/* Defaults: the configuration at its default path, nothing else set. */
void cli_common_init(struct cli_common *cc);

/*
 * Apply getopt_long's option c (argument arg) when it is one of -c, --db,
 * --check-config, -v and -q: 1 if it was, 0 if it is the program's own.
 */
int cli_common_opt(struct cli_common *cc, int c, const char *arg);

/*
 * A usage error found after getopt_long: the message, logged as an error
 * (one line), then the "Try 'prog --help'" hint on stderr, as getopt's own
 * errors get.  Returns PW_ECONFIG (exit 2).
 */
enum pw_status cli_usage_error(const char *prog, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The log level of a verbosity count: -1 (-q) errors only, 0 warnings,
 * 1 (-v) information, 2 or more (-vv) debug.
 */
enum log_level cli_log_level(int verbose);

#endif
