/*
 * config_mail.c - whether [mail] can send anything: the checks that
 * --check-config, --check-config --mail and perfweek-report --mail make
 * before a message is built.
 *
 * Pure: the first problem is written into the caller's buffer with the key
 * at fault, so the configuration check can name its line and the reporter
 * can say why nothing was mailed.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_int.h"

#define ADDR_MAX 256

int
config_mail_addr_valid(const char *a)
{
	const char *at = strchr(a, '@');

	if (!at || at == a || !at[1] || strchr(at + 1, '@') ||
	    strlen(a) >= ADDR_MAX)
		return 0;
	for (; *a; a++)
		if ((unsigned char)*a <= 0x20 || (unsigned char)*a > 0x7e ||
		    strchr("<>()[]\\,;:\"", *a))
			return 0;
	return 1;
}

int
config_mail_addr(const char *from, char *out, size_t n)
{
	const char *lt = strrchr(from, '<'), *gt;
	size_t len;

	if (!lt) {
		if (snprintf(out, n, "%s", from) >= (int)n)
			return -1;
		return config_mail_addr_valid(out) ? 0 : -1;
	}
	gt = strchr(lt, '>');
	if (!gt || gt[1])
		return -1;
	len = (size_t)(gt - lt - 1);
	if (len >= n)
		return -1;
	memcpy(out, lt + 1, len);
	out[len] = '\0';
	return config_mail_addr_valid(out) ? 0 : -1;
}

/* The first of l's words that is not a plain address, or NULL. */
static const char *
bad_addr(const struct config_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!config_mail_addr_valid(l->v[i]))
			return l->v[i];
	return NULL;
}

int
config_mail_check(const struct config *cfg, char *why, size_t whysz,
		  const char **key)
{
	const char *url = cfg->mail_url, *bad;
	char addr[ADDR_MAX];

	*key = "url";
	/* before any message quotes the URL: it must not show a password */
	if (config_url_has_credentials(url)) {
		snprintf(
			why, whysz,
			"[mail] url must not hold credentials (use user and password_file)");
		return -1;
	}
	if (strncmp(url, "smtp://", 7) != 0 &&
	    strncmp(url, "smtps://", 8) != 0) {
		snprintf(
			why, whysz,
			"[mail] url must be smtp://HOST[:PORT] or smtps://HOST[:PORT] for --mail, not '%s'",
			url);
		return -1;
	}
	*key = "from";
	if (config_mail_addr(cfg->mail_from, addr, sizeof(addr)) != 0) {
		snprintf(
			why, whysz,
			"[mail] from must be ADDRESS or NAME <ADDRESS>, not '%s'",
			cfg->mail_from);
		return -1;
	}
	*key = "to";
	if (cfg->mail_to.n == 0) {
		snprintf(why, whysz,
			 "[mail] to must name at least one address for --mail");
		return -1;
	}
	if ((bad = bad_addr(&cfg->mail_to)) ||
	    (*key = "cc", bad = bad_addr(&cfg->mail_cc))) {
		snprintf(why, whysz, "[mail] %s: not a plain address: '%s'",
			 *key, bad);
		return -1;
	}
	return 0;
}
