/*
 * config_fleet.h - the [fleet] section and the [fleet "GROUP"] sections of
 * perfweek.conf: what perfweek-report --fleet reads (config_fleet.c).
 *
 * [fleet] names the databases a central host collected (globs), the
 * limits under which a host counts as under-used, and, for a source that
 * labels its hosts, the label that groups them.  Each [fleet "GROUP"]
 * names its hosts (shell patterns) and the addresses its report is mailed
 * to.  Included by config.h, which embeds struct config_fleet.
 */
#ifndef PW_CONFIG_FLEET_H
#define PW_CONFIG_FLEET_H

#include <stddef.h>

#define CONFIG_FLEET_GROUPS_MAX 64
#define CONFIG_FLEET_NAME_MAX   64

struct config;

struct config_fleet_group {
	char name[CONFIG_FLEET_NAME_MAX];
	char hosts[1024]; /* shell patterns, separated by spaces or commas */
	char to[1024];    /* addresses; "": [mail] to */
	int line;         /* of the section header */
};

struct config_fleet {
	char databases[4096];     /* globs of SQLite files; "": [general] */
	char group_by[256];       /* a source's host label; "": none */
	double underused_cpu_pct; /* p95 CPU busy under it: under-used */
	double underused_mem_pct; /* p95 memory used under it, too */
	double stopped_after_min; /* no sample this long before the end */
	int jobs; /* processes reading the files; 0: the CPUs online */
	struct config_fleet_group groups[CONFIG_FLEET_GROUPS_MAX];
	size_t ngroups;
};

/*
 * The words of a list value (hosts, to, databases) into v (at most max,
 * pointing into buf, a copy of s of n bytes); their count.
 */
size_t
config_fleet_words(const char *s, char *buf, size_t n, char **v, size_t max);

/*
 * [mail] to of cfg (a copy of the configuration, for one group's mail)
 * set to the group's to, when it has one; 0, or -1 when it does not fit.
 */
int
config_fleet_mail_to(struct config *cfg, const struct config_fleet_group *g);

#endif
