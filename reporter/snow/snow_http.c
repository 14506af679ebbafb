/*
 * snow_http.c - the two Table API queries of a report, page by page, over
 * one libcurl easy handle.
 *
 * Each page is GET {instance}/api/now/table/incident with sysparm_query
 * (the configured query, then ^ORDERBYnumber^ORDERBYsys_id so that offset
 * paging is stable), sysparm_fields, sysparm_limit and sysparm_offset;
 * the next page is the Link header's rel="next" URL, never a guess from a
 * short page (without any Link header, offsets and X-Total-Count stand in:
 * see next_url).  The query text and URLs are snow_query.c's.  The
 * responses that may pass (429, 5xx, a refused connection) are retried a
 * bounded number of times, 429 after its Retry-After in seconds (capped;
 * an HTTP date is not understood and gets the backoff), the others after
 * a doubling backoff.  Every other
 * failure ends the fetch with a one-line reason; the caller stores it and
 * the report says it.  Credentials go to libcurl in memory
 * (CURLOPT_PASSWORD, CURLOPT_XOAUTH2_BEARER), never into a URL, a header
 * list, a log line or an error message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "log.h"
#include "net.h"
#include "snow_int.h"

#define URL_MAX          16384
#define BACKOFF_FIRST_MS 1000
#define BACKOFF_MAX_MS   30000

/* What one HTTP response left behind. */
struct resp {
	struct buf body;
	char link[URL_MAX];
	int64_t total_count; /* -1 when absent */
	long retry_after_s;  /* -1 when absent */
	int demo;
	int too_big;
};

struct client {
	const struct snow_request *rq;
	CURL *curl;
	struct resp r;
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *headers;
	int warned_nolink;
};

static size_t
on_body(char *data, size_t size, size_t n, void *user)
{
	struct resp *r = user;
	enum pw_status rc = buf_add(&r->body, data, size * n);

	if (rc == PW_ETOOBIG)
		r->too_big = 1;
	return rc ? 0 : size * n;
}

/* Does the header line h (len bytes) have the name name?  Value after. */
static const char *
header_value(const char *h, size_t len, const char *name, size_t *vlen)
{
	size_t n = strlen(name);
	const char *v;

	if (len <= n || strncasecmp(h, name, n) != 0 || h[n] != ':')
		return NULL;
	v = h + n + 1;
	while (v < h + len && (*v == ' ' || *v == '\t'))
		v++;
	*vlen = (size_t)(h + len - v);
	while (*vlen &&
	       (v[*vlen - 1] == '\r' || v[*vlen - 1] == '\n' ||
		v[*vlen - 1] == ' '))
		(*vlen)--;
	return v;
}

static long
header_long(const char *v, size_t len)
{
	char tmp[32], *end;
	long x;

	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, v, len);
	tmp[len] = '\0';
	errno = 0;
	x = strtol(tmp, &end, 10);
	return errno || *end || x < 0 ? -1 : x;
}

static size_t
on_header(char *h, size_t size, size_t n, void *user)
{
	struct resp *r = user;
	size_t len = size * n, vlen, used;
	const char *v;

	if ((v = header_value(h, len, "Link", &vlen))) {
		/* several Link headers are one list */
		used = strlen(r->link);
		if (used + vlen + 2 < sizeof(r->link)) {
			if (used)
				r->link[used++] = ',';
			memcpy(r->link + used, v, vlen);
			r->link[used + vlen] = '\0';
		}
	} else if ((v = header_value(h, len, "X-Total-Count", &vlen))) {
		r->total_count = header_long(v, vlen);
	} else if ((v = header_value(h, len, "Retry-After", &vlen))) {
		r->retry_after_s = header_long(v, vlen);
	} else if ((v = header_value(h, len, "X-Perfweek-Demo", &vlen))) {
		r->demo = vlen > 0 && *v == '1';
	}
	return len;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static enum pw_status
client_init(struct client *c, const struct snow_request *rq)
{
	const struct config *cfg = rq->cfg;
	struct net_opts s;

	memset(c, 0, sizeof(*c));
	c->rq = rq;
	buf_init(&c->r.body, (size_t)cfg->snow_max_bytes);
	c->curl = curl_easy_init();
	c->headers = curl_slist_append(NULL, "Accept: application/json");
	if (!c->curl || !c->headers) {
		log_err("servicenow: cannot set up libcurl");
		return PW_ENOMEM;
	}
	net_opts_begin(&s, c->curl);
	NET_SET(&s, CURLOPT_PROTOCOLS_STR, "http,https");
	NET_SET(&s, CURLOPT_FOLLOWLOCATION, 0L);
	net_deadline(&s, cfg->snow_timeout_s);
	NET_SET(&s, CURLOPT_ERRORBUFFER, c->errbuf);
	NET_SET(&s, CURLOPT_WRITEFUNCTION, on_body);
	NET_SET(&s, CURLOPT_WRITEDATA, &c->r);
	NET_SET(&s, CURLOPT_HEADERFUNCTION, on_header);
	NET_SET(&s, CURLOPT_HEADERDATA, &c->r);
	NET_SET(&s, CURLOPT_ACCEPT_ENCODING, "");
	NET_SET(&s, CURLOPT_USERAGENT, "perfweek/" PW_VERSION);
	NET_SET(&s, CURLOPT_HTTPHEADER, c->headers);
	if (strcmp(cfg->snow_auth, "oauth") == 0) {
		NET_SET(&s, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
		NET_SET(&s, CURLOPT_XOAUTH2_BEARER, rq->secret);
	} else {
		NET_SET(&s, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		NET_SET(&s, CURLOPT_USERNAME, cfg->snow_user);
		NET_SET(&s, CURLOPT_PASSWORD, rq->secret);
	}
	return net_opts_done(&s, "servicenow");
}

static void
client_free(struct client *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	curl_slist_free_all(c->headers);
	buf_free(&c->r.body);
}

/* The reason for a response status that ends the fetch. */
static void
status_reason(long st, char *reason, size_t sz)
{
	if (st == 401)
		snprintf(reason, sz, "authentication failed (HTTP 401)");
	else if (st == 403)
		snprintf(reason, sz,
			 "access denied to the incident table (HTTP 403)");
	else if (st == 404)
		snprintf(
			reason, sz,
			"the Table API was not found at the instance URL (HTTP 404)");
	else if (st >= 300 && st < 400)
		snprintf(
			reason, sz,
			"redirected (HTTP %ld), perhaps to a login page; perfweek does not follow redirects",
			st);
	else if (st == 400)
		snprintf(reason, sz, "bad request (HTTP 400)");
	else if (st == 429)
		snprintf(reason, sz, "rate limited (HTTP 429)");
	else if (st >= 500)
		snprintf(reason, sz, "server error (HTTP %ld)", st);
	else
		snprintf(reason, sz, "unexpected HTTP status %ld", st);
}

/* Add the message of a ServiceNow error body to the reason, if any. */
static void
add_error_text(const struct client *c, struct snow_fetch *f)
{
	char msg[200];
	size_t l = strlen(f->reason);

	if (c->r.body.data &&
	    snow_error_text(c->r.body.data, c->r.body.len, msg, sizeof(msg)) ==
		    0)
		snprintf(f->reason + l, sizeof(f->reason) - l, ": %s", msg);
}

/*
 * Describe a failed request in f->reason.  Returns how long to wait
 * before trying again, in ms, or -1 when trying again cannot help.
 */
static long
failure(const struct client *c, CURLcode cc, long st, long backoff_ms,
	struct snow_fetch *f)
{
	const struct config *cfg = c->rq->cfg;
	long ra = c->r.retry_after_s;

	if (cc == CURLE_OPERATION_TIMEDOUT) {
		snprintf(f->reason, sizeof(f->reason), "timeout after %g s",
			 cfg->snow_timeout_s);
		return -1;
	}
	if (c->r.too_big) {
		snprintf(f->reason, sizeof(f->reason),
			 "a response larger than max_bytes (%d bytes)",
			 cfg->snow_max_bytes);
		return -1;
	}
	if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
	    cc == CURLE_GOT_NOTHING || cc == CURLE_RECV_ERROR ||
	    cc == CURLE_SEND_ERROR) {
		snprintf(f->reason, sizeof(f->reason),
			 "cannot reach the instance: %.200s",
			 c->errbuf[0] ? c->errbuf : curl_easy_strerror(cc));
		return backoff_ms;
	}
	if (cc != CURLE_OK) {
		snprintf(f->reason, sizeof(f->reason), "%s%.200s",
			 cc == CURLE_PARTIAL_FILE ? "truncated response: " : "",
			 c->errbuf[0] ? c->errbuf : curl_easy_strerror(cc));
		return -1;
	}
	status_reason(st, f->reason, sizeof(f->reason));
	add_error_text(c, f);
	if (st == 429 && ra >= 0)
		return (ra > SNOW_RETRY_AFTER_MAX_S ? SNOW_RETRY_AFTER_MAX_S :
						      ra) *
			1000;
	return st == 429 || st >= 500 ? backoff_ms : -1;
}

/*
 * HTTP 404 "No Record found": the query matched nothing, the best news an
 * operator can get, not a missing Table API.  The page becomes an empty
 * result list; -1 with f->reason when memory runs out.
 */
static int
empty_page(struct client *c, struct snow_fetch *f)
{
	static const char empty[] = "{\"result\":[]}";

	log_debug(
		"servicenow: HTTP 404 \"No Record found\": no record matches");
	buf_free(&c->r.body);
	buf_init(&c->r.body, sizeof(empty));
	if (buf_adds(&c->r.body, empty)) {
		snprintf(f->reason, sizeof(f->reason), "out of memory");
		return -1;
	}
	c->r.link[0] = '\0';
	f->pages++;
	return 0;
}

/*
 * GET url into c->r, retrying what may pass.  0 when a 200 response is in
 * c->r.body; -1 with f->reason otherwise.
 */
static int
get_page(struct client *c, const char *url, struct snow_fetch *f)
{
	const struct config *cfg = c->rq->cfg;
	long backoff_ms = BACKOFF_FIRST_MS, st, wait_ms;
	int attempt;
	CURLcode cc;

	if (curl_easy_setopt(c->curl, CURLOPT_URL, url) != CURLE_OK) {
		snprintf(f->reason, sizeof(f->reason), "a URL libcurl refuses");
		return -1;
	}
	for (attempt = 0;; attempt++) {
		buf_free(&c->r.body);
		buf_init(&c->r.body, (size_t)cfg->snow_max_bytes);
		c->r.link[0] = '\0';
		c->r.total_count = c->r.retry_after_s = -1;
		c->r.too_big = 0;
		c->errbuf[0] = '\0';
		log_debug("servicenow: GET %s", url);
		cc = curl_easy_perform(c->curl);
		st = 0;
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &st);
		if (st)
			f->http_status = st;
		if (cc == CURLE_OK && st == 200) {
			f->pages++;
			return 0;
		}
		if (cc == CURLE_OK && st == 404 && c->r.body.data &&
		    snow_no_record(c->r.body.data, c->r.body.len))
			return empty_page(c, f);
		wait_ms = failure(c, cc, st, backoff_ms, f);
		if (wait_ms < 0)
			return -1;
		if (attempt >= cfg->snow_retries) {
			size_t l = strlen(f->reason);

			snprintf(f->reason + l, sizeof(f->reason) - l,
				 ", %d %s", attempt + 1,
				 attempt ? "tries" : "try");
			return -1;
		}
		log_info("servicenow: %s; trying again in %ld ms", f->reason,
			 wait_ms);
		sleep_ms(wait_ms);
		if (backoff_ms < BACKOFF_MAX_MS)
			backoff_ms *= 2;
	}
}

/*
 * The URL of the page after the one in c->r into next.  1: there is one;
 * 0: that was the last page; -1 with f->reason.  The server's Link header
 * decides.  Without any Link header (a proxy may strip it), pages go on by
 * offset while X-Total-Count says there are more, or, without that either,
 * until a page comes back empty: ending early would make the figures
 * silently wrong.
 */
static int
next_url(struct client *c, const char *q, long *offset, size_t added,
	 const char *url, char *next, struct snow_fetch *f)
{
	const char *inst = c->rq->cfg->snow_instance;
	struct buf b;
	enum pw_status rc;

	if (!c->r.link[0]) {
		*offset += c->rq->cfg->snow_page_size;
		if (c->r.total_count >= 0 ? *offset >= c->r.total_count :
					    added == 0)
			return 0;
		if (!c->warned_nolink++)
			log_warn(
				"servicenow: responses have no Link header; paging by offset");
		buf_init(&b, URL_MAX);
		if (snow_page_url(c->rq->cfg, q, *offset, &b)) {
			snprintf(f->reason, sizeof(f->reason), "out of memory");
			return -1;
		}
		strcpy(next, b.data);
		buf_free(&b);
		return 1;
	}
	if ((rc = snow_link_next(c->r.link, next, URL_MAX)) == PW_ENOTFOUND)
		return 0;
	if (rc) {
		snprintf(f->reason, sizeof(f->reason),
			 "a malformed Link header");
		return -1;
	}
	/* credentials go only where the instance is */
	if (strncmp(next, inst, strlen(inst)) != 0 ||
	    next[strlen(inst)] != '/') {
		snprintf(f->reason, sizeof(f->reason),
			 "the next page's link leaves the instance URL");
		return -1;
	}
	if (strcmp(next, url) == 0) {
		snprintf(f->reason, sizeof(f->reason),
			 "the next page's link points to the same page");
		return -1;
	}
	return 1;
}

/* Every page of query q into f; -1 with f->reason on failure. */
static int
fetch_query(struct client *c, const char *q, int is_open, struct snow_fetch *f,
	    size_t *count)
{
	char *url = NULL, *next = NULL;
	struct buf first;
	size_t added;
	long offset = 0;
	int pages, ret = -1, more;
	enum pw_status rc;

	*count = 0;
	buf_init(&first, URL_MAX);
	if (snow_page_url(c->rq->cfg, q, 0, &first) ||
	    !(url = buf_steal(&first)) || !(next = malloc(URL_MAX))) {
		snprintf(f->reason, sizeof(f->reason),
			 "out of memory or query too long");
		goto out;
	}
	for (pages = 0; pages < SNOW_MAX_PAGES; pages++) {
		if (get_page(c, url, f))
			goto out;
		if (is_open && c->r.total_count >= 0)
			f->total_count = c->r.total_count;
		f->demo |= c->r.demo;
		rc = snow_parse_page(c->r.body.data ? c->r.body.data : "",
				     c->r.body.len, is_open, &f->set, &added,
				     f->reason, sizeof(f->reason));
		if (rc == PW_ENOMEM)
			snprintf(f->reason, sizeof(f->reason), "out of memory");
		if (rc)
			goto out;
		*count += added;
		more = next_url(c, q, &offset, added, url, next, f);
		if (more <= 0) {
			ret = more;
			goto out;
		}
		strcpy(url, next);
	}
	snprintf(f->reason, sizeof(f->reason), "more than %d pages",
		 SNOW_MAX_PAGES);
out:
	free(url);
	free(next);
	buf_free(&first);
	return ret;
}

void
snow_fetch_init(struct snow_fetch *f)
{
	memset(f, 0, sizeof(*f));
	f->total_count = -1;
}

enum pw_status
snow_fetch_all(const struct snow_request *rq, struct snow_fetch *f)
{
	struct client c;
	struct buf pq;
	enum pw_status rc;

	buf_init(&pq, (size_t)CONFIG_TEXT_MAX * 3);
	if ((rc = snow_period_query(rq->cfg, rq->period_start, rq->period_end,
				    &pq)))
		return rc;
	if ((rc = client_init(&c, rq))) {
		client_free(&c);
		buf_free(&pq);
		return rc;
	}
	f->ok = fetch_query(&c, rq->cfg->snow_query, 1, f, &f->open_count) ==
			0 &&
		fetch_query(&c, pq.data, 0, f, &f->period_count) == 0;
	if (f->ok)
		f->reason[0] = '\0';
	client_free(&c);
	buf_free(&pq);
	return PW_OK;
}
