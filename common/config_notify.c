/*
 * config_notify.c - the [notify "NAME"] sections of perfweek.conf: the
 * sinks perfweek-alert sends its alerts to, at most CONFIG_NOTIFY_MAX, in
 * file order, and the [alert] defaults.
 *
 * The name is parsed as for [health "NAME"]; a section given twice, or a
 * key given twice in one, is an error.  A webhook's URL is a secret, so
 * only Alertmanager may have its URL in the file; the others name a 0600
 * file (url_file) or an environment variable (url_env), read by the
 * sender, never here.
 */
#include <stdio.h>
#include <string.h>

#include "config_int.h"

#define NKEY(name, type, field, min, max) \
	CONFIG_KEY("notify", name, type, struct notify_sink, field, min, max)

static const struct config_key notify_keys[] = {
	NKEY("type", CK_STRING, type_name, 0, 0),
	NKEY("url", CK_URL, url, 0, 0),
	NKEY("url_file", CK_PATH, url_file, 0, 0),
	NKEY("url_env", CK_STRING, url_env, 0, 0),
	NKEY("timeout_s", CK_DOUBLE, timeout_s, 0.1, 300),
	NKEY("ca_file", CK_PATH, ca_file, 0, 0),
	NKEY("insecure", CK_BOOL, insecure, 0, 0),
};

#define NKEYS (sizeof(notify_keys) / sizeof(notify_keys[0]))

static const char *const type_names[] = { "",      "webhook", "alertmanager",
					  "slack", "teams",   "mail" };

const struct notify_sink *
config_notify_find(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nnotify; i++)
		if (strcmp(cfg->notify[i].name, name) == 0)
			return &cfg->notify[i];
	return NULL;
}

int
config_notify_section(const char *section)
{
	return strncmp(section, "notify", 6) == 0 &&
		(section[6] == '\0' || section[6] == ' ' || section[6] == '"' ||
		 section[6] == ']');
}

int
config_notify_key(struct config_parse *cp, const char *section,
		  const char *name, const char *value)
{
	cp->prev_key = -1;
	return config_notify_set(cp->cfg, &cp->notify, cp->health.gen,
				 cp->health.header_line, section, name, value,
				 cp->err, sizeof(cp->err), &cp->err_line) == 0;
}

void
config_notify_defaults(struct config *cfg)
{
	cfg->alert_window_min = 15;
	cfg->alert_resolve_min = 15;
	cfg->alert_repeat_hours = 24;
}

static int
notify_start(struct config *cfg, struct config_notify_parse *np,
	     int header_line, const char *section, char *err, size_t errsz,
	     int *err_line)
{
	char name[CONFIG_HEALTH_NAME_MAX];
	const struct notify_sink *old;
	struct notify_sink *s;

	*err_line = header_line;
	if (config_section_name(section, 6, name, sizeof(name)) != 0) {
		snprintf(
			err, errsz,
			"bad section [%.80s]: write [notify \"NAME\"], NAME of letters, digits, '.', '_' or '-', at most %d characters",
			section, CONFIG_HEALTH_NAME_MAX - 1);
		return -1;
	}
	old = config_notify_find(cfg, name);
	if (old) {
		snprintf(
			err, errsz,
			"section [notify \"%s\"] given twice (first at line %d)",
			name, old->line);
		return -1;
	}
	if (cfg->nnotify == CONFIG_NOTIFY_MAX) {
		snprintf(err, errsz, "too many [notify] sections (at most %d)",
			 CONFIG_NOTIFY_MAX);
		return -1;
	}
	*err_line = 0;
	s = &cfg->notify[cfg->nnotify];
	memset(s, 0, sizeof(*s));
	memcpy(s->name, name, sizeof(name));
	s->timeout_s = 10;
	s->line = header_line;
	np->cur = (int)cfg->nnotify++;
	memset(np->key_line, 0, sizeof(np->key_line));
	return 0;
}

_Static_assert(NKEYS <= sizeof(((struct config_notify_parse *)0)->key_line) /
			       sizeof(int),
	       "a line for every key of [notify]");

int
config_notify_set(struct config *cfg, struct config_notify_parse *np,
		  unsigned gen, int header_line, const char *section,
		  const char *name, const char *value, char *err, size_t errsz,
		  int *err_line)
{
	struct notify_sink *s;
	size_t i;

	if (np->cur < 0 || np->cur_gen != gen) {
		if (notify_start(cfg, np, header_line, section, err, errsz,
				 err_line) != 0)
			return -1;
		np->cur_gen = gen;
	}
	s = &cfg->notify[np->cur];
	for (i = 0; i < NKEYS; i++) {
		if (strcmp(notify_keys[i].name, name) != 0)
			continue;
		if (np->key_line[i]) {
			snprintf(
				err, errsz,
				"'%s' given twice in [notify \"%s\"] (first at line %d)",
				name, s->name, np->key_line[i]);
			return -1;
		}
		np->key_line[i] = 1;
		return config_set(s, &notify_keys[i], value, err, errsz);
	}
	snprintf(err, errsz, "unknown key '%s' in [notify \"%s\"]", name,
		 s->name);
	return -1;
}

/* The type's number, or NOTIFY_NONE. */
static int
notify_type_of(const char *name)
{
	size_t i;

	for (i = 1; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcmp(type_names[i], name) == 0)
			return (int)i;
	return NOTIFY_NONE;
}

/* One sink's keys together; 0 or -1 with err. */
static int
notify_check_one(struct notify_sink *s, char *err, size_t errsz)
{
	int has_secret = s->url_file[0] || s->url_env[0];

	s->type = notify_type_of(s->type_name);
	if (s->type == NOTIFY_NONE) {
		snprintf(
			err, errsz,
			"[notify \"%s\"]: type must be webhook, alertmanager, slack, teams or mail",
			s->name);
		return -1;
	}
	if (s->url_file[0] && s->url_env[0]) {
		snprintf(err, errsz,
			 "[notify \"%s\"]: give url_file or url_env, not both",
			 s->name);
		return -1;
	}
	if (s->type == NOTIFY_MAIL)
		return 0;
	if (s->url[0] && s->type != NOTIFY_ALERTMANAGER) {
		snprintf(
			err, errsz,
			"[notify \"%s\"]: a %s URL is a secret: name a 0600 file in url_file or a variable in url_env, not url",
			s->name, s->type_name);
		return -1;
	}
	if (!s->url[0] && !has_secret) {
		snprintf(err, errsz,
			 "[notify \"%s\"] has no url_file or url_env", s->name);
		return -1;
	}
	return 0;
}

int
config_notify_check(struct config *cfg, char *err, size_t errsz, int *line)
{
	size_t i;

	for (i = 0; i < cfg->nnotify; i++) {
		*line = cfg->notify[i].line;
		if (notify_check_one(&cfg->notify[i], err, errsz) != 0)
			return -1;
	}
	*line = 0;
	return 0;
}
