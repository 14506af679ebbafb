/*
 * config_check.c - the checks made once the whole file is read: values
 * that depend on other keys or on the system, so that a configuration
 * --check-config accepts is one the run accepts.
 *
 * Each program makes every check, whatever sections it uses itself: a
 * [report] formats the collector never reads is still checked by
 * perfweek-collect --check-config.  An error names the line of the key at
 * fault (or of its section when the key is not given).  Pure but for the
 * time zone, which is looked up under the zoneinfo directory; never logs.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_int.h"
#include "zoneinfo.h"

/* Record the reason and the line of [section] key; returns -1. */
static int
check_fail(struct config_parse *cp, const char *section, const char *key,
	   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
check_fail(struct config_parse *cp, const char *section, const char *key,
	   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cp->err, sizeof(cp->err), fmt, ap);
	va_end(ap);
	cp->err_line = key ? config_key_line(cp, section, key) : 0;
	if (!cp->err_line)
		cp->err_line = config_section_line(cp, section);
	return -1;
}

/* The [servicenow] words and URL, and the credentials its auth needs. */
static int
check_servicenow(struct config_parse *cp)
{
	const struct config *cfg = cp->cfg;
	const char *i = cfg->snow_instance;

	if (strcmp(cfg->snow_auth, "basic") != 0 &&
	    strcmp(cfg->snow_auth, "oauth") != 0)
		return check_fail(cp, "servicenow", "auth",
				  "[servicenow] auth must be 'basic' or "
				  "'oauth', not '%s'",
				  cfg->snow_auth);
	if (strcmp(cfg->snow_display_value, "false") != 0 &&
	    strcmp(cfg->snow_display_value, "all") != 0)
		return check_fail(cp, "servicenow", "display_value",
				  "[servicenow] display_value must be "
				  "'false' or 'all', not '%s'",
				  cfg->snow_display_value);
	if (!i[0])
		return 0;
	/* before any message quotes the URL: it must not show a password */
	if (config_url_has_credentials(i))
		return check_fail(cp, "servicenow", "instance",
				  "[servicenow] instance must not hold "
				  "credentials (user:password@); use user and "
				  "password_file");
	if ((strncmp(i, "https://", 8) != 0 && strncmp(i, "http://", 7) != 0) ||
	    strchr(i, '?') || strchr(i, '#') || i[strlen(i) - 1] == '/')
		return check_fail(cp, "servicenow", "instance",
				  "[servicenow] instance must be a URL "
				  "like https://example.service-now.com, "
				  "without a path ending in '/' or a query, "
				  "not '%s'",
				  i);
	if (strcmp(cfg->snow_auth, "basic") == 0 && !cfg->snow_user[0])
		return check_fail(cp, "servicenow", "auth",
				  "[servicenow] auth = basic needs 'user'");
	return 0;
}

/* [report]: the formats and paper the reporter knows, the time zone. */
static int
check_report(struct config_parse *cp)
{
	static const char *const known[] = { "text", "json", "pdf" };
	const struct config *cfg = cp->cfg;
	char why[PATH_MAX + 64];
	size_t i, k;

	for (i = 0; i < cfg->formats.n; i++) {
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (strcmp(cfg->formats.v[i], known[k]) == 0)
				break;
		if (k == sizeof(known) / sizeof(known[0]))
			return check_fail(cp, "report", "formats",
					  "unknown report format '%s' in "
					  "formats (known: text, json, pdf)",
					  cfg->formats.v[i]);
	}
	if (strcmp(cfg->paper, "a4") != 0 && strcmp(cfg->paper, "letter") != 0)
		return check_fail(cp, "report", "paper",
				  "paper must be a4 or letter, not '%s'",
				  cfg->paper);
	/* "" is the system's zone, which the reporter resolves at run time */
	if (cfg->timezone[0] &&
	    zoneinfo_check(cfg->timezone, why, sizeof(why)) != PW_OK)
		return check_fail(cp, "report", "timezone",
				  "unknown time zone '%s': %s", cfg->timezone,
				  why);
	return 0;
}

/*
 * [findings]: the warning threshold comes before the critical one.  Most
 * rules fire at or above their limits; those below fire at or below them,
 * so there warn >= crit.  underused's two numbers are limits of two
 * metrics (CPU and memory), not a pair.
 */
static int
check_findings(struct config_parse *cp)
{
	const struct rule_limits *r = cp->cfg->rules;
	size_t i;

	for (i = 0; i < RULE_COUNT; i++) {
		const char *name = config_rule_name((enum rule_id)i);
		int below = i == RULE_fs_days_to_full ||
			i == RULE_cert_days_left;

		if (!r[i].enabled || i == RULE_underused)
			continue;
		if (!below && r[i].warn > r[i].crit)
			return check_fail(cp, "findings", name,
					  "%s: the warning threshold %g is "
					  "above the critical %g",
					  name, r[i].warn, r[i].crit);
		if (below && r[i].warn < r[i].crit)
			return check_fail(cp, "findings", name,
					  "%s: the warning threshold %g is "
					  "below the critical %g (this rule "
					  "fires below its thresholds)",
					  name, r[i].warn, r[i].crit);
	}
	return 0;
}

/*
 * [mail]: a section that sets keys must be able to send (--check-config);
 * with --mail it must be there.  A header with every key commented out,
 * as in the example configuration, is no [mail] section.
 */
static int
check_mail(struct config_parse *cp, unsigned flags)
{
	int given = config_section_keys(cp, "mail");
	const char *key;
	char why[sizeof(cp->err)];

	if (!(flags & CONFIG_CHECK_MAIL) && !((flags & CONFIG_CHECK) && given))
		return 0;
	if (!given)
		return check_fail(cp, "mail", NULL,
				  "--mail needs a [mail] section with url, "
				  "from and to");
	if (config_mail_check(cp->cfg, why, sizeof(why), &key) == 0)
		return 0;
	return check_fail(cp, "mail", key, "%s", why);
}

/*
 * [alert] notify and [report] notify name [notify "NAME"] sections; the
 * weekly summary is no alert, so it goes to no Alertmanager.
 */
static int
check_notify_list(struct config_parse *cp, const char *section,
		  const struct config_list *l)
{
	const struct notify_sink *s;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (!(s = config_notify_find(cp->cfg, l->v[i])))
			return check_fail(cp, section, "notify",
					  "notify: no [notify \"%s\"] section",
					  l->v[i]);
		if (strcmp(section, "report") == 0 &&
		    s->type == NOTIFY_ALERTMANAGER)
			return check_fail(
				cp, section, "notify",
				"notify: [notify \"%s\"] is an Alertmanager, which takes alerts, not the weekly summary (use a webhook, slack, teams or mail sink)",
				l->v[i]);
	}
	return 0;
}

int
config_check_values(struct config_parse *cp, unsigned flags)
{
	if (check_servicenow(cp) || check_report(cp) || check_findings(cp) ||
	    check_mail(cp, flags) ||
	    check_notify_list(cp, "alert", &cp->cfg->alert_notify) ||
	    check_notify_list(cp, "report", &cp->cfg->report_notify))
		return -1;
	cp->err_line = 0;
	return 0;
}

/* What --check-config prints on success (config.h). */
void
config_print_ok(const struct config *cfg, const char *path)
{
	if (cfg->path[0])
		printf("configuration OK: %s\n", cfg->path);
	else
		printf("configuration OK: no %s; built-in defaults in force\n",
		       path);
}
