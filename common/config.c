/*
 * config.c - the table of configuration keys and the libinih handler that
 * applies a file to a struct config.
 *
 * Owns the meaning of every key.  Never exits; config_load never logs (the
 * caller gets the first error as one line and decides), config_setup logs
 * for the programs.  Adding a key is one line in
 * config_keys[] and one paragraph in man/perfweek.conf.5.
 */
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"

enum config_type {
	CK_STRING,	/* char[CONFIG_STR_MAX] */
	CK_PATH,	/* char[PATH_MAX], must be absolute */
	CK_INT,
	CK_DOUBLE,
	CK_LIST,
	CK_RULE		/* struct rule_limits: "WARN CRIT [MINUTES]" or "off" */
};

struct config_key {
	const char *section;
	const char *name;
	enum config_type type;
	size_t offset;
	double min, max;	/* for CK_INT and CK_DOUBLE */
};

#define KEY(sec, name, type, field, min, max) \
	{ sec, name, type, offsetof(struct config, field), min, max }

static const struct config_key config_keys[] = {
	KEY("general", "database", CK_PATH, database, 0, 0),
	KEY("general", "host", CK_STRING, host, 0, 0),
	KEY("general", "busy_timeout_ms", CK_INT, busy_timeout_ms, 0, 600000),
	KEY("collect", "plugin_dir", CK_PATH, plugin_dir, 0, 0),
	KEY("collect", "plugin_timeout_s", CK_DOUBLE, plugin_timeout_s, 0.1, 300),
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

/* "off" or "WARN CRIT [MINUTES]"; 0 on success. */
static int
config_set_rule(struct rule_limits *r, const char *value, char *err,
    size_t errsz, const char *name)
{
	double v[3] = { 0, 0, 0 };
	int n = 0;
	const char *p = value;

	if (strcmp(value, "off") == 0) {
		r->enabled = 0;
		return 0;
	}
	while (*p && n < 3) {
		char *end;

		errno = 0;
		v[n] = strtod(p, &end);
		if (errno || end == p || !isfinite(v[n]) || v[n] < 0)
			break;
		n++;
		p = end;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	if (n < 2 || *p) {
		snprintf(err, errsz, "%s must be 'off' or 'WARN CRIT "
		    "[MINUTES]', not '%s'", name, value);
		return -1;
	}
	r->enabled = 1;
	r->warn = v[0];
	r->crit = v[1];
	if (n == 3)
		r->minutes = v[2];
	return 0;
}

struct config_parse {
	struct config *cfg;
	char err[512];		/* first error, without the FILE:LINE prefix */
};

static int
config_set_list(struct config_list *l, const char *value)
{
	char *p;
	size_t n = 0;

	if (strlen(value) >= sizeof(l->buf))
		return -1;
	strcpy(l->buf, value);
	for (p = strtok(l->buf, " \t,"); p; p = strtok(NULL, " \t,")) {
		if (n == CONFIG_LIST_MAX)
			return -1;
		l->v[n++] = p;
	}
	l->v[n] = NULL;
	l->n = n;
	return 0;
}

/* Parse value for key into cfg; on failure write why into err. */
static int
config_set(struct config *cfg, const struct config_key *k, const char *value,
    char *err, size_t errsz)
{
	char *base = (char *)cfg + k->offset;
	char *end;

	switch (k->type) {
	case CK_PATH:
		if (value[0] != '/') {
			snprintf(err, errsz, "%s must be an absolute path",
			    k->name);
			return -1;
		}
		if (strlen(value) >= PATH_MAX)
			goto toolong;
		strcpy(base, value);
		return 0;
	case CK_STRING:
		if (strlen(value) >= CONFIG_STR_MAX)
			goto toolong;
		strcpy(base, value);
		return 0;
	case CK_INT: {
		long v;

		errno = 0;
		v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < k->min || v > k->max) {
			snprintf(err, errsz, "%s must be an integer from "
			    "%.0f to %.0f, not '%s'", k->name, k->min, k->max,
			    value);
			return -1;
		}
		*(int *)(void *)base = (int)v;
		return 0;
	}
	case CK_DOUBLE: {
		double v;

		errno = 0;
		v = strtod(value, &end);
		if (errno || end == value || *end || !isfinite(v) ||
		    v < k->min || v > k->max) {
			snprintf(err, errsz, "%s must be a number from "
			    "%g to %g, not '%s'", k->name, k->min, k->max,
			    value);
			return -1;
		}
		*(double *)(void *)base = v;
		return 0;
	}
	case CK_RULE:
		return config_set_rule((struct rule_limits *)(void *)base, value,
		    err, errsz, k->name);
	case CK_LIST:
		if (config_set_list((struct config_list *)(void *)base,
		    value) == 0)
			return 0;
		snprintf(err, errsz, "%s: list too long (at most %d items "
		    "in %zu bytes)", k->name, CONFIG_LIST_MAX,
		    sizeof(((struct config_list *)0)->buf) - 1);
		return -1;
	}
	return -1;
toolong:
	snprintf(err, errsz, "%s is too long", k->name);
	return -1;
}

static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct config_parse *cp = user;
	int known_section = 0;
	size_t i;

	if (cp->err[0])
		return 0;	/* report only the first error */
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

void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->database, sizeof(cfg->database), "%s",
	    CONFIG_DEFAULT_DB);
	cfg->busy_timeout_ms = 10000;
	snprintf(cfg->plugin_dir, sizeof(cfg->plugin_dir), "%s",
	    PW_SYSCONFDIR "/perfweek/plugins.d");
	cfg->plugin_timeout_s = 5;
	cfg->fs_timeout_s = 2;
	config_set_list(&cfg->fs_types, "ext2 ext3 ext4 xfs btrfs zfs f2fs "
	    "jfs reiserfs vfat exfat ntfs ntfs3 fuseblk nfs nfs4 cifs smb3 "
	    "ceph glusterfs ocfs2 gfs2");
	config_set_list(&cfg->disk_ignore, "loop* ram* zram* fd* sr*");
	config_set_list(&cfg->netif_ignore, "lo");
	cfg->raw_days = 90;
	cfg->rollup_days = 730;
	snprintf(cfg->output_dir, sizeof(cfg->output_dir), "%s",
	    PW_LOCALSTATEDIR "/lib/perfweek/reports");
	config_set_list(&cfg->formats, "text json");
	snprintf(cfg->pdf_font, sizeof(cfg->pdf_font), "%s",
	    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
	snprintf(cfg->pdf_font_bold, sizeof(cfg->pdf_font_bold), "%s",
	    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
	snprintf(cfg->paper, sizeof(cfg->paper), "%s", "a4");
	cfg->target_util_pct = 70;
#define RULE_DEFAULT(id, w, c, m) \
	cfg->rules[RULE_##id] = (struct rule_limits){ 1, w, c, m };
	PW_RULES(RULE_DEFAULT)
#undef RULE_DEFAULT
}

enum pw_status
config_load(struct config *cfg, const char *path, int explicit_path,
    char *err, size_t errsz)
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
	cp.cfg = cfg;
	cp.err[0] = '\0';
	line = ini_parse_file(f, config_handler, &cp);
	fclose(f);
	if (line != 0) {
		if (line < 0)
			snprintf(err, errsz, "cannot read '%s'", path);
		else
			snprintf(err, errsz, "%s:%d: %s", path, line,
			    cp.err[0] ? cp.err : "syntax error");
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
	if (db && snprintf(cfg->database, sizeof(cfg->database), "%s", db) >=
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
