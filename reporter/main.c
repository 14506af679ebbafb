/*
 * main.c - perfweek-report: the weekly report, as text, JSON and PDF.
 *
 * Parses options, resolves the period and the host, builds the report
 * model once (report.c), hands it to deliver.c for the files, standard
 * output and --mail, decides the exit status (something missing is 3) and
 * records the run.  The only place that exits.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "deliver.h"
#include "fleet_run.h"
#include "inputs.h"
#include "log.h"
#include "mail.h"
#include "net.h"
#include "record.h"
#include "report_notify.h"
#include "json.h"
#include "model_build.h"
#include "snow.h"

struct opts {
	struct cli_common cli;
	const char *host;
	const char *source; /* --source NAME */
	const char *week;
	int last_week;
	const char *from, *to;
	const char *formats;
	const char *out;
	const char *template_path;
	int to_stdout;
	int offline;
	int mail;
	int refresh_incidents;
	int fleet, per_host; /* --fleet: every host of the --db files */
	const char *dbs[FLEET_DB_MAX];
	size_t ndbs;
};

enum {
	OPT_HOST = CLI_OPT_NEXT,
	OPT_WEEK,
	OPT_LAST,
	OPT_FROM,
	OPT_TO,
	OPT_FORMAT,
	OPT_OUT,
	OPT_STDOUT,
	OPT_TEMPLATE,
	OPT_OFFLINE,
	OPT_MAIL,
	OPT_REFRESH,
	OPT_FLEET,
	OPT_PER_HOST,
	OPT_SOURCE
};

static const struct option long_opts[] = {
	CLI_OPTIONS_FIRST{ "host", required_argument, NULL, OPT_HOST },
	{ "week", required_argument, NULL, OPT_WEEK },
	{ "last-week", no_argument, NULL, OPT_LAST },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "stdout", no_argument, NULL, OPT_STDOUT },
	{ "template", required_argument, NULL, OPT_TEMPLATE },
	{ "offline", no_argument, NULL, OPT_OFFLINE },
	{ "mail", no_argument, NULL, OPT_MAIL },
	{ "refresh-incidents", no_argument, NULL, OPT_REFRESH },
	{ "fleet", no_argument, NULL, OPT_FLEET },
	{ "per-host", no_argument, NULL, OPT_PER_HOST },
	{ "source", required_argument, NULL, OPT_SOURCE },
	CLI_OPTIONS_LAST{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *out)
{
	fputs("Usage: perfweek-report [options]\n"
	      "Report on a host's week: statistics, findings, capacity, "
	      "incidents.\n\n"
	      "Options:\n" CLI_HELP_CONFIG
	      "      --host NAME       whose data (default: this host)\n"
	      "      --source NAME     read it from [source \"NAME\"] (default:\n"
	      "                        [source], else [general] database)\n"
	      "      --week YYYY-Www   an ISO 8601 week\n"
	      "      --last-week       the last complete week (the default)\n"
	      "      --from DATE --to DATE\n"
	      "                        a period: YYYY-MM-DD[Thh:mm], to exclusive\n"
	      "      --format LIST     text,json,pdf (default: [report] "
	      "formats)\n"
	      "      --out DIR         output directory (default: [report] "
	      "output_dir)\n"
	      "      --stdout          print the text report on standard output\n"
	      "      --template FILE   a Mustache template for the text report\n"
	      "      --offline         no network: stored incidents only\n"
	      "      --refresh-incidents\n"
	      "                        fetch incidents even if the period's "
	      "are stored\n"
	      "      --mail            mail the report as [mail] says\n"
	      "      --fleet           one report on every host of the --db files\n"
	      "                        (repeat --db), or of [fleet] databases\n"
	      "      --per-host        with --fleet, each host's report too\n" CLI_HELP_COMMON
	      "\n"
	      "Exit status: 0 done, 1 runtime failure, 2 usage or configuration "
	      "error,\n3 done with something missing (no data in the period, "
	      "incidents\nunavailable, mail not sent, a health check failing at "
	      "report time).\n"
	      "See perfweek-report(8).\n",
	      out);
}

#define USAGE_ERROR(...) cli_usage_error("perfweek-report", __VA_ARGS__)

/* Option c of perfweek-report's own, with its argument; exits for -h, -V. */
static enum pw_status
set_opt(struct opts *o, int c, char *arg)
{
	switch (c) {
	case OPT_HOST:
		if (!arg[0])
			return USAGE_ERROR("--host: '' is not a host name");
		o->host = arg;
		return PW_OK;
	case OPT_WEEK:
		o->week = arg;
		return PW_OK;
	case OPT_LAST:
		o->last_week = 1;
		return PW_OK;
	case OPT_FROM:
		o->from = arg;
		return PW_OK;
	case OPT_TO:
		o->to = arg;
		return PW_OK;
	case OPT_FORMAT:
		if (strspn(arg, ", ") == strlen(arg))
			return USAGE_ERROR(
				"--format: '%s' names no format (text, json, pdf)",
				arg);
		o->formats = arg;
		return PW_OK;
	case OPT_OUT:
		o->out = arg;
		return PW_OK;
	case OPT_STDOUT:
		o->to_stdout = 1;
		return PW_OK;
	case OPT_TEMPLATE:
		o->template_path = arg;
		return PW_OK;
	case OPT_OFFLINE:
		o->offline = 1;
		return PW_OK;
	case OPT_MAIL:
		o->mail = 1;
		return PW_OK;
	case OPT_REFRESH:
		o->refresh_incidents = 1;
		return PW_OK;
	case 'h':
		usage(stdout);
		exit(0);
	case 'V':
		puts("perfweek-report " PW_VERSION);
		exit(0);
	default:
		fputs("Try 'perfweek-report --help' for more "
		      "information.\n",
		      stderr);
		return PW_ECONFIG;
	}
}

/* The options that exclude or need each other. */
static enum pw_status
check_args(const struct opts *o)
{
	if (!o->from != !o->to)
		return USAGE_ERROR("--from and --to go together");
	if (o->week && o->last_week)
		return USAGE_ERROR(
			"--week '%s' and --last-week exclude each other",
			o->week);
	if (o->from && o->week)
		return USAGE_ERROR("--week and --from/--to exclude each other");
	if (o->from && o->last_week)
		return USAGE_ERROR(
			"--last-week and --from/--to exclude each other");
	if (o->fleet && o->host)
		return USAGE_ERROR("--host and --fleet exclude each other");
	if (!o->fleet && (o->per_host || o->ndbs > 1))
		return USAGE_ERROR(
			o->per_host ?
				"--per-host needs --fleet" :
				"--db given twice: several databases need --fleet");
	return PW_OK;
}

static enum pw_status
parse_args(int argc, char **argv, struct opts *o)
{
	enum pw_status rc;
	int c;

	while ((c = getopt_long(argc, argv, CLI_SHORT_OPTS, long_opts, NULL)) !=
	       -1) {
		if (c == CLI_OPT_DB && o->ndbs < FLEET_DB_MAX)
			o->dbs[o->ndbs++] = optarg;
		if (c == OPT_FLEET || c == OPT_PER_HOST) {
			*(c == OPT_FLEET ? &o->fleet : &o->per_host) = 1;
			continue;
		}
		if (cli_common_opt(&o->cli, c, optarg))
			continue;
		if (c == OPT_SOURCE) {
			o->source = optarg;
			continue;
		}
		if ((rc = set_opt(o, c, optarg)))
			return rc;
	}
	if (optind < argc)
		return USAGE_ERROR("unexpected argument '%s'", argv[optind]);
	return check_args(o);
}

/* SOURCE_DATE_EPOCH, or the end of the period (not later than now). */
static int64_t
generated_at(const struct period *p)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int64_t now = (int64_t)time(NULL);
	char *end;

	if (sde && *sde) {
		long long v;

		errno = 0;
		v = strtoll(sde, &end, 10);
		if (!errno && !*end && v > 0)
			return v;
		log_warn("SOURCE_DATE_EPOCH '%s' is not a number; ignored",
			 sde);
	}
	return p->end < now ? p->end : now;
}

static enum pw_status
resolve_period(const struct opts *o, const struct config *cfg, struct period *p)
{
	int y, w;
	enum pw_status rc;

	if (o->week) {
		rc = period_parse_week(o->week, &y, &w);
		return rc ? PW_ECONFIG : period_week(y, w, cfg->timezone, p);
	}
	if (o->from)
		return period_range(o->from, o->to, cfg->timezone, p);
	return period_last_week((int64_t)time(NULL), cfg->timezone, p);
}

/* Health checks that failed live, at report time: each logged. */
static int
live_failures(const struct model *m)
{
	const struct model_health *h = &m->health;
	size_t i;
	int n = 0;

	for (i = 0; i < h->nchecks; i++) {
		const struct model_check *c = &h->checks[i];

		if (!c->has_live || c->live.ok)
			continue;
		log_warn("health check '%s' fails now: %s", c->name,
			 c->live.error ? c->live.error : "");
		n++;
	}
	return n;
}

/*
 * What the options ask to produce.  With --stdout alone no file is
 * written; --out or --format asks for files besides.
 */
static void
deliver_spec_of(const struct opts *o, const struct config *cfg,
		const struct period *p, const char *host, unsigned formats,
		struct deliver_spec *spec)
{
	int files = !o->to_stdout || o->out || o->formats;

	spec->cfg = cfg;
	spec->host = host;
	spec->label = p->label;
	spec->dir = o->out ? o->out : cfg->output_dir;
	spec->template_path = o->template_path ? o->template_path :
		cfg->template_path[0]          ? cfg->template_path :
						 NULL;
	spec->files = files ? formats : 0;
	spec->to_stdout = o->to_stdout;
	spec->mail = o->mail;
}

/*
 * What the report lacks, each logged: PW_EPARTIAL for a report without
 * snapshots, INCOMPLETE, without its incidents or with a check failing
 * now; rc (the delivery's) otherwise.  A file not written (PW_EPARTIAL)
 * does not hide what else is missing.
 */
static enum pw_status
what_is_missing(const struct model *m, const struct config *cfg,
		const struct snow_choice *snow, enum pw_status rc)
{
	const char *status = m->summary.status;

	if (rc && rc != PW_EPARTIAL)
		return rc;
	if (!(m->coverage.stored > 0)) {
		log_warn("no snapshots of '%s' in %s", m->host,
			 m->period.label);
		rc = PW_EPARTIAL;
	} else if (status && strcmp(status, "INCOMPLETE") == 0) {
		log_warn(
			"only %.1f %% of the expected snapshots of '%s' in %s are stored: the report is INCOMPLETE (min_coverage_pct %g)",
			m->coverage.pct, m->host, m->period.label,
			cfg->min_coverage_pct);
		rc = PW_EPARTIAL;
	}
	if (snow->state == SNOW_UNAVAILABLE) {
		log_warn("the report has no incidents: %s", snow->reason);
		rc = PW_EPARTIAL;
	}
	if (live_failures(m) > 0)
		rc = PW_EPARTIAL;
	return rc;
}

static enum pw_status
report(sqlite3 *db, const struct opts *o, const struct config *cfg,
       const struct source_config *sc, unsigned formats, const struct period *p)
{
	const char *host = o->host ? o->host : cfg->host;
	struct inputs_options io = { host, sc, o->offline,
				     o->refresh_incidents };
	static struct inputs in;  /* large: off the stack */
	static struct delivery d; /* likewise */
	static struct model m;    /* holds the period's data */
	struct model_input mi = { cfg,           &in.src,
				  host,          *p,
				  &in.tz,        generated_at(p),
				  &in.incidents, &in.health };
	struct deliver_spec spec;
	const char *status;
	enum pw_status rc;

	deliver_spec_of(o, cfg, p, host, formats, &spec);
	delivery_init(&d);
	memset(&m, 0, sizeof(m));
	rc = inputs_read(db, cfg, p, &io, &in);
	if (!rc)
		rc = model_build(&mi, &m);
	if (rc)
		goto out;
	rc = what_is_missing(&m, cfg, &in.snow, deliver(&spec, &m, &d));
	if (rc && rc != PW_EPARTIAL)
		goto out;
	status = m.summary.status;
	if (o->mail && deliver_mail(&spec, &d, status ? status : "UNKNOWN"))
		rc = PW_EPARTIAL;
	if (report_notify(cfg, &m, &d))
		rc = PW_EPARTIAL;
	if (in.host_id)
		rc = record_report(db, &m, p, in.host_id, &d, rc);
out:
	delivery_free(&d);
	model_free(&m);
	inputs_free(&in);
	return rc;
}

/* --fleet: every host of the databases, one report (fleet_run.c). */
static enum pw_status
fleet(const struct opts *o, const struct config *cfg,
      const struct source_config *sc, unsigned formats, const struct period *p)
{
	struct deliver_spec s;
	struct fleet_run_options fo;

	deliver_spec_of(o, cfg, p, "fleet", formats, &s);
	fo = (struct fleet_run_options){
		o->dbs,          o->ndbs, sc,           o->per_host,  s.dir,
		s.template_path, formats, s.files != 0, o->to_stdout, o->mail,
		generated_at(p)
	};
	return fleet_run(cfg, p, &fo);
}

/* What --check-config checks: with --mail, [mail] must be usable. */
static unsigned
check_flags(const struct opts *o)
{
	if (!o->cli.check_config)
		return 0;
	return CONFIG_CHECK | (o->mail ? CONFIG_CHECK_MAIL : 0u);
}

int
main(int argc, char **argv)
{
	static struct config cfg; /* large: keep it off the stack */
	const struct source_config *sc = NULL;
	struct opts o;
	struct period p;
	sqlite3 *db = NULL;
	unsigned formats = 0;
	int net = 0;
	enum pw_status rc;

	memset(&o, 0, sizeof(o));
	cli_common_init(&o.cli);
	log_init("perfweek-report", LOG_LVL_WARN, LOG_DEST_AUTO);
	rc = parse_args(argc, argv, &o);
	if (!rc) {
		log_set_level(cli_log_level(o.cli.verbose));
		rc = config_setup(&cfg, o.cli.config, o.cli.config_explicit,
				  o.cli.db, check_flags(&o));
	}
	if (!rc)
		rc = inputs_source(&cfg, o.source, o.cli.db != NULL,
				   o.cli.check_config, &sc);
	if (!rc)
		rc = deliver_formats(o.formats, &cfg, &formats);
	/* A run with --mail writes the files even when [mail] cannot send */
	if (!rc && o.mail && o.cli.check_config)
		rc = mail_check_config(&cfg, 1);
	if (o.cli.check_config) {
		if (!rc)
			rc = snow_check_credentials(&cfg);
		if (!rc && o.mail)
			rc = mail_check_credentials(&cfg);
		if (!rc)
			config_print_ok(&cfg, o.cli.config);
		goto out;
	}
	if (!rc)
		rc = resolve_period(&o, &cfg, &p);
	if (rc)
		goto out;
	/* The network: a store, ServiceNow and the live checks, mail. */
	if ((o.mail || !o.offline || sc->type == SOURCE_PROMETHEUS) &&
	    (rc = net_init()) == PW_OK)
		net = 1;
	if (!rc && o.fleet)
		rc = fleet(&o, &cfg, sc, formats, &p);
	if (rc || o.fleet)
		goto out;
	rc = db_open(cfg.database, inputs_db_mode(sc, cfg.database),
		     cfg.busy_timeout_ms, &db);
	if (!rc)
		rc = report(db, &o, &cfg, sc, formats, &p);
out:
	db_close(db);
	if (net)
		net_cleanup();
	config_free(&cfg);
	return pw_exit_code(rc);
}
