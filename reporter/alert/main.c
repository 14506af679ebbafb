/*
 * main.c - perfweek-alert: the findings rules over the recent window,
 * notified once per change of state to the [notify "NAME"] sinks.
 *
 * Run by cron every five minutes.  A program of its own rather than a
 * mode of perfweek-report: it takes none of the report's period options,
 * links no PDF or template code, writes the alert state only, and has its
 * own timer and exit status (3: a sink failed, the change is kept for the
 * next run).  --dry-run prints what would be sent and changes nothing;
 * --check-config also reads each sink's URL as the run would.  The only
 * place that exits.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "net.h"
#include "notify.h"
#include "secret.h"

struct opts {
	struct cli_common cli;
	int dry_run;
};

enum {
	OPT_DRY_RUN = CLI_OPT_NEXT
};

static const struct option long_opts[] = {
	CLI_OPTIONS_FIRST{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	CLI_OPTIONS_LAST{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *out)
{
	fputs("Usage: perfweek-alert [options]\n"
	      "Evaluate the findings rules over the recent window and notify "
	      "each change\nof an alert's state to the [notify] sinks.\n\n"
	      "Options:\n" CLI_HELP_CONFIG
	      "      --dry-run         print what would be sent; send and "
	      "store nothing\n" CLI_HELP_COMMON "\n"
	      "Exit status: 0 done, 1 runtime failure, 2 usage or "
	      "configuration error,\n3 done with something missing (a sink "
	      "failed: the notification is kept\nfor the next run; or no "
	      "samples in the window).\n"
	      "See perfweek-alert(8).\n",
	      out);
}

static enum pw_status
parse_args(int argc, char **argv, struct opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, CLI_SHORT_OPTS, long_opts, NULL)) !=
	       -1) {
		if (cli_common_opt(&o->cli, c, optarg))
			continue;
		switch (c) {
		case OPT_DRY_RUN:
			o->dry_run = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			puts("perfweek-alert " PW_VERSION);
			exit(0);
		default:
			fputs("Try 'perfweek-alert --help' for more "
			      "information.\n",
			      stderr);
			return PW_ECONFIG;
		}
	}
	if (optind < argc)
		return cli_usage_error("perfweek-alert",
				       "unexpected argument '%s'",
				       argv[optind]);
	return PW_OK;
}

/* --check-config: every sink's URL can be read, mail sinks can send. */
static enum pw_status
check_sinks(const struct config *cfg)
{
	char url[SECRET_MAX], why[256];
	enum pw_status rc = PW_OK;
	size_t i;

	for (i = 0; i < cfg->nnotify && !rc; i++) {
		const struct notify_sink *s = &cfg->notify[i];

		if (s->type == NOTIFY_MAIL) {
			rc = mail_check_config(cfg, 1);
			if (!rc)
				rc = mail_check_credentials(cfg);
			continue;
		}
		rc = notify_url(s, url, sizeof(url), why, sizeof(why));
		secret_wipe(url, sizeof(url));
		if (rc)
			fprintf(stderr, "[notify \"%s\"]: %s\n", s->name, why);
	}
	return rc;
}

/* SOURCE_DATE_EPOCH is not the clock here: alerts are about now. */
static int64_t
now_s(void)
{
	return (int64_t)time(NULL);
}

int
main(int argc, char **argv)
{
	static struct config cfg; /* large: keep it off the stack */
	struct alert_run_opts ro;
	struct opts o;
	sqlite3 *db = NULL;
	int net = 0;
	enum pw_status rc;

	memset(&o, 0, sizeof(o));
	cli_common_init(&o.cli);
	log_init("perfweek-alert", LOG_LVL_WARN, LOG_DEST_AUTO);
	rc = parse_args(argc, argv, &o);
	if (!rc) {
		log_set_level(cli_log_level(o.cli.verbose));
		rc = config_setup(&cfg, o.cli.config, o.cli.config_explicit,
				  o.cli.db,
				  o.cli.check_config ? CONFIG_CHECK : 0);
	}
	if (o.cli.check_config) {
		if (!rc)
			rc = check_sinks(&cfg);
		if (!rc)
			config_print_ok(&cfg, o.cli.config);
		goto out;
	}
	if (!rc && !o.dry_run && (rc = net_init()) == PW_OK)
		net = 1;
	if (!rc)
		rc = db_open(cfg.database,
			     o.dry_run ? DB_READONLY : DB_EXISTING,
			     cfg.busy_timeout_ms, &db);
	memset(&ro, 0, sizeof(ro));
	ro.now = now_s();
	ro.dry_run = o.dry_run;
	if (!rc)
		rc = alert_run(db, &cfg, &ro);
	if (!rc && fflush(stdout) != 0) {
		log_err("cannot write to standard output");
		rc = PW_EIO;
	}
out:
	db_close(db);
	if (net)
		net_cleanup();
	config_free(&cfg);
	return pw_exit_code(rc);
}
