/*
 * probe_main.c - perfweek-probe: check every configured health URL once,
 * concurrently, and store each result.
 *
 * Run by cron every minute.  A check that fails is a result like any
 * other: it is stored, logged as a warning (syslog under cron, so cron
 * mails nothing every minute) and makes the exit status 3.  Exit 1 means
 * nothing was stored.  Overlapping runs are harmless, each stores its own
 * results in its own transaction, so no lock is taken.  The only place
 * that exits.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "net.h"
#include "probe.h"

struct opts {
	struct cli_common cli;
	const char *only[CONFIG_HEALTH_MAX];
	size_t nonly;
	int no_store;
};

enum {
	OPT_CHECK = CLI_OPT_NEXT,
	OPT_NO_STORE
};

static const struct option long_opts[] = {
	CLI_OPTIONS_FIRST{ "check", required_argument, NULL, OPT_CHECK },
	{ "no-store", no_argument, NULL, OPT_NO_STORE },
	CLI_OPTIONS_LAST{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *out)
{
	fputs("Usage: perfweek-probe [options]\n"
	      "Check the configured health URLs once, concurrently, and store "
	      "the results.\n\n"
	      "Options:\n" CLI_HELP_CONFIG
	      "      --check NAME      only the check [health \"NAME\"] "
	      "(repeatable)\n"
	      "      --no-store        run the checks, store nothing\n" CLI_HELP_COMMON
	      "\n"
	      "With -v, each result is printed on standard output.\n"
	      "Exit status: 0 done, every check passed; 1 runtime failure, "
	      "nothing stored;\n2 usage or configuration error; 3 done, "
	      "a check failed.\n"
	      "See perfweek-probe(8).\n",
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
		case OPT_CHECK:
			if (o->nonly == CONFIG_HEALTH_MAX) {
				log_err("--check: at most %d",
					CONFIG_HEALTH_MAX);
				return PW_ECONFIG;
			}
			o->only[o->nonly++] = optarg;
			break;
		case OPT_NO_STORE:
			o->no_store = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			puts("perfweek-probe " PW_VERSION);
			exit(0);
		default:
			fputs("Try 'perfweek-probe --help' for more "
			      "information.\n",
			      stderr);
			return PW_ECONFIG;
		}
	}
	if (optind < argc)
		return cli_usage_error("perfweek-probe",
				       "unexpected argument '%s'",
				       argv[optind]);
	return PW_OK;
}

/* The checks to run: all, or those named with --check. */
static enum pw_status
select_checks(const struct opts *o, const struct config *cfg,
	      const struct health_check **sel, size_t *n)
{
	size_t i;

	*n = 0;
	if (o->nonly == 0) {
		for (i = 0; i < cfg->nhealth; i++)
			sel[(*n)++] = &cfg->health[i];
		return PW_OK;
	}
	for (i = 0; i < o->nonly; i++) {
		const struct health_check *c = config_health_find(cfg,
								  o->only[i]);

		if (!c) {
			log_err("--check: no [health \"%s\"] in the configuration",
				o->only[i]);
			return PW_ECONFIG;
		}
		sel[(*n)++] = c;
	}
	return PW_OK;
}

static void
print_result(const struct health_check *c, const struct probe_result *r)
{
	char status[24] = "-", ms[48] = "-";

	if (r->http_status > 0)
		snprintf(status, sizeof(status), "%ld", r->http_status);
	if (isfinite(r->total_ms))
		snprintf(ms, sizeof(ms), "%.1f ms", r->total_ms);
	printf("%-20s %-6s %-4s %10s", c->name, r->ok ? "ok" : "FAILED", status,
	       ms);
	if (r->cert_expires)
		printf("  cert %.0f days", floor(r->cert_days_left));
	if (!r->ok)
		printf("  %s", r->error);
	putchar('\n');
}

static enum pw_status
probe(const struct opts *o, const struct config *cfg,
      const struct health_check **sel, size_t n)
{
	struct probe_result *res = calloc(n, sizeof(*res));
	sqlite3 *db = NULL;
	int64_t host_id = 0, now = (int64_t)time(NULL);
	size_t i, failed = 0;
	enum pw_status rc = PW_OK;

	if (!res)
		return PW_ENOMEM;
	/* The database first: no checks are made when they cannot be kept. */
	if (!o->no_store) {
		rc = db_open(cfg->database, DB_READWRITE, cfg->busy_timeout_ms,
			     &db);
		if (!rc)
			rc = db_host_id(db, cfg->host, &host_id);
		if (rc)
			goto out;
		/*
		 * A run every minute need not checkpoint the whole WAL and
		 * sync on close (tens of ms): SQLite's automatic checkpoint
		 * at 1000 pages keeps the WAL bounded all the same.
		 */
		sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
				  (int *)NULL);
	}
	if ((rc = probe_run(cfg, sel, n, now, res)))
		goto out;
	for (i = 0; i < n; i++) {
		if (o->cli.verbose > 0)
			print_result(sel[i], &res[i]);
		if (!res[i].ok) {
			log_warn("health check '%s' failed: %s", sel[i]->name,
				 res[i].error);
			failed++;
		}
	}
	if (fflush(stdout) != 0) {
		log_err("cannot write to standard output");
		rc = PW_EIO;
	}
	if (!o->no_store && !rc)
		rc = probe_store(db, host_id, sel, res, n);
	if (!rc && failed)
		rc = PW_EPARTIAL;
out:
	db_close(db);
	free(res);
	return rc;
}

int
main(int argc, char **argv)
{
	static struct config cfg; /* large: keep it off the stack */
	const struct health_check **sel = NULL;
	struct opts o;
	size_t n = 0;
	enum pw_status rc;

	memset(&o, 0, sizeof(o));
	cli_common_init(&o.cli);
	log_init("perfweek-probe", LOG_LVL_WARN, LOG_DEST_AUTO);
	rc = parse_args(argc, argv, &o);
	if (!rc) {
		log_set_level(cli_log_level(o.cli.verbose));
		rc = config_setup(&cfg, o.cli.config, o.cli.config_explicit,
				  o.cli.db, o.cli.check_config);
	}
	/* all the checks, or each --check, a name given twice twice */
	if (!rc) {
		sel = calloc(cfg.nhealth + o.nonly + 1,
			     sizeof(const struct health_check *));
		if (!sel)
			rc = PW_ENOMEM;
	}
	if (!rc)
		rc = select_checks(&o, &cfg, sel, &n);
	if (o.cli.check_config) {
		if (!rc)
			config_print_ok(&cfg, o.cli.config);
		goto out;
	}
	if (rc)
		goto out;
	if (n == 0) {
		log_info("no [health] checks configured: nothing to do");
		goto out;
	}
	if (!(rc = net_init())) {
		rc = probe(&o, &cfg, sel, n);
		net_cleanup();
	}
out:
	free(sel);
	config_free(&cfg);
	return pw_exit_code(rc);
}
