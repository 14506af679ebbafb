/*
 * config_int.h - what config.c, config_health.c and config_value.c share:
 * the key table entry and the value parsers.  Not for use outside
 * common/config*.c.
 */
#ifndef PW_CONFIG_INT_H
#define PW_CONFIG_INT_H

#include <stddef.h>

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
};

/*
 * A key of a section whose name starts with "health": find or start the
 * check, refuse a duplicate section, set the key.  0 or -1 with err.
 */
int config_health_set(struct config *cfg, struct config_health_parse *hp,
		      const char *section, const char *name, const char *value,
		      char *err, size_t errsz);

/* After the parse: every check has a url.  0 or -1 with err. */
int config_health_check(const struct config *cfg, char *err, size_t errsz);

#endif
