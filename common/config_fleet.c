/*
 * config_fleet.c - the [fleet] and [fleet "GROUP"] sections of
 * perfweek.conf (config_fleet.h): their keys, defaults and checks.
 *
 * config.c hands every key of a section whose name starts with "fleet"
 * here.  [fleet] is one section (given twice is config.c's error); each
 * [fleet "GROUP"] is a group of hosts with its own recipients, at most
 * CONFIG_FLEET_GROUPS_MAX, in file order, a GROUP given twice an error.
 * A key given twice in one section is an error, as everywhere.
 */
#include <stdio.h>
#include <string.h>

#include "config_int.h"

#define FKEY(name, type, field, min, max) \
	CONFIG_KEY("fleet", name, type, struct config_fleet, field, min, max)
#define GKEY(name, field)                                                      \
	CONFIG_KEY("fleet", name, CK_STRING, struct config_fleet_group, field, \
		   0, 0)

static const struct config_key fleet_keys[] = {
	FKEY("databases", CK_STRING, databases, 0, 0),
	FKEY("group_by", CK_STRING, group_by, 0, 0),
	FKEY("underused_cpu_pct", CK_DOUBLE, underused_cpu_pct, 0, 100),
	FKEY("underused_mem_pct", CK_DOUBLE, underused_mem_pct, 0, 100),
	FKEY("stopped_after_min", CK_DOUBLE, stopped_after_min, 1, 100000),
	FKEY("jobs", CK_INT, jobs, 0, 64),
};

static const struct config_key group_keys[] = {
	GKEY("hosts", hosts),
	GKEY("to", to),
};

#define NFKEYS (sizeof(fleet_keys) / sizeof(fleet_keys[0]))
#define NGKEYS (sizeof(group_keys) / sizeof(group_keys[0]))

_Static_assert(NFKEYS + NGKEYS <=
		       sizeof(((struct config_fleet_parse *)0)->key_line) /
			       sizeof(int),
	       "a line for every key of [fleet]");

void
config_fleet_defaults(struct config *cfg)
{
	cfg->fleet.underused_cpu_pct = 20;
	cfg->fleet.underused_mem_pct = 50;
	cfg->fleet.stopped_after_min = 60;
}

int
config_fleet_section(const char *section)
{
	return strncmp(section, "fleet", 5) == 0 &&
		(section[5] == '\0' || section[5] == ' ');
}

int
config_fleet_group_header(const char *p, size_t n)
{
	return n > 5 && strncmp(p, "fleet ", 6) == 0;
}

size_t
config_fleet_words(const char *s, char *buf, size_t n, char **v, size_t max)
{
	char *tok, *save = NULL;
	size_t k = 0;

	snprintf(buf, n, "%s", s);
	for (tok = strtok_r(buf, ", \t", &save); tok && k < max;
	     tok = strtok_r(NULL, ", \t", &save))
		v[k++] = tok;
	return k;
}

/* The group a [fleet "GROUP"] header starts; 0 or -1 with err. */
static int
group_start(struct config *cfg, struct config_fleet_parse *fp,
	    const char *section, int header_line, char *err, size_t errsz)
{
	struct config_fleet *f = &cfg->fleet;
	char name[CONFIG_FLEET_NAME_MAX];
	size_t i;

	if (config_section_name(section, 5, name, sizeof(name)) != 0) {
		snprintf(
			err, errsz,
			"bad section [%.80s]: write [fleet \"GROUP\"], GROUP of letters, digits, '.', '_' or '-', at most %d characters",
			section, CONFIG_FLEET_NAME_MAX - 1);
		return -1;
	}
	for (i = 0; i < f->ngroups; i++)
		if (strcmp(f->groups[i].name, name) == 0) {
			snprintf(
				err, errsz,
				"section [fleet \"%s\"] given twice (first at line %d)",
				name, f->groups[i].line);
			return -1;
		}
	if (f->ngroups == CONFIG_FLEET_GROUPS_MAX) {
		snprintf(err, errsz,
			 "too many [fleet \"GROUP\"] sections (at most %d)",
			 CONFIG_FLEET_GROUPS_MAX);
		return -1;
	}
	memset(&f->groups[f->ngroups], 0, sizeof(f->groups[0]));
	memcpy(f->groups[f->ngroups].name, name, sizeof(name));
	f->groups[f->ngroups].line = header_line;
	fp->cur = (int)f->ngroups++;
	memset(fp->key_line + NFKEYS, 0, NGKEYS * sizeof(int));
	return 0;
}

/* Key i of keys into obj, unless given before in this section. */
static int
fleet_set(void *obj, const struct config_key *keys, size_t i, int *line,
	  const char *section, const char *value, struct config_parse *cp)
{
	if (*line) {
		snprintf(cp->err, sizeof(cp->err),
			 "'%s' given twice in [%s] (first at line %d)",
			 keys[i].name, section, *line);
		return 0;
	}
	*line = cp->lineno;
	return config_set(obj, &keys[i], value, cp->err, sizeof(cp->err)) == 0;
}

/* A key of [fleet]: group_by must be a label name. */
static int
fleet_key(struct config_parse *cp, const char *section, const char *name,
	  const char *value)
{
	size_t i;

	for (i = 0; i < NFKEYS; i++)
		if (strcmp(fleet_keys[i].name, name) == 0)
			break;
	if (i == NFKEYS) {
		snprintf(cp->err, sizeof(cp->err),
			 "unknown key '%s' in [fleet]", name);
		return 0;
	}
	if (!fleet_set(&cp->cfg->fleet, fleet_keys, i, &cp->fleet.key_line[i],
		       section, value, cp))
		return 0;
	if (strcmp(name, "group_by") == 0 && value[0] &&
	    !config_label_name_ok(value)) {
		snprintf(cp->err, sizeof(cp->err),
			 "[fleet] group_by '%.80s' is not a label name", value);
		return 0;
	}
	return 1;
}

int
config_fleet_key(struct config_parse *cp, const char *section, const char *name,
		 const char *value)
{
	struct config_fleet_parse *fp = &cp->fleet;
	size_t i;

	cp->prev_key = -1;
	if (section[5] == '\0')
		return fleet_key(cp, section, name, value);
	if (fp->cur < 0 || fp->cur_gen != cp->health.gen) {
		if (group_start(cp->cfg, fp, section, cp->health.header_line,
				cp->err, sizeof(cp->err)) != 0) {
			cp->err_line = cp->health.header_line;
			return 0;
		}
		fp->cur_gen = cp->health.gen;
	}
	for (i = 0; i < NGKEYS; i++)
		if (strcmp(group_keys[i].name, name) == 0)
			return fleet_set(
				&cp->cfg->fleet.groups[fp->cur], group_keys, i,
				&fp->key_line[NFKEYS + i], section, value, cp);
	snprintf(cp->err, sizeof(cp->err), "unknown key '%s' in [%s]", name,
		 section);
	return 0;
}

/*
 * One group: hosts to match, plain addresses to mail.  With group_by, a
 * group without hosts is the label's value of its name: its recipients.
 */
static int
group_check(const struct config_fleet_group *g, int group_by, char *err,
	    size_t errsz)
{
	char buf[1024], *v[CONFIG_LIST_MAX];
	size_t n, i;

	if (!group_by &&
	    config_fleet_words(g->hosts, buf, sizeof(buf), v,
			       CONFIG_LIST_MAX) == 0) {
		snprintf(err, errsz,
			 "[fleet \"%s\"] has no hosts (hosts = web-*, db-1)",
			 g->name);
		return -1;
	}
	n = config_fleet_words(g->to, buf, sizeof(buf), v, CONFIG_LIST_MAX);
	for (i = 0; i < n; i++)
		if (!config_mail_addr_valid(v[i])) {
			snprintf(
				err, errsz,
				"[fleet \"%s\"] to: '%s' is not a plain address",
				g->name, v[i]);
			return -1;
		}
	return 0;
}

int
config_fleet_check(const struct config *cfg, char *err, size_t errsz, int *line)
{
	const char *by = cfg->fleet.group_by;
	size_t i;

	for (i = 0; i < cfg->fleet.ngroups; i++) {
		*line = cfg->fleet.groups[i].line;
		if (group_check(&cfg->fleet.groups[i], by[0] != 0, err,
				errsz) != 0)
			return -1;
	}
	*line = 0;
	return 0;
}

int
config_fleet_mail_to(struct config *cfg, const struct config_fleet_group *g)
{
	if (!g->to[0])
		return 0;
	return config_set_list(&cfg->mail_to, g->to);
}
