/*
 * config.h - perfweek.conf, the INI file all three programs read.
 *
 * The keys are declared once, as a table in config.c, with their type, range
 * and default; perfweek.conf(5) documents the same table.  An unknown
 * section or key, or a bad value, is an error reported as "FILE:LINE: why".
 * A missing file at the default path means built-in defaults; a missing file
 * named with -c is an error.
 */
#ifndef PW_CONFIG_H
#define PW_CONFIG_H

#include <limits.h>
#include <stddef.h>

#include "rules.h"
#include "status.h"

#define CONFIG_DEFAULT_PATH PW_SYSCONFDIR "/perfweek/perfweek.conf"
#define CONFIG_DEFAULT_DB PW_LOCALSTATEDIR "/lib/perfweek/perfweek.db"
#define CONFIG_STR_MAX 256
#define CONFIG_LIST_MAX 64

/* A list value: words separated by spaces or commas. */
struct config_list {
	char *v[CONFIG_LIST_MAX + 1];	/* NULL-terminated, point into buf */
	size_t n;
	char buf[1024];
};

struct config {
	char path[PATH_MAX];		/* file read, or "" for defaults */

	/* [general] */
	char database[PATH_MAX];
	char host[CONFIG_STR_MAX];	/* "" = gethostname() */
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
	char timezone[CONFIG_STR_MAX];	/* "" = the system's */
	char output_dir[PATH_MAX];
	struct config_list formats;
	char template_path[PATH_MAX];	/* "" = the installed default */
	char pdf_font[PATH_MAX];	/* TrueType font of the PDF */
	char pdf_font_bold[PATH_MAX];
	char paper[CONFIG_STR_MAX];	/* "a4" or "letter" */
	double target_util_pct;
	double interval_s;		/* expected; 0 = from the data */

	/* [findings] */
	struct rule_limits rules[RULE_COUNT];
};

/* The name of a rule as written in [findings]. */
const char *config_rule_name(enum rule_id id);

/* Fill cfg with the built-in defaults. */
void config_defaults(struct config *cfg);

/*
 * Read path over the defaults already in cfg.  explicit_path says the user
 * named the file, so a missing file is an error.  On error, writes a one-line
 * message "FILE:LINE: why" into err and returns PW_ECONFIG (nothing logged:
 * --check-config prints err, programs log it).
 */
enum pw_status config_load(struct config *cfg, const char *path,
    int explicit_path, char *err, size_t errsz);

/*
 * What every program does at start: defaults, the file, --db over the
 * database, the host name.  Errors are logged, or with check_only printed
 * bare on stderr (--check-config); PW_ECONFIG.
 */
enum pw_status config_setup(struct config *cfg, const char *path,
    int explicit_path, const char *db, int check_only);

/* Resolve derived values (host name).  Returns PW_ERR if none is found. */
enum pw_status config_finish(struct config *cfg);

#endif
