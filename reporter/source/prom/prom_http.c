/*
 * prom_http.c - requests to a Prometheus-compatible HTTP API, a batch at
 * a time, with libcurl multi.
 *
 * Every request is a POST of a URL-encoded form to the API root plus its
 * path (so that a long PromQL expression never meets a URL length limit),
 * at most PROM_PARALLEL in flight on reused connections, and the whole
 * batch shares one total deadline, the source's timeout_s: a server that
 * accepts and never answers cannot hold a report longer.  Basic
 * credentials go through libcurl's own options and a bearer token in an
 * Authorization header; neither is ever logged, and both are wiped when
 * the source closes.  Only http and https, redirects not followed, TLS
 * verification on unless insecure = yes.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "net.h"
#include "prom_int.h"

enum pw_status
prom_conn_open(const struct source_config *sc, struct prom_conn *c)
{
	char token[SECRET_MAX];
	enum pw_status rc;

	memset(c, 0, sizeof(*c));
	c->sc = sc;
	if (sc->name[0])
		snprintf(c->who, sizeof(c->who), "source \"%s\" (%s)", sc->name,
			 sc->url);
	else
		snprintf(c->who, sizeof(c->who), "source (%s)", sc->url);
	if (sc->user[0]) {
		rc = secret_get("[source] password_file",
				sc->password_env[0] ? sc->password_env : NULL,
				sc->password_file, c->password,
				sizeof(c->password));
		if (rc == PW_ENOTFOUND)
			log_err("%s: user '%s' has no password (password_file or password_env)",
				c->who, sc->user);
		return rc == PW_ENOTFOUND ? PW_ECONFIG : rc;
	}
	if (!sc->bearer_token_file[0] && !sc->bearer_token_env[0])
		return PW_OK;
	rc = secret_get("[source] bearer_token_file",
			sc->bearer_token_env[0] ? sc->bearer_token_env : NULL,
			sc->bearer_token_file, token, sizeof(token));
	if (rc == PW_ENOTFOUND)
		log_err("%s: bearer_token_env '%s' is not set", c->who,
			sc->bearer_token_env);
	if (!rc)
		snprintf(c->auth, sizeof(c->auth), "Authorization: Bearer %s",
			 token);
	secret_wipe(token, sizeof(token));
	return rc == PW_ENOTFOUND ? PW_ECONFIG : rc;
}

void
prom_conn_close(struct prom_conn *c)
{
	secret_wipe(c->password, sizeof(c->password));
	secret_wipe(c->auth, sizeof(c->auth));
}

/* "&key=" and value escaped onto b. */
static enum pw_status
form_add(CURL *h, struct buf *b, const char *key, const char *value)
{
	char *esc = curl_easy_escape(h, value, 0);
	enum pw_status rc;

	if (!esc)
		return PW_ENOMEM;
	rc = buf_printf(b, "%s%s=%s", b->len ? "&" : "", key, esc);
	curl_free(esc);
	return rc;
}

char *
prom_form(const char *query, int64_t start, int64_t end, int64_t step,
	  int64_t time)
{
	CURL *h = curl_easy_init();
	struct buf b;
	char num[32];
	enum pw_status rc = PW_OK;

	buf_init(&b, (size_t)PROM_QUERY_MAX * 4);
	if (!h)
		return NULL;
	if (query)
		rc = form_add(h, &b,
			      strncmp(query, "match[]=", 8) == 0 ? "match[]" :
								   "query",
			      strncmp(query, "match[]=", 8) == 0 ? query + 8 :
								   query);
#define NUM(key, v)                                                 \
	if (!rc && (v) >= 0) {                                      \
		snprintf(num, sizeof(num), "%lld", (long long)(v)); \
		rc = form_add(h, &b, key, num);                     \
	}
	NUM("start", start)
	NUM("end", end)
	NUM("step", step)
	NUM("time", time)
#undef NUM
	curl_easy_cleanup(h);
	return rc ? NULL : buf_steal(&b);
}

static size_t
on_body(char *p, size_t size, size_t n, void *user)
{
	struct prom_req *r = user;

	/* past the cap the buffer is freed: the transfer is then cut */
	return buf_add(&r->body, p, size * n) == PW_OK ? size * n : 0;
}

/* The options of one request; 0 on success. */
static int
req_setup(const struct prom_conn *c, struct prom_req *r, CURL *h,
	  struct curl_slist *hdrs, char *url, double left_s, char *errbuf)
{
	const struct source_config *sc = c->sc;
	struct net_opts s;

	snprintf(url, CONFIG_URL_MAX + 64, "%s%s", sc->url, r->path);
	buf_init(&r->body, PROM_BODY_CAP);
	net_opts_begin(&s, h);
	NET_SET(&s, CURLOPT_URL, url);
	NET_SET(&s, CURLOPT_PROTOCOLS_STR, "http,https");
	NET_SET(&s, CURLOPT_FOLLOWLOCATION, 0L);
	net_deadline(&s, left_s);
	NET_SET(&s, CURLOPT_USERAGENT, "perfweek-report/" PW_VERSION);
	NET_SET(&s, CURLOPT_ERRORBUFFER, errbuf);
	NET_SET(&s, CURLOPT_WRITEFUNCTION, on_body);
	NET_SET(&s, CURLOPT_WRITEDATA, r);
	NET_SET(&s, CURLOPT_COPYPOSTFIELDS, r->form);
	NET_SET(&s, CURLOPT_HTTPHEADER, hdrs);
	NET_SET(&s, CURLOPT_ACCEPT_ENCODING, "");
	if (sc->user[0]) {
		NET_SET(&s, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		NET_SET(&s, CURLOPT_USERNAME, sc->user);
		NET_SET(&s, CURLOPT_PASSWORD, c->password);
	}
	net_tls(&s, sc->ca_file, sc->insecure);
	return net_opts_done(&s, c->who) == PW_OK ? 0 : -1;
}

/* The headers of every request: the configured ones, the token. */
static struct curl_slist *
req_headers(const struct prom_conn *c)
{
	struct curl_slist *l = curl_slist_append(NULL,
						 "Accept: application/json");
	size_t i;

	for (i = 0; l && i < c->sc->nheaders; i++) {
		struct curl_slist *nl = curl_slist_append(l, c->sc->headers[i]);

		if (!nl) {
			curl_slist_free_all(l);
			return NULL;
		}
		l = nl;
	}
	if (l && c->auth[0]) {
		struct curl_slist *nl = curl_slist_append(l, c->auth);

		if (!nl)
			curl_slist_free_all(l);
		l = nl;
	}
	return l;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct batch {
	struct prom_conn *c;
	struct prom_req *r;
	size_t n, next, done;
	CURLM *m;
	CURL **h;
	char (*url)[CONFIG_URL_MAX + 64];
	char (*err)[CURL_ERROR_SIZE];
	struct curl_slist *hdrs;
	double deadline;
};

/* Start request b->next, if one is left; 0 on success. */
static int
batch_start(struct batch *b)
{
	size_t i = b->next;
	double left = b->deadline - now_s();

	if (i >= b->n)
		return 0;
	if (left < 0.001)
		left = 0.001;
	/*
	 * The batch's deadline is batch_drive()'s, one message for all; a
	 * second more for curl's own, so that it never ends one first.
	 */
	if (!(b->h[i] = curl_easy_init()) ||
	    req_setup(b->c, &b->r[i], b->h[i], b->hdrs, b->url[i], left + 1,
		      b->err[i]) != 0 ||
	    curl_multi_add_handle(b->m, b->h[i]) != CURLM_OK)
		return -1;
	b->next++;
	b->c->requests++;
	return 0;
}

/* A transfer done: its status or error, and the next one started. */
static int
batch_done(struct batch *b, CURLMsg *msg)
{
	size_t i;

	for (i = 0; i < b->next; i++) {
		if (b->h[i] != msg->easy_handle)
			continue;
		curl_easy_getinfo(b->h[i], CURLINFO_RESPONSE_CODE,
				  &b->r[i].http_status);
		if (msg->data.result != CURLE_OK)
			snprintf(b->r[i].error, sizeof(b->r[i].error), "%s",
				 b->err[i][0] ?
					 b->err[i] :
					 curl_easy_strerror(msg->data.result));
		b->done++;
		return batch_start(b);
	}
	return 0;
}

/* Drive the transfers until all are done or the deadline passes. */
static enum pw_status
batch_drive(struct batch *b)
{
	int running = 1, left;
	CURLMcode mc = CURLM_OK;
	CURLMsg *msg;

	while (b->done < b->n && mc == CURLM_OK) {
		double wait = b->deadline - now_s();

		if (wait <= 0) {
			log_err("%s: no answer within timeout_s %g s (%zu of %zu requests answered)",
				b->c->who, b->c->sc->timeout_s, b->done, b->n);
			return PW_ETIMEOUT;
		}
		mc = curl_multi_perform(b->m, &running);
		if (mc == CURLM_OK && running)
			mc = curl_multi_poll(
				b->m, NULL, 0,
				wait > 1 ? 1000 : (int)(wait * 1000) + 1, NULL);
		while ((msg = curl_multi_info_read(b->m, &left)) != NULL)
			if (msg->msg == CURLMSG_DONE && batch_done(b, msg) != 0)
				return PW_ERR;
	}
	if (mc != CURLM_OK) {
		log_err("%s: %s", b->c->who, curl_multi_strerror(mc));
		return PW_ERR;
	}
	return PW_OK;
}

enum pw_status
prom_http_run(struct prom_conn *c, struct prom_req *r, size_t n)
{
	struct batch b = { c, r, n, 0, 0, NULL, NULL, NULL, NULL, NULL, 0 };
	enum pw_status rc = PW_ERR;
	size_t i;

	if (n == 0)
		return PW_OK;
	b.deadline = now_s() + c->sc->timeout_s;
	log_debug("%s: %zu requests to %s", c->who, n, r[0].path);
	b.h = calloc(n, sizeof(*b.h));
	b.url = calloc(n, sizeof(*b.url));
	b.err = calloc(n, sizeof(*b.err));
	if (!b.h || !b.url || !b.err || !(b.m = curl_multi_init()) ||
	    !(b.hdrs = req_headers(c))) {
		rc = PW_ENOMEM;
		goto out;
	}
	curl_multi_setopt(b.m, CURLMOPT_MAX_HOST_CONNECTIONS,
			  (long)PROM_PARALLEL);
	for (i = 0; i < PROM_PARALLEL && i < n; i++)
		if (batch_start(&b) != 0) {
			log_err("%s: cannot set up a request", c->who);
			goto out;
		}
	rc = batch_drive(&b);
out:
	for (i = 0; i < n && b.h; i++)
		if (b.h[i]) {
			curl_multi_remove_handle(b.m, b.h[i]);
			curl_easy_cleanup(b.h[i]);
		}
	if (b.m)
		curl_multi_cleanup(b.m);
	curl_slist_free_all(b.hdrs);
	free(b.h);
	free(b.url);
	free(b.err);
	return rc;
}

void
prom_req_free(struct prom_req *r)
{
	free(r->form);
	buf_free(&r->body);
	memset(r, 0, sizeof(*r));
}
