/*
 * config_source.c - the [source] and [source "NAME"] sections of
 * perfweek.conf: where perfweek-report reads a host's series from, at
 * most CONFIG_SOURCES_MAX, in file order (docs/prometheus.md).
 *
 * [source] is the default source, [source "NAME"] one that --source NAME
 * picks; without either, the report reads the SQLite history of [general]
 * database, as it always has.  A section or key given twice is an error.
 * What can be checked without the network is checked here, with the line
 * at fault: the type, the URL's scheme, the step's range, one kind of
 * credential, a secret file that others may read, a header's form, and
 * the metric each query.METRIC override names.  The secrets themselves
 * are read by the source when it opens, never here.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "config_int.h"
#include "metrics.h"

#define SKEY(name, type, field, min, max) \
	CONFIG_KEY("source", name, type, struct source_config, field, min, max)

enum {
	SK_TYPE,
	SK_DATABASE,
	SK_URL,
	SK_USER,
	SK_PASSWORD_FILE,
	SK_PASSWORD_ENV,
	SK_TOKEN_FILE,
	SK_TOKEN_ENV,
	SK_CA_FILE,
	SK_INSECURE,
	SK_TIMEOUT,
	SK_STEP,
	SK_SELECTOR,
	SK_HOST_LABEL,
	SK_NKEYS,
	SK_HEADER = SK_NKEYS /* repeatable, its last line */
};

static const struct config_key source_keys[SK_NKEYS] = {
	[SK_TYPE] = SKEY("type", CK_STRING, type_name, 0, 0),
	[SK_DATABASE] = SKEY("database", CK_PATH, database, 0, 0),
	[SK_URL] = SKEY("url", CK_URL, url, 0, 0),
	[SK_USER] = SKEY("user", CK_STRING, user, 0, 0),
	[SK_PASSWORD_FILE] = SKEY("password_file", CK_PATH, password_file, 0,
				  0),
	[SK_PASSWORD_ENV] = SKEY("password_env", CK_STRING, password_env, 0, 0),
	[SK_TOKEN_FILE] = SKEY("bearer_token_file", CK_PATH, bearer_token_file,
			       0, 0),
	[SK_TOKEN_ENV] = SKEY("bearer_token_env", CK_STRING, bearer_token_env,
			      0, 0),
	[SK_CA_FILE] = SKEY("ca_file", CK_PATH, ca_file, 0, 0),
	[SK_INSECURE] = SKEY("insecure", CK_BOOL, insecure, 0, 0),
	[SK_TIMEOUT] = SKEY("timeout_s", CK_DOUBLE, timeout_s, 0.1, 600),
	[SK_STEP] = SKEY("step_s", CK_INT, step_s, 1, 86400),
	[SK_SELECTOR] = SKEY("selector", CK_STRING, selector, 0, 0),
	[SK_HOST_LABEL] = SKEY("host_label", CK_STRING, host_label, 0, 0),
};

_Static_assert(SK_NKEYS + 1 <= sizeof(((struct source_config *)0)->key_line) /
			       sizeof(int),
	       "a line for every key of [source]");

static const char *const type_names[] = { "sqlite", "prometheus" };

/* The metrics a query.METRIC override may name: metrics.h's. */
#define HOST_NAME(c, type, field) #c,
#define DEV_NAME(t, c, type)      #t "." #c,
static const char *const metric_names[] = { PW_HOST_METRICS(
	HOST_NAME) PW_DEVICE_METRICS(DEV_NAME) };
#undef HOST_NAME
#undef DEV_NAME

static void
source_defaults(struct source_config *s)
{
	memset(s, 0, sizeof(*s));
	s->timeout_s = 30;
	s->step_s = 60;
	snprintf(s->selector, sizeof(s->selector), "%s", "{job=\"node\"}");
	snprintf(s->host_label, sizeof(s->host_label), "%s", "instance");
}

const struct source_config *
config_source_default(void)
{
	static const struct source_config def = { .timeout_s = 30,
						  .step_s = 60,
						  .selector = "{job=\"node\"}",
						  .host_label = "instance" };
	return &def;
}

const struct source_config *
config_source_find(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nsources; i++)
		if (strcmp(cfg->sources[i].name, name ? name : "") == 0)
			return &cfg->sources[i];
	return NULL;
}

int
config_source_section(const char *section)
{
	return strncmp(section, "source", 6) == 0 &&
		(section[6] == '\0' || section[6] == ' ' || section[6] == '"' ||
		 section[6] == ']');
}

/* The section a key starts: a fresh entry, or an error. */
static int
source_start(struct config_parse *cp, const char *section)
{
	char name[CONFIG_HEALTH_NAME_MAX] = "";
	const struct source_config *old;
	struct config *cfg = cp->cfg;

	cp->err_line = cp->health.header_line;
	if (strcmp(section, "source") != 0 &&
	    config_section_name(section, 6, name, sizeof(name)) != 0) {
		snprintf(
			cp->err, sizeof(cp->err),
			"bad section [%.80s]: write [source] or [source \"NAME\"], NAME of letters, digits, '.', '_' or '-', at most %d characters",
			section, CONFIG_HEALTH_NAME_MAX - 1);
		return -1;
	}
	if ((old = config_source_find(cfg, name))) {
		snprintf(cp->err, sizeof(cp->err),
			 "section [%.80s] given twice (first at line %d)",
			 section, old->line);
		return -1;
	}
	if (cfg->nsources == CONFIG_SOURCES_MAX) {
		snprintf(cp->err, sizeof(cp->err),
			 "too many [source] sections (at most %d)",
			 CONFIG_SOURCES_MAX);
		return -1;
	}
	cp->err_line = 0;
	source_defaults(&cfg->sources[cfg->nsources]);
	memcpy(cfg->sources[cfg->nsources].name, name, sizeof(name));
	cfg->sources[cfg->nsources].line = cp->health.header_line;
	cp->source.cur = (int)cfg->nsources++;
	cp->source.cur_gen = cp->health.gen;
	return 0;
}

/* header = "Name: value", a name of token characters, repeatable. */
static int
source_header(struct source_config *s, const char *value, char *err,
	      size_t errsz)
{
	size_t n = strcspn(value, ":");

	if (n == 0 || !value[n] || strpbrk(value, "\r\n") ||
	    strspn(value,
		   "abcdefghijklmnopqrstuvwxyz"
		   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~") !=
		    n) {
		snprintf(err, errsz,
			 "header must be 'Name: value' (X-Scope-OrgID: team)");
		return -1;
	}
	if (s->nheaders == CONFIG_HEADERS_MAX ||
	    strlen(value) >= sizeof(s->headers[0])) {
		snprintf(
			err, errsz,
			"too many or too long headers (at most %d of %d bytes)",
			CONFIG_HEADERS_MAX, CONFIG_STR_MAX - 1);
		return -1;
	}
	strcpy(s->headers[s->nheaders++], value);
	return 0;
}

/* query.METRIC = EXPR: METRIC one of metrics.h's, each once. */
static int
source_query(struct source_config *s, const char *metric, const char *value,
	     char *err, size_t errsz)
{
	size_t i, n = sizeof(metric_names) / sizeof(metric_names[0]);

	for (i = 0; i < n && strcmp(metric_names[i], metric) != 0; i++)
		;
	if (i == n) {
		snprintf(
			err, errsz,
			"query.%.64s: no such metric (a column of docs/schema.md: cpu_user_pct, disk.await_ms, filesystem.used_pct, netif.rx_bytes_per_s)",
			metric);
		return -1;
	}
	for (i = 0; i < s->nqueries; i++)
		if (strcmp(s->queries[i].metric, metric) == 0) {
			snprintf(err, errsz, "query.%s given twice", metric);
			return -1;
		}
	if (s->nqueries == CONFIG_QUERIES_MAX || !value[0] ||
	    strlen(value) >= sizeof(s->queries[0].expr)) {
		snprintf(
			err, errsz,
			"query.%s: an expression of 1 to %d bytes, at most %d overrides",
			metric, CONFIG_TEXT_MAX - 1, CONFIG_QUERIES_MAX);
		return -1;
	}
	snprintf(s->queries[s->nqueries].metric, sizeof(s->queries[0].metric),
		 "%s", metric);
	strcpy(s->queries[s->nqueries++].expr, value);
	return 0;
}

int
config_source_key(struct config_parse *cp, const char *section,
		  const char *name, const char *value)
{
	struct source_config *s;
	size_t i;

	cp->prev_key = -1;
	if ((cp->source.cur < 0 || cp->source.cur_gen != cp->health.gen) &&
	    source_start(cp, section) != 0)
		return 0;
	s = &cp->cfg->sources[cp->source.cur];
	if (strncmp(name, "query.", 6) == 0)
		return source_query(s, name + 6, value, cp->err,
				    sizeof(cp->err)) == 0;
	if (strcmp(name, "header") == 0) {
		s->key_line[SK_HEADER] = cp->lineno;
		return source_header(s, value, cp->err, sizeof(cp->err)) == 0;
	}
	for (i = 0; i < SK_NKEYS; i++) {
		if (strcmp(source_keys[i].name, name) != 0)
			continue;
		if (s->key_line[i]) {
			snprintf(
				cp->err, sizeof(cp->err),
				"'%s' given twice in [%.80s] (first at line %d)",
				name, section, s->key_line[i]);
			return 0;
		}
		s->key_line[i] = cp->lineno;
		return config_set(s, &source_keys[i], value, cp->err,
				  sizeof(cp->err)) == 0;
	}
	snprintf(cp->err, sizeof(cp->err), "unknown key '%s' in [%.80s]", name,
		 section);
	return 0;
}

/* A secret file others may read, when it is there: refused now. */
static int
secret_mode_ok(const char *path, const char *key, char *err, size_t errsz)
{
	struct stat sb;

	if (!path[0] || stat(path, &sb) != 0)
		return 0; /* missing: said when the source opens */
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(
			err, errsz,
			"%s '%s' has mode %04o; it must be 0600 or stricter (chmod 600 '%s')",
			key, path, (unsigned)(sb.st_mode & 07777), path);
		return -1;
	}
	return 0;
}

int
config_label_name_ok(const char *l)
{
	static const char first[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";

	return l[0] && strchr(first, l[0]) &&
		strspn(l,
		       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
		       "0123456789") == strlen(l);
}

/* The keys of a prometheus source together; 0 or -1 with err, *line. */
static int
check_prometheus(const struct source_config *s, char *err, size_t errsz,
		 int *line)
{
	size_t len = strlen(s->selector);
	int basic = s->user[0] || s->password_file[0] || s->password_env[0];
	int token = s->bearer_token_file[0] || s->bearer_token_env[0];

	if (!s->url[0]) {
		snprintf(err, errsz, "a prometheus source needs url");
		return -1;
	}
	*line = s->key_line[SK_SELECTOR];
	if (len < 2 || s->selector[0] != '{' || s->selector[len - 1] != '}') {
		snprintf(
			err, errsz,
			"selector must be label matchers in braces, as {job=\"node\"}");
		return -1;
	}
	*line = s->key_line[SK_HOST_LABEL];
	if (!config_label_name_ok(s->host_label)) {
		snprintf(err, errsz, "host_label '%.80s' is not a label name",
			 s->host_label);
		return -1;
	}
	*line = s->key_line[SK_TOKEN_FILE] ? s->key_line[SK_TOKEN_FILE] :
					     s->key_line[SK_TOKEN_ENV];
	if (basic && token) {
		snprintf(
			err, errsz,
			"give user and password_file (Basic) or bearer_token_file, not both");
		return -1;
	}
	*line = s->key_line[SK_USER];
	if (basic &&
	    (!s->user[0] || !(s->password_file[0] || s->password_env[0]))) {
		snprintf(
			err, errsz,
			"Basic authentication needs user and password_file (or password_env)");
		return -1;
	}
	*line = s->key_line[SK_PASSWORD_FILE];
	if (secret_mode_ok(s->password_file, "password_file", err, errsz))
		return -1;
	*line = s->key_line[SK_TOKEN_FILE];
	return secret_mode_ok(s->bearer_token_file, "bearer_token_file", err,
			      errsz);
}

static int
check_one(struct source_config *s, char *err, size_t errsz, int *line)
{
	size_t i;

	*line = s->key_line[SK_TYPE] ? s->key_line[SK_TYPE] : s->line;
	s->type = -1;
	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcmp(type_names[i],
			   s->type_name[0] ? s->type_name : "sqlite") == 0)
			s->type = (int)i;
	if (s->type < 0) {
		snprintf(err, errsz,
			 "type must be sqlite or prometheus, not '%.80s'",
			 s->type_name);
		return -1;
	}
	if (s->type == SOURCE_PROMETHEUS) {
		*line = s->line;
		return check_prometheus(s, err, errsz, line);
	}
	*line = s->key_line[SK_URL];
	if (s->url[0]) {
		snprintf(err, errsz, "url is for type = prometheus");
		return -1;
	}
	return 0;
}

int
config_source_check(struct config *cfg, char *err, size_t errsz, int *line)
{
	size_t i;

	for (i = 0; i < cfg->nsources; i++) {
		struct source_config *s = &cfg->sources[i];

		if (check_one(s, err, errsz, line) != 0) {
			if (!*line)
				*line = s->line;
			return -1;
		}
	}
	*line = 0;
	return 0;
}
