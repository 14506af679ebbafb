/*
 * config.h - perfweek.conf, the INI file all three programs read.
 *
 * The keys are declared once, as a table in config.c, with their type, range
 * and default; perfweek.conf(5) documents the same table.  An unknown
 * section or key, a bad value, a key or section given twice, or a value
 * that config_check.c refuses once the whole file is read, is an error
 * reported as "FILE:LINE: why".  A missing file at the default path means
 * built-in defaults; a missing file named with -c, or a directory, is an
 * error.
 */
#ifndef PW_CONFIG_H
#define PW_CONFIG_H

#include <limits.h>
#include <stddef.h>

#include "config_fleet.h"
#include "rules.h"
#include "status.h"

/* PW_SYSCONFDIR and PW_LOCALSTATEDIR: paths.h, which make generates */
#define CONFIG_DEFAULT_PATH    PW_SYSCONFDIR "/perfweek/perfweek.conf"
#define CONFIG_DEFAULT_DB      PW_LOCALSTATEDIR "/lib/perfweek/perfweek.db"
#define CONFIG_STR_MAX         256
#define CONFIG_LIST_MAX        64
#define CONFIG_TEXT_MAX        2048 /* a ServiceNow encoded query */
#define CONFIG_HEALTH_MAX      1024 /* [health "NAME"] sections, documented */
#define CONFIG_HEALTH_NAME_MAX 64
#define CONFIG_URL_MAX         1024
#define CONFIG_HEADERS_MAX     16
#define CONFIG_EXPECT_MAX      16
#define CONFIG_NOTIFY_MAX      16 /* [notify "NAME"] sections */
#define CONFIG_SOURCES_MAX     8  /* [source] and [source "NAME"] */
#define CONFIG_QUERIES_MAX     16 /* query.METRIC overrides of a source */

/* A list value: words separated by spaces or commas. */
struct config_list {
	char *v[CONFIG_LIST_MAX + 1]; /* NULL-terminated, point into buf */
	size_t n;
	char buf[1024];
};

/* An expected HTTP status range, lo to hi inclusive. */
struct status_range {
	int lo, hi;
};

enum health_method {
	HEALTH_GET = 0,
	HEALTH_HEAD,
	HEALTH_POST
};

/*
 * One [health "NAME"] section: a URL perfweek-probe checks.  Zero in
 * timeout_s, slo_pct and max_redirects < 0 mean "the [probe] default".
 */
struct health_check {
	char name[CONFIG_HEALTH_NAME_MAX];
	char url[CONFIG_URL_MAX];
	/* none: 200-299 */
	struct status_range expect[CONFIG_EXPECT_MAX];
	size_t nexpect;
	char keyword[CONFIG_STR_MAX];        /* must be in the body */
	char keyword_absent[CONFIG_STR_MAX]; /* must not be */
	double timeout_s;
	int method; /* enum health_method */
	char headers[CONFIG_HEADERS_MAX][CONFIG_STR_MAX];
	size_t nheaders;
	char body[CONFIG_STR_MAX];    /* sent with POST */
	char ca_file[CONFIG_URL_MAX]; /* "" = the system's CAs */
	int insecure;                 /* 1 only when set */
	int max_redirects;
	double slo_pct;
	int line; /* of the section header, for messages */
};

/* The kinds of [notify "NAME"] sink (docs/alerts.md). */
enum notify_type {
	NOTIFY_NONE = 0,
	NOTIFY_WEBHOOK,
	NOTIFY_ALERTMANAGER,
	NOTIFY_SLACK,
	NOTIFY_TEAMS,
	NOTIFY_MAIL
};

/*
 * One [notify "NAME"] section: where perfweek-alert sends its alerts.
 * The URL of a webhook is a secret (Slack's and Teams' are bearer
 * credentials): it comes from url_file (mode 0600) or the environment
 * variable url_env, read only when sending; url itself is accepted for
 * Alertmanager only, whose URL carries no credential.
 */
struct notify_sink {
	char name[CONFIG_HEALTH_NAME_MAX];
	char type_name[CONFIG_STR_MAX];
	int type; /* enum notify_type, from type_name */
	char url[CONFIG_URL_MAX];
	char url_file[PATH_MAX];
	char url_env[CONFIG_STR_MAX];
	double timeout_s;
	char ca_file[PATH_MAX];
	int insecure;
	int line; /* of the section header */
};

/* The kinds of [source] (docs/prometheus.md). */
enum source_type {
	SOURCE_SQLITE = 0, /* the host's own history, [general] database */
	SOURCE_PROMETHEUS  /* a Prometheus-compatible HTTP API */
};

/* A metric's PromQL given in the file: query.METRIC = EXPR. */
struct source_query {
	char metric[64]; /* cpu_user_pct, disk.await_ms */
	char expr[CONFIG_TEXT_MAX];
};

/*
 * One [source] (name "") or [source "NAME"] section: where
 * perfweek-report reads the series from (config_source.c).  The secrets
 * are named, never held: a 0600 file or an environment variable, read
 * when the source is opened.
 */
struct source_config {
	char name[CONFIG_HEALTH_NAME_MAX];
	char type_name[CONFIG_STR_MAX];
	int type;                 /* enum source_type, from type_name */
	char database[PATH_MAX];  /* type = sqlite; "" = [general] database */
	char url[CONFIG_URL_MAX]; /* the API root: URL/api/v1/query_range */
	char user[CONFIG_STR_MAX];
	char password_file[PATH_MAX];
	char password_env[CONFIG_STR_MAX];
	char bearer_token_file[PATH_MAX];
	char bearer_token_env[CONFIG_STR_MAX];
	char headers[CONFIG_HEADERS_MAX][CONFIG_STR_MAX];
	size_t nheaders;
	char ca_file[PATH_MAX];
	int insecure;
	double timeout_s; /* all requests of one operation */
	int step_s;       /* query_range step: the scrape interval */
	char selector[CONFIG_STR_MAX];   /* {job="node"} */
	char host_label[CONFIG_STR_MAX]; /* instance */
	struct source_query queries[CONFIG_QUERIES_MAX];
	size_t nqueries;
	int line;         /* of the section header */
	int key_line[24]; /* of each key, for messages; 0: not given */
};

struct config {
	char path[PATH_MAX]; /* file read, or "" for defaults */

	/* [general] */
	char database[PATH_MAX];
	char host[CONFIG_STR_MAX]; /* "" = gethostname() */
	int busy_timeout_ms;

	/* [collect] */
	char plugin_dir[PATH_MAX];
	double plugin_timeout_s;
	double fs_timeout_s;
	struct config_list fs_types;
	struct config_list disk_ignore;
	struct config_list netif_ignore;

	/* [retention] */
	int raw_days;
	int rollup_days;

	/* [report] */
	char timezone[CONFIG_STR_MAX]; /* "" = the system's */
	char output_dir[PATH_MAX];
	struct config_list formats;
	char template_path[PATH_MAX]; /* "" = the installed default */
	char pdf_font[PATH_MAX];      /* TrueType font of the PDF */
	char pdf_font_bold[PATH_MAX];
	char paper[CONFIG_STR_MAX]; /* "a4" or "letter" */
	double target_util_pct;
	double interval_s;       /* expected; 0 = from the data */
	double min_coverage_pct; /* under it: INCOMPLETE, no comparison */

	int keep_weeks; /* report files kept; 0 = all */

	/* The PDF's lists: the rest is in the JSON; 0 = none listed */
	int page1_checks_max; /* health checks on page 1, failing first */
	int outages_max;      /* outage windows per check, longest first */
	int devices_max;      /* devices charted per resource, busiest */
	int findings_max;     /* findings in the findings table, worst */
	int capacity_max;     /* disks in the capacity table, least headroom */

	/* [health]: what holds for every [health "NAME"] */
	int outage_merge_min; /* outages closer than this: one */

	/* [findings] */
	struct rule_limits rules[RULE_COUNT];
	double forecast_min_hours; /* data a days-to-full forecast needs */
	double forecast_min_r2;    /* and how well its line must fit */

	/* [servicenow]; instance "" = not configured */
	char snow_instance[CONFIG_STR_MAX]; /* https://x.service-now.com */
	char snow_auth[CONFIG_STR_MAX];     /* basic or oauth */
	char snow_user[CONFIG_STR_MAX];
	char snow_password_file[PATH_MAX];
	char snow_token_file[PATH_MAX];
	char snow_query[CONFIG_TEXT_MAX];        /* the open incidents */
	char snow_period_query[CONFIG_TEXT_MAX]; /* narrows opened/resolved */
	struct config_list snow_fields;          /* extra fields to store */
	char snow_display_value[CONFIG_STR_MAX]; /* false or all */
	int snow_page_size;
	double snow_timeout_s;
	int snow_retries;
	int snow_max_bytes; /* per HTTP response */
	int snow_list_max;  /* open incidents listed */

	/* [mail] */
	char mail_url[CONFIG_STR_MAX];  /* smtp://HOST:587, smtps://... */
	char mail_from[CONFIG_STR_MAX]; /* "addr" or "Name <addr>" */
	struct config_list mail_to;
	struct config_list mail_cc;
	char mail_subject[CONFIG_STR_MAX]; /* {host} {week} {status} */
	int mail_starttls;                 /* enum config_starttls */
	char mail_user[CONFIG_STR_MAX];    /* "" = no authentication */
	char mail_password_file[PATH_MAX];
	char mail_ca_file[PATH_MAX]; /* "" = the system's CAs */
	int mail_insecure;           /* no certificate checks */
	double mail_timeout_s;
	int mail_attach_json;

	/* [probe] defaults of the health checks */
	double probe_timeout_s;
	double probe_slo_pct;
	int probe_max_redirects;
	char probe_user_agent[CONFIG_STR_MAX];

	/* [alert]: perfweek-alert */
	double alert_window_min;
	double alert_resolve_min;
	double alert_repeat_hours;
	struct config_list alert_notify;  /* sink names; none: every sink */
	struct config_list report_notify; /* [report] notify: sink names */

	/* [fleet] and [fleet "GROUP"]: perfweek-report --fleet */
	struct config_fleet fleet;

	/* [notify "NAME"], in file order */
	struct notify_sink notify[CONFIG_NOTIFY_MAX];
	size_t nnotify;

	/* [source] and [source "NAME"], in file order */
	struct source_config sources[CONFIG_SOURCES_MAX];
	size_t nsources;

	/* [health "NAME"], in file order */
	struct health_check *health; /* owned: config_free() */
	size_t nhealth, health_alloc;
};

/* [mail] starttls: STARTTLS on smtp:// URLs. */
enum config_starttls {
	CONFIG_STARTTLS_REQUIRED = 0, /* fail if the server lacks it */
	CONFIG_STARTTLS_OPTIONAL,     /* use it when offered */
	CONFIG_STARTTLS_OFF           /* never (a local relay) */
};

/* The name of a rule as written in [findings]. */
const char *config_rule_name(enum rule_id id);

/*
 * Fill cfg with the built-in defaults.  The health checks a file adds are
 * allocated (most hosts have none, and the collector never reads them):
 * config_free() releases them.
 */
void config_defaults(struct config *cfg);
void config_free(struct config *cfg);

/*
 * Read path over the defaults already in cfg.  explicit_path says the user
 * named the file, so a missing file is an error.  On error, writes a one-line
 * message "FILE:LINE: why" into err and returns PW_ECONFIG (nothing logged:
 * --check-config prints err, programs log it).
 */
enum pw_status config_load(struct config *cfg, const char *path,
			   int explicit_path, char *err, size_t errsz);

/* What config_setup() checks besides what every run checks. */
enum config_check_flags {
	CONFIG_CHECK = 1u,     /* --check-config: a [mail] section must work */
	CONFIG_CHECK_MAIL = 2u /* and --mail: [mail] must be there and work */
};

/*
 * config_load() with checks beyond the file's own: flags of enum
 * config_check_flags (0 is config_load()).
 */
enum pw_status
config_load_check(struct config *cfg, const char *path, int explicit_path,
		  unsigned flags, char *err, size_t errsz);

/*
 * What every program does at start: defaults, the file, --db over the
 * database, the host name.  Errors are logged, or with check (the
 * CONFIG_CHECK flags, 0 for a run) printed bare on stderr; PW_ECONFIG.
 */
enum pw_status config_setup(struct config *cfg, const char *path,
			    int explicit_path, const char *db, unsigned check);

/*
 * What --check-config prints when all is well: "configuration OK: FILE",
 * or, when path (the default) does not exist, that defaults are in force.
 */
void config_print_ok(const struct config *cfg, const char *path);

/*
 * [mail] checks shared by --check-config and --mail (config_mail.c).
 * config_mail_check: 0 when [mail] can send, else -1 with the reason
 * ("[mail] to must name ...") in why and the key at fault in *key.
 * config_mail_addr: the address of "addr" or "Name <addr>" into out,
 * 0 if it is a plain address (printable ASCII, one '@').
 */
int config_mail_check(const struct config *cfg, char *why, size_t whysz,
		      const char **key);
int config_mail_addr(const char *from, char *out, size_t n);
int config_mail_addr_valid(const char *a);

/* The sink named name, or NULL. */
const struct notify_sink *
config_notify_find(const struct config *cfg, const char *name);

/*
 * The source named name ("" for [source]), or NULL; config_source.c.
 * config_source_default: the built-in one, SQLite on [general] database.
 */
const struct source_config *
config_source_find(const struct config *cfg, const char *name);
const struct source_config *config_source_default(void);

/* The check named name, or NULL. */
const struct health_check *
config_health_find(const struct config *cfg, const char *name);

/* Format the expected statuses of c ("200-299 301") into buf. */
void config_expect_text(const struct health_check *c, char *buf, size_t sz);

/* Resolve derived values (host name).  Returns PW_ERR if none is found. */
enum pw_status config_finish(struct config *cfg);

#endif
