/*
 * config_int.h - what config.c, config_health.c and config_value.c share:
 * the key table entry and the value parsers.  Not for use outside
 * common/config*.c.
 */
#ifndef PW_CONFIG_INT_H
#define PW_CONFIG_INT_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

/* What a key holds; a string key's limit is the size of its field. */
enum config_type {
	CK_STRING, /* char[] */
	CK_PATH,   /* char[], must be absolute */
	CK_INT,
	CK_DOUBLE,
	CK_LIST,
	CK_RULE,    /* struct rule_limits: "WARN CRIT [MINUTES]" or "off" */
	CK_URL,     /* char[], http:// or https://, no user:password@ */
	CK_BOOL,    /* int: yes/no, true/false, on/off, 1/0 */
	CK_METHOD,  /* int: enum health_method, GET, HEAD or POST */
	CK_EXPECT,  /* struct health_check: "200 301-399 2xx" */
	CK_HEADER,  /* struct health_check: one more "Name: value" */
	CK_STARTTLS /* int: enum config_starttls */
};

struct config_key {
	const char *section;
	const char *name;
	enum config_type type;
	size_t offset;
	size_t size;     /* of the field: a string's limit, with its NUL */
	double min, max; /* for CK_INT and CK_DOUBLE */
};

/* The entry of a key held in field of struct type. */
#define CONFIG_KEY(sec, name, ty, type, field, min, max)     \
	{                                                    \
		sec, name, ty, offsetof(type, field),        \
			sizeof(((type *)0)->field), min, max \
	}

/* Split value into l's words; -1 when it does not fit. */
int config_set_list(struct config_list *l, const char *value);

/*
 * Parse value for key k into the object at obj (a struct config, or a
 * struct health_check for the keys of [health "NAME"]); 0 on success, -1
 * with the reason in err.
 */
int config_set(void *obj, const struct config_key *k, const char *value,
	       char *err, size_t errsz);

/*
 * The [health "NAME"] state of one parse: the section being read.  libinih
 * passes only the section's name, so a repeated section would look like
 * the same one: the line reader counts section headers in gen instead.
 */
struct config_health_parse {
	char section[CONFIG_HEALTH_NAME_MAX + 16];
	struct health_check *cur;
	unsigned gen;     /* section headers read so far */
	unsigned cur_gen; /* gen when cur started */
	int header_line;  /* of the last section header read */
	int key_line[16]; /* of each key of cur, by health_keys[] index */
	int prev_key;     /* health_keys[] index of the last key set */
	int continuation; /* the line is indented: may continue prev_key */
};

/* The [notify "NAME"] section being read (config_notify.c). */
struct config_notify_parse {
	int cur;          /* index into cfg->notify; -1 before the first */
	unsigned cur_gen; /* config_health_parse.gen when cur started */
	int key_line[16]; /* of each key of cur */
};

/* The [fleet] sections being read (config_fleet.c). */
struct config_fleet_parse {
	int cur;          /* index into cfg->fleet.groups; -1 before one */
	unsigned cur_gen; /* config_health_parse.gen when cur started */
	int key_line[8];  /* [fleet]'s keys, then the current group's */
};

/* The [source] section being read (config_source.c). */
struct config_source_parse {
	int cur;          /* index into cfg->sources; -1 before the first */
	unsigned cur_gen; /* config_health_parse.gen when cur started */
};

#define CONFIG_KEYS_MAX     128 /* entries of config_keys[] at most */
#define CONFIG_SECTIONS_MAX 32  /* plain sections whose lines are kept */

/* One parse of one file: where each key and section was, the first error. */
struct config_parse {
	struct config *cfg;
	struct config_health_parse health;
	struct config_notify_parse notify;
	struct config_fleet_parse fleet;
	struct config_source_parse source;
	FILE *f;
	char err[512]; /* first error, without the FILE:LINE prefix */
	int err_line;  /* its line, when not libinih's */
	int lineno;    /* lines read */
	int too_long;  /* the last did not fit libinih's buffer */
	int line_max;  /* the characters that fit */
	int after_key; /* a key was read since the last header */
	int indented;  /* the last line read starts with a blank */
	int prev_key;  /* config_keys[] index of the last key, or -1 */
	int key_line
		[CONFIG_KEYS_MAX]; /* by config_keys[] index; 0: not given */
	struct {
		char name[32];
		int line;
	} sections[CONFIG_SECTIONS_MAX];
	size_t nsections;
};

/* The line of [section] name in cp, or 0 when the file does not set it. */
int config_key_line(const struct config_parse *cp, const char *section,
		    const char *name);

/* 1 when the file sets a key of [section]. */
int config_section_keys(const struct config_parse *cp, const char *section);

/* The line of the header [section] in cp, or 0 when it has none. */
int config_section_line(const struct config_parse *cp, const char *section);

/*
 * Checks across keys and against the system, once the whole file is read
 * (config_check.c): 0, or -1 with the reason in cp->err and its line in
 * cp->err_line.  flags are config_setup()'s CONFIG_CHECK bits.
 */
int config_check_values(struct config_parse *cp, unsigned flags);

/* user:password@ before the host of url (after "://"). */
int config_url_has_credentials(const char *url);

/*
 * A key of a section whose name starts with "health": find or start the
 * check, refuse a duplicate section or key, set the key.  0 or -1 with
 * err (and *err_line when the error is not on line).
 */
int config_health_set(struct config *cfg, struct config_health_parse *hp,
		      const char *section, const char *name, const char *value,
		      int line, char *err, size_t errsz, int *err_line);

/*
 * After the parse: every check has a url.  0, or -1 with err and the
 * line of the check's header in *line.
 */
int config_health_check(const struct config *cfg, char *err, size_t errsz,
			int *line);

/*
 * A key of a section whose name starts with "notify": find or start the
 * sink (gen and header_line: the section headers read so far and the
 * line of the last), refuse a duplicate section or key, set the key.  0 or
 * -1 with err (and *err_line when the error is not on the key's line).
 */
int config_notify_set(struct config *cfg, struct config_notify_parse *np,
		      unsigned gen, int header_line, const char *section,
		      const char *name, const char *value, char *err,
		      size_t errsz, int *err_line);

/* 1 when section (as libinih gives it, or after '[') is [notify ...]. */
int config_notify_section(const char *section);

/* config_notify_set() for a key of cp's current [notify] section. */
int config_notify_key(struct config_parse *cp, const char *section,
		      const char *name, const char *value);

/* 1 when section (as libinih gives it, or after '[') is [source ...]. */
int config_source_section(const char *section);

/* A key of cp's current [source] or [source "NAME"] section. */
int config_source_key(struct config_parse *cp, const char *section,
		      const char *name, const char *value);

/*
 * After the parse: each source's keys fit together (type, url, one kind
 * of credential, private secret files).  0, or -1 with err and *line.
 */
int config_source_check(struct config *cfg, char *err, size_t errsz, int *line);

/* The [alert] defaults. */
void config_notify_defaults(struct config *cfg);

/*
 * After the parse: every sink has a known type and a URL source fit for
 * it.
 */
int config_notify_check(struct config *cfg, char *err, size_t errsz, int *line);

/*
 * KIND "NAME" -> NAME into name (sz bytes), for a section header whose
 * kind ("health", "notify") is klen long: a name of letters, digits, '.',
 * '_' or '-'; 0 on success.
 */
int
config_section_name(const char *section, size_t klen, char *name, size_t sz);

/* config_fleet.c: [fleet] and [fleet "GROUP"] */
void config_fleet_defaults(struct config *cfg);
/* 1 when section (as libinih gives it) is [fleet] or [fleet ...]. */
int config_fleet_section(const char *section);
/* 1 when the header's n bytes at p (after '[') are [fleet "..."]. */
int config_fleet_group_header(const char *p, size_t n);
int config_fleet_key(struct config_parse *cp, const char *section,
		     const char *name, const char *value);
/* After the parse: every group has hosts, its to plain addresses. */
/* A label name of Prometheus's: [a-zA-Z_][a-zA-Z0-9_]*. */
int config_label_name_ok(const char *l);

int config_fleet_check(const struct config *cfg, char *err, size_t errsz,
		       int *line);

#endif
