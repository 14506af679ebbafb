/*
 * main.c - perfweek-collect: snapshots of /proc into the SQLite history.
 *
 * Parses options and the configuration, takes the database lock, then
 * either takes --count snapshots --interval seconds apart (one transaction
 * each) or, with --maintain, rolls up and prunes.  The only place that
 * exits; every failure below has been logged where it happened.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "appmetric.h"
#include "archive.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "lock.h"
#include "log.h"
#include "maintain.h"
#include "snapshot.h"
#include "store.h"
#include "tmpclean.h"

#define MAINTAIN_LOCK_WAIT_S 120

static volatile sig_atomic_t stop_requested;

struct opts {
	struct cli_common cli;
	const char *proc_root;
	const char *sys_root;
	double interval_s;
	long count;
	const char *count_arg, *interval_arg; /* as given, or NULL */
	int maintain;
	struct app_metrics gauges;
};

enum {
	OPT_PROC = CLI_OPT_NEXT,
	OPT_SYS,
	OPT_INTERVAL,
	OPT_COUNT,
	OPT_MAINTAIN,
	OPT_GAUGE
};

static const struct option long_opts[] = {
	CLI_OPTIONS_FIRST{ "proc-root", required_argument, NULL, OPT_PROC },
	{ "sys-root", required_argument, NULL, OPT_SYS },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "maintain", no_argument, NULL, OPT_MAINTAIN },
	{ "gauge", required_argument, NULL, OPT_GAUGE },
	CLI_OPTIONS_LAST{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *out)
{
	fputs("Usage: perfweek-collect [options]\n"
	      "Store one snapshot (or several) of this host's performance "
	      "counters.\n\n"
	      "Options:\n" CLI_HELP_CONFIG
	      "      --interval S      seconds between snapshots (with --count)\n"
	      "      --count N         number of snapshots to take (default 1)\n"
	      "      --gauge NAME=VAL  store an application metric (repeatable)\n"
	      "      --maintain        roll up hours, prune old data, reclaim "
	      "space\n"
	      "      --proc-root DIR   read /proc from DIR (default /proc)\n"
	      "      --sys-root DIR    read /sys from DIR (default /sys)\n" CLI_HELP_COMMON
	      "\n"
	      "Exit status: 0 done, 1 runtime failure, 2 usage or configuration "
	      "error,\n3 stored with something missing (a plugin or filesystem "
	      "failed).\n"
	      "See perfweek-collect(8) and perfweek.conf(5).\n",
	      out);
}

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

#define USAGE_ERROR(...) cli_usage_error("perfweek-collect", __VA_ARGS__)

/* Parse a whole number option; 0 or PW_ECONFIG (logged). */
static enum pw_status
parse_count(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		log_err("%s: '%s' is not a whole number from %ld to %ld", opt,
			s, min, max);
		return PW_ECONFIG;
	}
	*out = v;
	return PW_OK;
}

/* Parse a number option; 0 or PW_ECONFIG (logged). */
static enum pw_status
parse_num(const char *opt, const char *s, double min, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < min || v > max) {
		log_err("%s: '%s' is not a number from %g to %g", opt, s, min,
			max);
		return PW_ECONFIG;
	}
	*out = v;
	return PW_OK;
}

/* The options together: --maintain takes no snapshots, and more than one
   snapshot needs an interval. */
static enum pw_status
check_args(const struct opts *o)
{
	if (o->maintain && o->count_arg)
		return USAGE_ERROR(
			"--maintain and --count '%s' exclude each other",
			o->count_arg);
	if (o->maintain && o->interval_arg)
		return USAGE_ERROR(
			"--maintain and --interval '%s' exclude each other",
			o->interval_arg);
	if (o->count > 1 && o->interval_s <= 0)
		return USAGE_ERROR("--count '%s' needs --interval",
				   o->count_arg);
	return PW_OK;
}

static enum pw_status
parse_args(int argc, char **argv, struct opts *o)
{
	enum pw_status rc = PW_OK;
	int c;

	while (!rc &&
	       (c = getopt_long(argc, argv, CLI_SHORT_OPTS, long_opts, NULL)) !=
		       -1) {
		if (cli_common_opt(&o->cli, c, optarg))
			continue;
		switch (c) {
		case OPT_PROC:
			o->proc_root = optarg;
			break;
		case OPT_SYS:
			o->sys_root = optarg;
			break;
		case OPT_MAINTAIN:
			o->maintain = 1;
			break;
		case OPT_INTERVAL:
			o->interval_arg = optarg;
			rc = parse_num("--interval", optarg, 0.01, 86400,
				       &o->interval_s);
			break;
		case OPT_COUNT:
			o->count_arg = optarg;
			rc = parse_count("--count", optarg, 1, 1000000000L,
					 &o->count);
			break;
		case OPT_GAUGE:
			rc = appmetric_parse_gauge(optarg, &o->gauges);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			puts("perfweek-collect " PW_VERSION);
			exit(0);
		default:
			fputs("Try 'perfweek-collect --help' for more "
			      "information.\n",
			      stderr);
			return PW_ECONFIG;
		}
	}
	if (rc)
		return rc;
	if (optind < argc)
		return USAGE_ERROR("unexpected argument '%s'", argv[optind]);
	return check_args(o);
}

/* Sleep until deadline (CLOCK_MONOTONIC) unless a signal asks to stop. */
static void
sleep_until(const struct timespec *deadline)
{
	while (!stop_requested &&
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, deadline,
			       NULL) == EINTR)
		;
}

static enum pw_status
collect(sqlite3 *db, const struct config *cfg, const struct opts *o)
{
	struct snapshot_opts so = {
		.proc_root = o->proc_root,
		.sys_root = o->sys_root,
		.disk_ignore = (const char *const *)cfg->disk_ignore.v,
		.netif_ignore = (const char *const *)cfg->netif_ignore.v,
		.fs_types = (const char *const *)cfg->fs_types.v,
		.fs_timeout_s = cfg->fs_timeout_s,
		.plugin_dir = cfg->plugin_dir,
		.plugin_timeout_s = cfg->plugin_timeout_s,
	};
	struct store *st = NULL;
	struct timespec next;
	enum pw_status rc;
	unsigned missing = 0;
	long i;

	rc = store_new(db, cfg->host, &st);
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (i = 0; i < o->count && !rc && !stop_requested; i++) {
		struct snapshot s;
		size_t g;

		if (i > 0) {
			double t = next.tv_sec + next.tv_nsec / 1e9 +
				o->interval_s;

			next.tv_sec = (time_t)t;
			next.tv_nsec = (long)((t - (double)next.tv_sec) * 1e9);
			sleep_until(&next);
			if (stop_requested)
				break;
		}
		snapshot_init(&s);
		for (g = 0; g < o->gauges.n && !rc; g++)
			rc = appmetric_set(&s.app, o->gauges.m[g].name,
					   o->gauges.m[g].value);
		if (!rc)
			rc = snapshot_read(&so, &s);
		if (!rc)
			rc = store_snapshot(st, &s, NULL);
		missing += s.nmissing;
		snapshot_free(&s);
	}
	store_free(st);
	if (!rc && missing)
		rc = PW_EPARTIAL;
	return rc;
}

static enum pw_status
maintain(sqlite3 *db, const struct config *cfg)
{
	int64_t now = (int64_t)time(NULL);
	struct maintain_result r;
	enum pw_status rc;
	long reports = 0;

	rc = maintain_run(db, now, cfg->raw_days, cfg->rollup_days, &r);
	if (!rc)
		log_info(
			"maintenance: %lld hourly rollups written; past retention removed: %lld snapshots, %lld rollups, %lld health results, %lld incident fetches; %lld pages reclaimed",
			(long long)r.hours_rolled,
			(long long)r.snapshots_deleted,
			(long long)r.rollups_deleted,
			(long long)r.health_deleted,
			(long long)r.fetches_deleted, (long long)r.pages_freed);
	/* The report archive: files only, the database is done with. */
	if (!rc && tmpclean_dir(cfg->output_dir, now, &reports) != PW_OK)
		rc = PW_EPARTIAL;
	if (!rc && cfg->keep_weeks > 0) {
		if (archive_prune(cfg->output_dir, cfg->keep_weeks, now,
				  &reports) != PW_OK)
			rc = PW_EPARTIAL;
		log_info(
			"maintenance: %ld report files older than %d weeks removed from '%s'",
			reports, cfg->keep_weeks, cfg->output_dir);
	}
	return rc;
}

int
main(int argc, char **argv)
{
	static struct config cfg; /* large: keep it off the stack */
	struct opts o = { .proc_root = "/proc",
			  .sys_root = "/sys",
			  .count = 1 };
	struct sigaction sa;
	sqlite3 *db = NULL;
	enum pw_status rc;
	int lockfd = -1;

	cli_common_init(&o.cli);
	log_init("perfweek-collect", LOG_LVL_WARN, LOG_DEST_AUTO);
	rc = parse_args(argc, argv, &o);
	if (!rc) {
		log_set_level(cli_log_level(o.cli.verbose));
		rc = config_setup(&cfg, o.cli.config, o.cli.config_explicit,
				  o.cli.db, o.cli.check_config);
	}
	if (o.cli.check_config) {
		if (!rc)
			config_print_ok(&cfg, o.cli.config);
		goto out;
	}
	if (rc)
		goto out;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	rc = lock_acquire(cfg.database, o.maintain ? MAINTAIN_LOCK_WAIT_S : 0,
			  &lockfd);
	if (!rc)
		rc = db_open(cfg.database, DB_READWRITE, cfg.busy_timeout_ms,
			     &db);
	if (!rc)
		rc = o.maintain ? maintain(db, &cfg) : collect(db, &cfg, &o);
out:
	db_close(db);
	lock_release(lockfd);
	appmetric_free(&o.gauges);
	config_free(&cfg);
	return pw_exit_code(rc);
}
