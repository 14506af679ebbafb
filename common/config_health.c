/*
 * config_health.c - the [health "NAME"] sections of perfweek.conf: one per
 * URL perfweek-probe checks, read into the growing cfg->health array (at
 * most CONFIG_HEALTH_MAX, a documented limit, not an array size).
 *
 * libinih hands over the section header as written between the brackets,
 * so the name is parsed here: health, a space, a quoted name of letters,
 * digits, '.', '_' and '-'.  A section that appears twice is an error (the
 * second would silently mix keys into the first), and so is a key given
 * twice in one section, except header, which adds one more each time.  The values themselves
 * are parsed by config_set() in config.c, like every other key.
 */
#include <stdio.h>
#include <string.h>

#include "array.h"
#include "config_int.h"
#include "utf8.h"

#define HKEY(name, type, field, min, max) \
	CONFIG_KEY("health", name, type, struct health_check, field, min, max)

static const struct config_key health_keys[] = {
	HKEY("url", CK_URL, url, 0, 0),
	HKEY("expect", CK_EXPECT, expect, 0, 0),
	HKEY("keyword", CK_STRING, keyword, 0, 0),
	HKEY("keyword_absent", CK_STRING, keyword_absent, 0, 0),
	HKEY("timeout_s", CK_DOUBLE, timeout_s, 0.1, 300),
	HKEY("method", CK_METHOD, method, 0, 0),
	HKEY("header", CK_HEADER, headers, 0, 0),
	HKEY("body", CK_STRING, body, 0, 0),
	HKEY("ca_file", CK_PATH, ca_file, 0, 0),
	HKEY("insecure", CK_BOOL, insecure, 0, 0),
	HKEY("max_redirects", CK_INT, max_redirects, 0, 20),
	HKEY("slo_pct", CK_DOUBLE, slo_pct, 1, 99.9999),
};

const struct health_check *
config_health_find(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nhealth; i++)
		if (strcmp(cfg->health[i].name, name) == 0)
			return &cfg->health[i];
	return NULL;
}

void
config_expect_text(const struct health_check *c, char *buf, size_t sz)
{
	size_t i, len = 0;
	int n;

	buf[0] = '\0';
	if (c->nexpect == 0) {
		snprintf(buf, sz, "200-299");
		return;
	}
	for (i = 0; i < c->nexpect && len < sz; i++) {
		const struct status_range *r = &c->expect[i];

		if (r->lo == r->hi)
			n = snprintf(buf + len, sz - len, "%s%d", i ? " " : "",
				     r->lo);
		else
			n = snprintf(buf + len, sz - len, "%s%d-%d",
				     i ? " " : "", r->lo, r->hi);
		if (n < 0)
			return;
		len += (size_t)n;
	}
}

/*
 * 1 when the n bytes at p are letters, digits, '.', '_' or '-': ASCII, or
 * any non-ASCII character in valid UTF-8 but controls, separators, bidi
 * controls and spaces (utf8.h), so a name may be written in any script.
 */
static int
name_chars_ok(const char *p, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)p[i] < 0x80) {
			if (!strchr("abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
				    p[i]))
				return 0;
			i++;
			continue;
		}
		k = utf8_decode(p + i, &cp);
		if (i + k > n || utf8_is_unsafe(cp) ||
		    (cp == UTF8_REPLACEMENT &&
		     (k != 3 || memcmp(p + i, "\xef\xbf\xbd", 3) != 0)) ||
		    cp == 0xA0 || cp == 0x1680 ||
		    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
		    cp == 0x205F || cp == 0x3000)
			return 0;
		i += k;
	}
	return 1;
}

/* KIND "NAME" -> NAME, for a section header whose kind is klen long. */
int
config_section_name(const char *section, size_t klen, char *name, size_t sz)
{
	const char *p = section + klen, *q;
	size_t n;

	if (*p++ != ' ')
		return -1;
	while (*p == ' ')
		p++;
	if (*p++ != '"' || !(q = strchr(p, '"')) || q[1] != '\0')
		return -1;
	n = (size_t)(q - p);
	if (n == 0 || n >= sz || !name_chars_ok(p, n))
		return -1;
	memcpy(name, p, n);
	name[n] = '\0';
	return 0;
}

_Static_assert(sizeof(health_keys) / sizeof(health_keys[0]) <=
		       sizeof(((struct config_health_parse *)0)->key_line) /
			       sizeof(int),
	       "a line for every key of [health]");

/* The check a new section starts: a fresh entry, or an error. */
static int
health_start(struct config *cfg, struct config_health_parse *hp,
	     const char *section, char *err, size_t errsz, int *err_line)
{
	char name[CONFIG_HEALTH_NAME_MAX];
	const struct health_check *old;
	struct health_check *c;

	if (config_section_name(section, 6, name, sizeof(name)) != 0) {
		size_t cut = strlen(section);

		/* the section cut at 80 bytes, between characters */
		if (cut > 80)
			for (cut = 80; cut > 0 &&
			     ((unsigned char)section[cut] & 0xC0) == 0x80;)
				cut--;
		snprintf(
			err, errsz,
			"bad section [%.*s]: write [health \"NAME\"], NAME of letters, digits, '.', '_' or '-', at most %d characters",
			(int)cut, section, CONFIG_HEALTH_NAME_MAX - 1);
		return -1;
	}
	old = config_health_find(cfg, name);
	if (old) {
		snprintf(
			err, errsz,
			"section [health \"%s\"] given twice (first at line %d)",
			name, old->line);
		*err_line = hp->header_line;
		return -1;
	}
	if (cfg->nhealth == CONFIG_HEALTH_MAX ||
	    array_reserve((void **)&cfg->health, &cfg->health_alloc,
			  cfg->nhealth, sizeof(*cfg->health),
			  CONFIG_HEALTH_MAX) != PW_OK) {
		snprintf(err, errsz, "too many [health] sections (at most %d)",
			 CONFIG_HEALTH_MAX);
		*err_line = hp->header_line;
		return -1;
	}
	c = &cfg->health[cfg->nhealth++];
	memset(c, 0, sizeof(*c));
	memcpy(c->name, name, sizeof(name));
	c->max_redirects = -1;
	c->line = hp->header_line;
	memset(hp->key_line, 0, sizeof(hp->key_line));
	hp->prev_key = -1;
	snprintf(hp->section, sizeof(hp->section), "%s", section);
	hp->cur = c;
	hp->cur_gen = hp->gen;
	return 0;
}

int
config_health_set(struct config *cfg, struct config_health_parse *hp,
		  const char *section, const char *name, const char *value,
		  int line, char *err, size_t errsz, int *err_line)
{
	size_t i;

	if (!hp->cur || hp->cur_gen != hp->gen ||
	    strcmp(hp->section, section) != 0) {
		if (health_start(cfg, hp, section, err, errsz, err_line) != 0)
			return -1;
	}
	for (i = 0; i < sizeof(health_keys) / sizeof(health_keys[0]); i++) {
		if (strcmp(health_keys[i].name, name) != 0)
			continue;
		if (hp->key_line[i] && health_keys[i].type != CK_HEADER &&
		    !(hp->continuation && hp->prev_key == (int)i)) {
			snprintf(
				err, errsz,
				"'%s' given twice in [health \"%s\"] (first at line %d)",
				name, hp->cur->name, hp->key_line[i]);
			return -1;
		}
		if (!hp->key_line[i])
			hp->key_line[i] = line;
		hp->prev_key = (int)i;
		return config_set(hp->cur, &health_keys[i], value, err, errsz);
	}
	snprintf(err, errsz, "unknown key '%s' in [health \"%s\"]", name,
		 hp->cur->name);
	return -1;
}

int
config_health_check(const struct config *cfg, char *err, size_t errsz,
		    int *line)
{
	size_t i;

	for (i = 0; i < cfg->nhealth; i++) {
		const struct health_check *c = &cfg->health[i];

		*line = c->line;
		if (!c->url[0]) {
			snprintf(err, errsz, "[health \"%s\"] has no url",
				 c->name);
			return -1;
		}
		if (c->body[0] && c->method != HEALTH_POST) {
			snprintf(err, errsz,
				 "[health \"%s\"]: body needs method = POST",
				 c->name);
			return -1;
		}
	}
	*line = 0;
	return 0;
}
