/*
 * config.c - the table of configuration keys and the libinih handler that
 * applies a file to a struct config.
 *
 * Owns the meaning of every key.  Never exits; config_load never logs (the
 * caller gets the first error as one line and decides), config_setup logs
 * for the programs.  Adding a key is one line in config_keys[] and one
 * paragraph in man/perfweek.conf.5.  [health "NAME"] is config_health.c's,
 * [fleet] config_fleet.c's; what a value may be is config_value.c's.
 */
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "config_int.h"
#include "log.h"
#include "paths.h"

#define KEY(sec, name, type, field, min, max) \
	CONFIG_KEY(sec, name, type, struct config, field, min, max)

static const struct config_key config_keys[] = {
	KEY("general", "database", CK_PATH, database, 0, 0),
	KEY("general", "host", CK_STRING, host, 0, 0),
	KEY("general", "busy_timeout_ms", CK_INT, busy_timeout_ms, 0, 600000),
	KEY("collect", "plugin_dir", CK_PATH, plugin_dir, 0, 0),
	KEY("collect", "plugin_timeout_s", CK_DOUBLE, plugin_timeout_s, 0.1,
	    300),
	KEY("collect", "fs_timeout_s", CK_DOUBLE, fs_timeout_s, 0.1, 300),
	KEY("collect", "fs_types", CK_LIST, fs_types, 0, 0),
	KEY("collect", "disk_ignore", CK_LIST, disk_ignore, 0, 0),
	KEY("collect", "netif_ignore", CK_LIST, netif_ignore, 0, 0),
	KEY("retention", "raw_days", CK_INT, raw_days, 1, 36500),
	KEY("retention", "rollup_days", CK_INT, rollup_days, 1, 36500),
	KEY("report", "timezone", CK_STRING, timezone, 0, 0),
	KEY("report", "output_dir", CK_PATH, output_dir, 0, 0),
	KEY("report", "formats", CK_LIST, formats, 0, 0),
	KEY("report", "template", CK_PATH, template_path, 0, 0),
	KEY("report", "pdf_font", CK_PATH, pdf_font, 0, 0),
	KEY("report", "pdf_font_bold", CK_PATH, pdf_font_bold, 0, 0),
	KEY("report", "paper", CK_STRING, paper, 0, 0),
	KEY("report", "target_util_pct", CK_DOUBLE, target_util_pct, 1, 100),
	KEY("report", "interval_s", CK_DOUBLE, interval_s, 0, 86400),
	KEY("report", "min_coverage_pct", CK_DOUBLE, min_coverage_pct, 0, 100),
	KEY("report", "keep_weeks", CK_INT, keep_weeks, 0, 5200),
	KEY("alert", "window_min", CK_DOUBLE, alert_window_min, 1, 1440),
	KEY("alert", "resolve_min", CK_DOUBLE, alert_resolve_min, 0, 1440),
	KEY("alert", "repeat_hours", CK_DOUBLE, alert_repeat_hours, 0, 8760),
	KEY("alert", "notify", CK_LIST, alert_notify, 0, 0),
	KEY("report", "notify", CK_LIST, report_notify, 0, 0),
	KEY("report", "page1_checks_max", CK_INT, page1_checks_max, 0, 100),
	KEY("report", "outages_max", CK_INT, outages_max, 0, 10000),
	KEY("report", "devices_max", CK_INT, devices_max, 0, 1000),
	KEY("report", "findings_max", CK_INT, findings_max, 0, 1000),
	KEY("report", "capacity_max", CK_INT, capacity_max, 0, 1000),
	KEY("health", "outage_merge_min", CK_INT, outage_merge_min, 0, 10080),
	KEY("mail", "url", CK_STRING, mail_url, 0, 0),
	KEY("mail", "from", CK_STRING, mail_from, 0, 0),
	KEY("mail", "to", CK_LIST, mail_to, 0, 0),
	KEY("mail", "cc", CK_LIST, mail_cc, 0, 0),
	KEY("mail", "subject", CK_STRING, mail_subject, 0, 0),
	KEY("mail", "starttls", CK_STARTTLS, mail_starttls, 0, 0),
	KEY("mail", "user", CK_STRING, mail_user, 0, 0),
	KEY("mail", "password_file", CK_PATH, mail_password_file, 0, 0),
	KEY("mail", "ca_file", CK_PATH, mail_ca_file, 0, 0),
	KEY("mail", "insecure", CK_BOOL, mail_insecure, 0, 0),
	KEY("mail", "timeout_s", CK_DOUBLE, mail_timeout_s, 1, 3600),
	KEY("mail", "attach_json", CK_BOOL, mail_attach_json, 0, 0),
	KEY("servicenow", "instance", CK_STRING, snow_instance, 0, 0),
	KEY("servicenow", "auth", CK_STRING, snow_auth, 0, 0),
	KEY("servicenow", "user", CK_STRING, snow_user, 0, 0),
	KEY("servicenow", "password_file", CK_PATH, snow_password_file, 0, 0),
	KEY("servicenow", "token_file", CK_PATH, snow_token_file, 0, 0),
	KEY("servicenow", "query", CK_STRING, snow_query, 0, 0),
	KEY("servicenow", "period_query", CK_STRING, snow_period_query, 0, 0),
	KEY("servicenow", "fields", CK_LIST, snow_fields, 0, 0),
	KEY("servicenow", "display_value", CK_STRING, snow_display_value, 0, 0),
	KEY("servicenow", "page_size", CK_INT, snow_page_size, 1, 10000),
	KEY("servicenow", "timeout_s", CK_DOUBLE, snow_timeout_s, 1, 600),
	KEY("servicenow", "retries", CK_INT, snow_retries, 0, 10),
	KEY("servicenow", "max_bytes", CK_INT, snow_max_bytes, 4096,
	    1073741824),
	KEY("servicenow", "list_max", CK_INT, snow_list_max, 0, 10000),
	KEY("probe", "timeout_s", CK_DOUBLE, probe_timeout_s, 0.1, 300),
	KEY("probe", "slo_pct", CK_DOUBLE, probe_slo_pct, 1, 99.9999),
	KEY("probe", "max_redirects", CK_INT, probe_max_redirects, 0, 20),
	KEY("probe", "user_agent", CK_STRING, probe_user_agent, 0, 0),
	KEY("findings", "forecast_min_hours", CK_DOUBLE, forecast_min_hours, 0,
	    8760),
	KEY("findings", "forecast_min_r2", CK_DOUBLE, forecast_min_r2, 0, 1),
#define RULE_KEY(id, w, c, m) \
	KEY("findings", #id, CK_RULE, rules[RULE_##id], 0, 1e12),
	PW_RULES(RULE_KEY)
#undef RULE_KEY
};

_Static_assert(sizeof(config_keys) / sizeof(config_keys[0]) <= CONFIG_KEYS_MAX,
	       "struct config_parse has a line for every key");

#define NKEYS (sizeof(config_keys) / sizeof(config_keys[0]))

int
config_key_line(const struct config_parse *cp, const char *section,
		const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(config_keys[i].section, section) == 0 &&
		    strcmp(config_keys[i].name, name) == 0)
			return cp->key_line[i];
	return 0;
}

int
config_section_keys(const struct config_parse *cp, const char *section)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (cp->key_line[i] &&
		    strcmp(config_keys[i].section, section) == 0)
			return 1;
	return 0;
}

int
config_section_line(const struct config_parse *cp, const char *section)
{
	size_t i;

	for (i = 0; i < cp->nsections; i++)
		if (strcmp(cp->sections[i].name, section) == 0)
			return cp->sections[i].line;
	return 0;
}

/*
 * Set key i of the table, unless the file gave it before in this section:
 * a second value would silently win.  A continuation line (indented,
 * right after the key) is libinih's, and no second value.
 */
static int
config_set_key(struct config_parse *cp, size_t i, const char *value)
{
	const struct config_key *k = &config_keys[i];

	if (cp->key_line[i] && !(cp->indented && cp->prev_key == (int)i)) {
		snprintf(cp->err, sizeof(cp->err),
			 "'%s' given twice in [%s] (first at line %d)", k->name,
			 k->section, cp->key_line[i]);
		return 0;
	}
	if (!cp->key_line[i])
		cp->key_line[i] = cp->lineno;
	cp->prev_key = (int)i;
	return config_set(cp->cfg, k, value, cp->err, sizeof(cp->err)) == 0;
}

static int
config_handler(void *user, const char *section, const char *name,
	       const char *value)
{
	struct config_parse *cp = user;
	int known_section = 0;
	size_t i;

	if (cp->err[0])
		return 0; /* report only the first error */
	cp->after_key = 1;
	if (config_notify_section(section))
		return config_notify_key(cp, section, name, value);
	if (config_fleet_section(section))
		return config_fleet_key(cp, section, name, value);
	if (config_source_section(section))
		return config_source_key(cp, section, name, value);
	/* [health] alone holds the keys of all checks: config_keys */
	if (strncmp(section, "health", 6) == 0 &&
	    (section[6] == ' ' || section[6] == '"')) {
		cp->prev_key = -1;
		cp->health.continuation = cp->indented;
		return config_health_set(cp->cfg, &cp->health, section, name,
					 value, cp->lineno, cp->err,
					 sizeof(cp->err), &cp->err_line) == 0;
	}
	for (i = 0; i < NKEYS; i++) {
		const struct config_key *k = &config_keys[i];

		if (strcmp(k->section, section) != 0)
			continue;
		known_section = 1;
		if (strcmp(k->name, name) == 0)
			return config_set_key(cp, i, value);
	}
	if (!known_section)
		snprintf(cp->err, sizeof(cp->err), "unknown section [%s]",
			 section);
	else
		snprintf(cp->err, sizeof(cp->err), "unknown key '%s' in [%s]",
			 name, section);
	return 0;
}

/* Stop the parse at the line just read, with the reason. */
static char *config_stop(struct config_parse *cp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *
config_stop(struct config_parse *cp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cp->err, sizeof(cp->err), fmt, ap);
	va_end(ap);
	cp->err_line = cp->lineno;
	return NULL;
}

/*
 * A section header line: a plain section given twice is an error (its
 * keys would silently mix with the first's); [health "NAME"] sections are
 * config_health.c's, where the same NAME twice is the error.
 */
static char *
config_header(struct config_parse *cp, const char *p)
{
	const char *end = strchr(p, ']');
	size_t n, i;

	cp->health.gen++;
	cp->health.header_line = cp->lineno;
	cp->after_key = 0;
	cp->prev_key = -1;
	n = end ? (size_t)(end - p - 1) : 0; /* none: libinih's syntax error */
	if (!end || (n > 6 && strncmp(p + 1, "health", 6) == 0) ||
	    (n >= 6 && config_notify_section(p + 1)) ||
	    config_fleet_group_header(p + 1, n))
		return (char *)p;
	for (i = 0; i < cp->nsections; i++)
		if (strlen(cp->sections[i].name) == n &&
		    strncmp(cp->sections[i].name, p + 1, n) == 0)
			return config_stop(cp,
					   "section [%s] given twice (first "
					   "at line %d)",
					   cp->sections[i].name,
					   cp->sections[i].line);
	if (n < sizeof(cp->sections[0].name) &&
	    cp->nsections < CONFIG_SECTIONS_MAX) {
		memcpy(cp->sections[cp->nsections].name, p + 1, n);
		cp->sections[cp->nsections].name[n] = '\0';
		cp->sections[cp->nsections++].line = cp->lineno;
	}
	return (char *)p;
}

/*
 * fgets for libinih that also notes section headers, and stops at a line
 * holding a NUL byte (libinih would see the line end there) or longer
 * than libinih's buffer: libinih would read the rest of it as a line of
 * its own, which may set another key, continue the value or be taken for
 * a comment, and never says so.
 */
static char *
config_reader(char *str, int num, void *stream)
{
	struct config_parse *cp = stream;
	const char *p = str;
	int c = EOF, n = 0, nul = 0;

	if (cp->err[0] || num < 2)
		return NULL;
	while (n < num - 1 && (c = getc(cp->f)) != EOF) {
		nul |= c == '\0';
		str[n++] = (char)c;
		if (c == '\n')
			break;
	}
	if (n == 0)
		return NULL;
	str[n] = '\0';
	cp->lineno++;
	if (nul)
		return config_stop(cp, "line holds a NUL byte");
	if (n == num - 1 && str[n - 1] != '\n' && (c = getc(cp->f)) != '\n' &&
	    c != EOF) {
		cp->too_long = 1;
		cp->line_max = num - 1;
		return NULL;
	}
	if (cp->lineno == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3; /* libinih skips a UTF-8 BOM */
	cp->indented = *p == ' ' || *p == '\t';
	while (*p == ' ' || *p == '\t')
		p++;
	/* an indented line after a key continues its value (libinih) */
	if (*p == '[' && !(cp->indented && cp->after_key))
		return config_header(cp, p) ? str : NULL;
	return str;
}

void
config_free(struct config *cfg)
{
	free(cfg->health);
	cfg->health = NULL;
	cfg->nhealth = cfg->health_alloc = 0;
}

/* Open path for reading: a missing default means the built-in defaults. */
static enum pw_status
config_open(const char *path, int explicit_path, FILE **out, char *err,
	    size_t errsz)
{
	const char *what = explicit_path ? "-c " : "";
	struct stat sb;
	FILE *f;

	*out = NULL;
	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT && !explicit_path)
			return PW_OK;
		snprintf(err, errsz, "'%s%s': %s", what, path, strerror(errno));
		return PW_ECONFIG;
	}
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		snprintf(err, errsz, "'%s%s': is a directory", what, path);
		fclose(f);
		return PW_ECONFIG;
	}
	*out = f;
	return PW_OK;
}

enum pw_status
config_load(struct config *cfg, const char *path, int explicit_path, char *err,
	    size_t errsz)
{
	return config_load_check(cfg, path, explicit_path, 0, err, errsz);
}

enum pw_status
config_load_check(struct config *cfg, const char *path, int explicit_path,
		  unsigned flags, char *err, size_t errsz)
{
	struct config_parse cp;
	FILE *f;
	int line;

	if (config_open(path, explicit_path, &f, err, errsz) != PW_OK)
		return PW_ECONFIG;
	memset(&cp, 0, sizeof(cp));
	cp.cfg = cfg;
	cp.f = f;
	cp.prev_key = -1;
	cp.notify.cur = cp.fleet.cur = cp.source.cur = -1;
	line = f ? ini_parse_stream(config_reader, &cp, config_handler, &cp) :
		   0;
	if (f && ferror(f) && line == 0 && !cp.err[0])
		line = -1;
	if (f)
		fclose(f);
	if (line == 0 && cp.too_long) {
		snprintf(err, errsz, "%s:%d: line longer than %d characters",
			 path, cp.lineno, cp.line_max);
		return PW_ECONFIG;
	}
	if (line < 0) {
		snprintf(err, errsz, "cannot read '%s'", path);
		return PW_ECONFIG;
	}
	if (line == 0 && !cp.err[0] &&
	    (config_health_check(cfg, cp.err, sizeof(cp.err), &cp.err_line) ||
	     config_notify_check(cfg, cp.err, sizeof(cp.err), &cp.err_line) ||
	     config_fleet_check(cfg, cp.err, sizeof(cp.err), &cp.err_line) ||
	     config_source_check(cfg, cp.err, sizeof(cp.err), &cp.err_line) ||
	     config_check_values(&cp, flags)))
		line = cp.err_line;
	if (line != 0 || cp.err[0]) {
		if (cp.err_line)
			line = cp.err_line;
		if (line > 0)
			snprintf(err, errsz, "%s:%d: %s", path, line,
				 cp.err[0] ? cp.err : "syntax error");
		else
			snprintf(err, errsz, "%s: %s", path, cp.err);
		return PW_ECONFIG;
	}
	if (f)
		snprintf(cfg->path, sizeof(cfg->path), "%s", path);
	return PW_OK;
}

enum pw_status
config_finish(struct config *cfg)
{
	if (cfg->host[0])
		return PW_OK;
	if (gethostname(cfg->host, sizeof(cfg->host)) != 0 || !cfg->host[0])
		return PW_ERR;
	cfg->host[sizeof(cfg->host) - 1] = '\0';
	return PW_OK;
}

enum pw_status
config_setup(struct config *cfg, const char *path, int explicit_path,
	     const char *db, unsigned check)
{
	char err[1024];

	config_defaults(cfg);
	if (config_load_check(cfg, path, explicit_path, check, err,
			      sizeof(err)) != PW_OK) {
		if (check)
			fprintf(stderr, "%s\n", err);
		else
			log_err("%s", err);
		return PW_ECONFIG;
	}
	if (cfg->path[0])
		log_info("configuration: %s", cfg->path);
	else
		log_info("configuration: no %s, built-in defaults", path);
	if (db &&
	    snprintf(cfg->database, sizeof(cfg->database), "%s", db) >=
		    (int)sizeof(cfg->database)) {
		log_err("--db: path too long");
		return PW_ECONFIG;
	}
	if (config_finish(cfg) != PW_OK) {
		log_err("cannot determine the host name; set 'host' in [general]");
		return PW_ECONFIG;
	}
	return PW_OK;
}
