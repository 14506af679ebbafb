/*
 * config.c - the table of configuration keys and the libinih handler that
 * applies a file to a struct config.
 *
 * Owns the meaning of every key.  Never exits; config_load never logs (the
 * caller gets the first error as one line and decides), config_setup logs
 * for the programs.  Adding a key is one line in
 * config_keys[] and one paragraph in man/perfweek.conf.5.  The
 * [health "NAME"] sections, one per checked URL, are config_health.c's;
 * what each type of value may be is config_value.c's.
 */
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_int.h"
#include "log.h"

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

static const char *const rule_names[RULE_COUNT] = {
#define RULE_NAME(id, w, c, m) #id,
	PW_RULES(RULE_NAME)
#undef RULE_NAME
};

const char *
config_rule_name(enum rule_id id)
{
	return rule_names[id];
}

struct config_parse {
	struct config *cfg;
	struct config_health_parse health;
	FILE *f;
	char err[512]; /* first error, without the FILE:LINE prefix */
	int lineno;    /* lines read */
	int too_long;  /* the last did not fit libinih's buffer */
	int line_max;  /* the characters that fit */
};


static int
config_handler(void *user, const char *section, const char *name,
	       const char *value)
{
	struct config_parse *cp = user;
	int known_section = 0;
	size_t i;

	if (cp->err[0])
		return 0; /* report only the first error */
	if (strncmp(section, "health", 6) == 0 &&
	    (section[6] == '\0' || section[6] == ' ' || section[6] == '"'))
		return config_health_set(cp->cfg, &cp->health, section, name,
					 value, cp->err, sizeof(cp->err)) == 0;
	for (i = 0; i < sizeof(config_keys) / sizeof(config_keys[0]); i++) {
		const struct config_key *k = &config_keys[i];

		if (strcmp(k->section, section) != 0)
			continue;
		known_section = 1;
		if (strcmp(k->name, name) == 0)
			return config_set(cp->cfg, k, value, cp->err,
					  sizeof(cp->err)) == 0;
	}
	if (!known_section)
		snprintf(cp->err, sizeof(cp->err), "unknown section [%s]",
			 section);
	else
		snprintf(cp->err, sizeof(cp->err), "unknown key '%s' in [%s]",
			 name, section);
	return 0;
}

/*
 * Checks across keys, once the whole file is read: the [servicenow] keys
 * whose values are words, and the credentials its auth scheme needs.
 */
static int
config_check(const struct config *cfg, char *err, size_t errsz)
{
	const char *i = cfg->snow_instance;

	if (strcmp(cfg->snow_auth, "basic") != 0 &&
	    strcmp(cfg->snow_auth, "oauth") != 0) {
		snprintf(err, errsz,
			 "[servicenow] auth must be 'basic' or "
			 "'oauth', not '%s'",
			 cfg->snow_auth);
		return -1;
	}
	if (strcmp(cfg->snow_display_value, "false") != 0 &&
	    strcmp(cfg->snow_display_value, "all") != 0) {
		snprintf(err, errsz,
			 "[servicenow] display_value must be "
			 "'false' or 'all', not '%s'",
			 cfg->snow_display_value);
		return -1;
	}
	if (!i[0])
		return 0;
	if ((strncmp(i, "https://", 8) != 0 && strncmp(i, "http://", 7) != 0) ||
	    strchr(i, '?') || strchr(i, '#') || i[strlen(i) - 1] == '/') {
		snprintf(err, errsz,
			 "[servicenow] instance must be a URL "
			 "like https://example.service-now.com, without a path "
			 "ending in '/' or a query, not '%s'",
			 i);
		return -1;
	}
	if (strcmp(cfg->snow_auth, "basic") == 0 && !cfg->snow_user[0]) {
		snprintf(err, errsz, "[servicenow] auth = basic needs 'user'");
		return -1;
	}
	return 0;
}

/*
 * fgets for libinih that also counts section header lines, and stops at a
 * line longer than libinih's buffer: libinih would read the rest of it as
 * a line of its own, which may set another key, continue the value or be
 * taken for a comment, and never says so.
 */
static char *
config_reader(char *str, int num, void *stream)
{
	struct config_parse *cp = stream;
	char *line = fgets(str, num, cp->f);
	const char *p = line;
	int c;

	if (!line)
		return NULL;
	cp->lineno++;
	if (num > 1 && strlen(line) == (size_t)num - 1 &&
	    line[num - 2] != '\n' && (c = getc(cp->f)) != '\n' && c != EOF) {
		cp->too_long = 1;
		cp->line_max = num - 1;
		return NULL;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '[')
		cp->health.gen++;
	return line;
}

void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->database, sizeof(cfg->database), "%s", CONFIG_DEFAULT_DB);
	cfg->busy_timeout_ms = 10000;
	snprintf(cfg->plugin_dir, sizeof(cfg->plugin_dir), "%s",
		 PW_SYSCONFDIR "/perfweek/plugins.d");
	cfg->plugin_timeout_s = 5;
	cfg->fs_timeout_s = 2;
	config_set_list(
		&cfg->fs_types,
		"ext2 ext3 ext4 xfs btrfs zfs f2fs "
		"jfs reiserfs vfat exfat ntfs ntfs3 fuseblk nfs nfs4 cifs smb3 "
		"ceph glusterfs ocfs2 gfs2");
	config_set_list(&cfg->disk_ignore, "loop* ram* zram* fd* sr*");
	config_set_list(&cfg->netif_ignore, "lo");
	cfg->raw_days = 90;
	cfg->rollup_days = 730;
	snprintf(cfg->output_dir, sizeof(cfg->output_dir), "%s",
		 PW_LOCALSTATEDIR "/lib/perfweek/reports");
	config_set_list(&cfg->formats, "text json pdf");
	snprintf(cfg->pdf_font, sizeof(cfg->pdf_font), "%s",
		 "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
	/* No bold file: bold drawn from pdf_font, embedded once. */
	cfg->pdf_font_bold[0] = '\0';
	snprintf(cfg->paper, sizeof(cfg->paper), "%s", "a4");
	cfg->target_util_pct = 70;
	cfg->min_coverage_pct = 50;
	cfg->forecast_min_hours = 24;
	cfg->forecast_min_r2 = 0.5;
	cfg->keep_weeks = 52;
	snprintf(cfg->mail_subject, sizeof(cfg->mail_subject), "%s",
		 "perfweek {host} {week}: {status}");
	cfg->mail_starttls = CONFIG_STARTTLS_REQUIRED;
	cfg->mail_timeout_s = 60;
	snprintf(cfg->snow_auth, sizeof(cfg->snow_auth), "basic");
	snprintf(cfg->snow_query, sizeof(cfg->snow_query), "active=true");
	snprintf(cfg->snow_display_value, sizeof(cfg->snow_display_value),
		 "false");
	cfg->snow_page_size = 1000;
	cfg->snow_timeout_s = 30;
	cfg->snow_retries = 3;
	cfg->snow_max_bytes = 16 << 20;
	cfg->snow_list_max = 50;
#define RULE_DEFAULT(id, w, c, m) \
	cfg->rules[RULE_##id] = (struct rule_limits){ 1, w, c, m };
	PW_RULES(RULE_DEFAULT)
#undef RULE_DEFAULT
	cfg->probe_timeout_s = 10;
	cfg->probe_slo_pct = 99.9;
	cfg->probe_max_redirects = 5;
	snprintf(cfg->probe_user_agent, sizeof(cfg->probe_user_agent),
		 "perfweek-probe/%s", PW_VERSION);
}

void
config_free(struct config *cfg)
{
	free(cfg->health);
	cfg->health = NULL;
	cfg->nhealth = cfg->health_alloc = 0;
}

enum pw_status
config_load(struct config *cfg, const char *path, int explicit_path, char *err,
	    size_t errsz)
{
	struct config_parse cp;
	FILE *f;
	int line;

	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT && !explicit_path)
			return PW_OK;
		snprintf(err, errsz, "cannot open '%s': %s", path,
			 strerror(errno));
		return PW_ECONFIG;
	}
	memset(&cp, 0, sizeof(cp));
	cp.cfg = cfg;
	cp.f = f;
	line = ini_parse_stream(config_reader, &cp, config_handler, &cp);
	fclose(f);
	if (line == 0 && cp.too_long) {
		snprintf(err, errsz, "%s:%d: line longer than %d characters",
			 path, cp.lineno, cp.line_max);
		return PW_ECONFIG;
	}
	if (line != 0) {
		if (line < 0)
			snprintf(err, errsz, "cannot read '%s'", path);
		else
			snprintf(err, errsz, "%s:%d: %s", path, line,
				 cp.err[0] ? cp.err : "syntax error");
		return PW_ECONFIG;
	}
	if (config_check(cfg, cp.err, sizeof(cp.err)) != 0 ||
	    config_health_check(cfg, cp.err, sizeof(cp.err)) != 0) {
		/* prefix the file: the message names the key */
		snprintf(err, errsz, "%s: %s", path, cp.err);
		return PW_ECONFIG;
	}
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
	     const char *db, int check_only)
{
	char err[1024];

	config_defaults(cfg);
	if (config_load(cfg, path, explicit_path, err, sizeof(err)) != PW_OK) {
		if (check_only)
			fprintf(stderr, "%s\n", err);
		else
			log_err("%s", err);
		return PW_ECONFIG;
	}
	if (db &&
	    snprintf(cfg->database, sizeof(cfg->database), "%s", db) >=
		    (int)sizeof(cfg->database)) {
		log_err("--db: path too long");
		return PW_ECONFIG;
	}
	if (config_finish(cfg) != PW_OK) {
		log_err("cannot determine the host name; set 'host' in "
			"[general]");
		return PW_ECONFIG;
	}
	return PW_OK;
}
