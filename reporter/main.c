/*
 * main.c - perfweek-report: the weekly report, as text, JSON and PDF.
 *
 * Parses options, resolves the period and the host, builds the report
 * model once (report.c), renders the requested formats, writes them
 * atomically, mails them with --mail and records the run.  The only place
 * that exits.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <curl/curl.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "output.h"
#include "pdf.h"
#include "record.h"
#include "render_text.h"
#include "report.h"
#include "snow.h"

struct opts {
	struct cli_common cli;
	const char *host;
	const char *week;
	const char *from, *to;
	const char *formats;
	const char *out;
	const char *template_path;
	int to_stdout;
	int offline;
	int mail;
	int refresh_incidents;
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
	OPT_REFRESH
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
	      "      --mail            mail the report as [mail] says\n" CLI_HELP_COMMON
	      "\n"
	      "Exit status: 0 done, 1 runtime failure, 2 usage or configuration "
	      "error,\n3 done with something missing (no data in the period, "
	      "incidents\nunavailable, mail not sent, a health check failing at "
	      "report time).\n"
	      "See perfweek-report(8).\n",
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
		case OPT_HOST:
			o->host = optarg;
			break;
		case OPT_WEEK:
			o->week = optarg;
			break;
		case OPT_LAST:
			o->week = NULL;
			break;
		case OPT_FROM:
			o->from = optarg;
			break;
		case OPT_TO:
			o->to = optarg;
			break;
		case OPT_FORMAT:
			o->formats = optarg;
			break;
		case OPT_OUT:
			o->out = optarg;
			break;
		case OPT_STDOUT:
			o->to_stdout = 1;
			break;
		case OPT_TEMPLATE:
			o->template_path = optarg;
			break;
		case OPT_OFFLINE:
			o->offline = 1;
			break;
		case OPT_MAIL:
			o->mail = 1;
			break;
		case OPT_REFRESH:
			o->refresh_incidents = 1;
			break;
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
	if (optind < argc) {
		log_err("unexpected argument '%s'", argv[optind]);
		return PW_ECONFIG;
	}
	if (!o->from != !o->to) {
		log_err("--from and --to go together");
		return PW_ECONFIG;
	}
	if (o->from && o->week) {
		log_err("--week and --from/--to exclude each other");
		return PW_ECONFIG;
	}
	return PW_OK;
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

/* The local-time window of a report: within PERIOD_TZ_MAX_SPAN_S. */
#define TZ_BACK_S  ((int64_t)3 * 365 * 86400)
#define TZ_AHEAD_S ((int64_t)360 * 86400)

struct run {
	const struct opts *o;
	const struct config *cfg;
	const struct period *p;
	const char *host;
	const cJSON *model;
	const struct dataset *data; /* the period's snapshots, for PDF */
	const struct period_tz *tz;
	struct buf outputs; /* paths written, one per line */
	char formats[64];
	unsigned want;   /* FMT_* files to write */
	struct buf text; /* the text report, for stdout and mail */
	char written[MAIL_ATTACH_MAX][PATH_MAX]; /* files, for mail */
	size_t nwritten;
};

/* The formats a run writes, as a set. */
enum {
	FMT_TEXT = 1,
	FMT_JSON = 2,
	FMT_PDF = 4
};

static int
want_format(const struct run *r, unsigned fmt)
{
	return (r->want & fmt) != 0;
}

/*
 * The formats of --format, else of [report] formats, as a set: every one
 * named must be known, and a PDF needs its font (a configuration error,
 * found before anything is written).
 */
static enum pw_status
resolve_formats(const struct opts *o, const struct config *cfg, unsigned *want)
{
	static const struct {
		const char *name;
		unsigned bit;
	} known[] = {
		{ "text", FMT_TEXT },
		{ "json", FMT_JSON },
		{ "pdf", FMT_PDF },
	};
	char list[CONFIG_STR_MAX], *tok, *save = NULL;
	const char *v[CONFIG_LIST_MAX + 1];
	size_t n = 0, i, k;

	if (o->formats) {
		snprintf(list, sizeof(list), "%s", o->formats);
		for (tok = strtok_r(list, ", ", &save);
		     tok && n < CONFIG_LIST_MAX;
		     tok = strtok_r(NULL, ", ", &save))
			v[n++] = tok;
	} else {
		for (i = 0; i < cfg->formats.n; i++)
			v[n++] = cfg->formats.v[i];
	}
	*want = 0;
	for (i = 0; i < n; i++) {
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (strcmp(v[i], known[k].name) == 0)
				break;
		if (k == sizeof(known) / sizeof(known[0])) {
			log_err("unknown report format '%s' (known: text, "
				"json, pdf)",
				v[i]);
			return PW_ECONFIG;
		}
		if (known[k].bit == FMT_PDF && pdf_check_config(cfg))
			return PW_ECONFIG;
		*want |= known[k].bit;
	}
	return PW_OK;
}

static enum pw_status
write_file(struct run *r, const char *ext, const char *data, size_t len)
{
	const char *dir = r->o->out ? r->o->out : r->cfg->output_dir;
	char name[512];
	enum pw_status rc;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		log_err("cannot create output directory '%s': %s", dir,
			strerror(errno));
		return PW_EIO;
	}
	if ((rc = output_name(name, sizeof(name), r->host, r->p->label, ext)))
		return rc;
	if ((rc = output_write(dir, name, data, len)))
		return rc;
	if (r->formats[0])
		strncat(r->formats, ",",
			sizeof(r->formats) - strlen(r->formats) - 1);
	strncat(r->formats, strcmp(ext, "txt") ? ext : "text",
		sizeof(r->formats) - strlen(r->formats) - 1);
	log_info("wrote '%s/%s'", dir, name);
	if (r->nwritten < MAIL_ATTACH_MAX) {
		int w = snprintf(r->written[r->nwritten], PATH_MAX, "%s/%s",
				 dir, name);

		if (w > 0 && w < PATH_MAX)
			r->nwritten++;
	}
	return buf_printf(&r->outputs, "%s%s/%s", r->outputs.len ? "\n" : "",
			  dir, name);
}

static enum pw_status
render_pdf(struct run *r)
{
	struct pdf_input in = { r->model,
				r->data,
				r->tz,
				r->cfg->pdf_font,
				r->cfg->pdf_font_bold,
				r->cfg->paper };
	struct buf pdf;
	enum pw_status rc;

	buf_init(&pdf, PDF_CAP);
	rc = pdf_render(&in, &pdf);
	if (!rc)
		rc = write_file(r, "pdf", pdf.data, pdf.len);
	buf_free(&pdf);
	return rc;
}

static enum pw_status
render_all(struct run *r)
{
	int files = !r->o->to_stdout || r->o->out || r->o->formats;
	const char *tpl = r->o->template_path ? r->o->template_path :
		r->cfg->template_path[0]      ? r->cfg->template_path :
						NULL;
	enum pw_status rc = PW_OK;
	struct buf *text = &r->text;
	struct buf js;
	char *json;

	/* The text is rendered for mail too: it is the mail's body. */
	if (r->o->to_stdout || r->o->mail ||
	    (files && want_format(r, FMT_TEXT))) {
		if ((rc = render_text(r->model, tpl, text)))
			return rc;
		if (r->o->to_stdout &&
		    fwrite(text->data, 1, text->len, stdout) != text->len) {
			log_err("cannot write to standard output");
			return PW_EIO;
		}
		if (files && want_format(r, FMT_TEXT) &&
		    (rc = write_file(r, "txt", text->data, text->len)))
			return rc;
	}
	if (files && want_format(r, FMT_JSON)) {
		if (!(json = cJSON_Print(r->model)))
			return PW_ENOMEM;
		buf_init(&js, RENDER_TEXT_CAP);
		if (!(rc = buf_adds(&js, json)) &&
		    !(rc = buf_add(&js, "\n", 1)))
			rc = write_file(r, "json", js.data, js.len);
		buf_free(&js);
		free(json);
		if (rc)
			return rc;
	}
	if (files && want_format(r, FMT_PDF))
		rc = render_pdf(r);
	return rc;
}

/*
 * Mail the report: the text as the body, the files written besides it as
 * attachments.  A failure (logged by mail.c) leaves the files on disk and
 * makes the run "done with something missing".
 */
static enum pw_status
mail_report(struct run *r, const char *status)
{
	const char *files[MAIL_ATTACH_MAX];
	struct mail_report m;
	size_t i, n = 0;
	int pass;

	/* The PDF first: it is what the mail is for. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < r->nwritten; i++) {
			const char *dot = strrchr(r->written[i], '.');
			int pdf = dot && strcmp(dot, ".pdf") == 0;

			if (pdf == (pass == 0))
				files[n++] = r->written[i];
		}
	m = (struct mail_report){ r->host,
				  r->p->label,
				  status,
				  r->text.data ? r->text.data : "",
				  r->text.len,
				  files,
				  n };
	return mail_send(r->cfg, &m) ? PW_EPARTIAL : PW_OK;
}

/* Health checks that failed live, at report time: each logged. */
static int
live_failures(const cJSON *model)
{
	const cJSON *health = cJSON_GetObjectItem(model, "health");
	const cJSON *c, *live;
	int n = 0;

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(health, "checks")) {
		live = cJSON_GetObjectItem(c, "live");
		if (!cJSON_IsObject(live) ||
		    cJSON_IsTrue(cJSON_GetObjectItem(live, "ok")))
			continue;
		log_warn("health check '%s' fails now: %s",
			 cJSON_GetStringValue(cJSON_GetObjectItem(c, "name")),
			 cJSON_GetStringValue(
				 cJSON_GetObjectItem(live, "error")));
		n++;
	}
	return n;
}

static enum pw_status
report(sqlite3 *db, const struct opts *o, const struct config *cfg,
       unsigned want, const struct period *p, int64_t host_id, const char *host)
{
	static struct period_tz tz; /* large: off the stack */
	struct report_input in = { cfg, db, host, host_id,   *p,
				   &tz, 0,  NULL, o->offline };
	struct snow_options so = { o->offline, o->refresh_incidents };
	struct snow_choice snow;
	static struct run r; /* large: off the stack */
	struct dataset data;
	struct record_run rec;
	cJSON *model = NULL;
	char *flat = NULL, hash[17];
	const char *status;
	enum pw_status rc;
	int stored;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.cfg = cfg;
	r.p = p;
	r.host = host;
	r.want = want;
	r.tz = &tz;
	memset(&data, 0, sizeof(data));
	buf_init(&r.outputs, 1 << 16);
	buf_init(&r.text, RENDER_TEXT_CAP);
	/*
	 * Five weeks back for the comparisons; wider for incidents, which
	 * may have been opened long before the period and fetched after it.
	 */
	rc = period_tz_open(cfg->timezone, p->start - TZ_BACK_S,
			    p->end + TZ_AHEAD_S, &tz);
	in.generated_at = generated_at(p);
	if (!rc)
		rc = snow_prepare(db, cfg, host_id, p, &so, &snow);
	in.snow = &snow;
	if (!rc)
		rc = report_build(&in, &model, &data);
	if (rc)
		goto out;
	r.model = model;
	r.data = &data;
	rc = render_all(&r);
	stored = cJSON_GetObjectItem(cJSON_GetObjectItem(model, "coverage"),
				     "stored")
			 ->valueint;
	if (!rc && stored == 0) {
		log_warn("no snapshots of '%s' in %s", host, p->label);
		rc = PW_EPARTIAL;
	}
	if ((!rc || rc == PW_EPARTIAL) && snow.state == SNOW_UNAVAILABLE) {
		log_warn("the report has no incidents: %s", snow.reason);
		rc = PW_EPARTIAL;
	}
	if ((!rc || rc == PW_EPARTIAL) && live_failures(model) > 0)
		rc = PW_EPARTIAL;
	if (rc && rc != PW_EPARTIAL)
		goto out;
	status = cJSON_GetStringValue(cJSON_GetObjectItem(
		cJSON_GetObjectItem(model, "summary"), "status"));
	if (o->mail && mail_report(&r, status ? status : "UNKNOWN"))
		rc = PW_EPARTIAL;
	if (!(flat = cJSON_PrintUnformatted(model))) {
		rc = PW_ENOMEM;
		goto out;
	}
	record_hash(flat, hash);
	rec = (struct record_run){ host_id,
				   p,
				   r.formats[0] ? r.formats : "stdout",
				   r.outputs.len ? r.outputs.data : "",
				   hash,
				   status,
				   pw_exit_code(rc) };
	if (record_run(db, &rec) != PW_OK && !rc)
		rc = PW_EPARTIAL;
out:
	free(flat);
	cJSON_Delete(model);
	buf_free(&r.text);
	dataset_free(&data);
	buf_free(&r.outputs);
	return rc;
}

int
main(int argc, char **argv)
{
	static struct config cfg; /* large: keep it off the stack */
	struct opts o;
	struct period p;
	struct stat sb;
	sqlite3 *db = NULL;
	int64_t host_id = 0;
	unsigned want = 0;
	enum pw_status rc;

	memset(&o, 0, sizeof(o));
	cli_common_init(&o.cli);
	log_init("perfweek-report", LOG_LVL_WARN, LOG_DEST_AUTO);
	rc = parse_args(argc, argv, &o);
	if (!rc) {
		log_set_level(cli_log_level(o.cli.verbose));
		rc = config_setup(&cfg, o.cli.config, o.cli.config_explicit,
				  o.cli.db, o.cli.check_config);
	}
	if (!rc)
		rc = resolve_formats(&o, &cfg, &want);
	if (!rc && o.mail)
		rc = mail_check_config(&cfg, o.cli.check_config);
	if (o.cli.check_config) {
		if (!rc)
			rc = snow_check_credentials(&cfg);
		if (!rc)
			puts("configuration OK");
		goto out;
	}
	if (!rc)
		rc = resolve_period(&o, &cfg, &p);
	if (rc)
		goto out;
	if (stat(cfg.database, &sb) != 0) {
		log_err("no database at '%s': %s (perfweek-collect creates "
			"it)",
			cfg.database, strerror(errno));
		rc = PW_ERR;
		goto out;
	}
	if (o.mail && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_err("cannot initialise libcurl");
		rc = PW_ERR;
		goto out;
	}
	rc = db_open(cfg.database, DB_READWRITE, cfg.busy_timeout_ms, &db);
	if (!rc)
		rc = record_host_id(db, o.host ? o.host : cfg.host, &host_id);
	if (!rc)
		rc = report(db, &o, &cfg, want, &p, host_id,
			    o.host ? o.host : cfg.host);
out:
	db_close(db);
	if (o.mail)
		curl_global_cleanup();
	config_free(&cfg);
	return pw_exit_code(rc);
}
