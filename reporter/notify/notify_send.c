/*
 * notify_send.c - a notification on its way: the sink's URL read from
 * where the configuration says (the secret never leaves this file but to
 * libcurl), one POST under the sink's total deadline, and mail through
 * the report's SMTP code (reporter/mail).
 *
 * A failure becomes one short reason for the caller's message: the HTTP
 * status (with Retry-After on a 429), a timeout, a host that cannot be
 * resolved, libcurl's own text for the rest.  Never the URL, whose path
 * holds the credential of a Slack or Teams webhook; redirects are not
 * followed, so the URL cannot be echoed to another server either.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "buf.h"
#include "log.h"
#include "mail.h"
#include "net.h"
#include "notify.h"
#include "secret.h"

#define ANSWER_MAX 4096 /* of a sink's answer kept, for Slack's "ok" */

enum pw_status
notify_url(const struct notify_sink *s, char *buf, size_t n, char *why,
	   size_t whysz)
{
	char what[CONFIG_HEALTH_NAME_MAX + 32];
	enum pw_status rc;

	if (s->url[0]) {
		snprintf(buf, n, "%s", s->url);
		return PW_OK;
	}
	snprintf(what, sizeof(what), "notify \"%s\" url_file", s->name);
	rc = secret_get(what, s->url_env[0] ? s->url_env : NULL,
			s->url_file[0] ? s->url_file : NULL, buf, n);
	if (rc == PW_ENOTFOUND) {
		snprintf(why, whysz,
			 "the environment variable '%s' of its URL is not set",
			 s->url_env);
		return PW_ECONFIG;
	}
	if (rc) {
		/* secret.c said what is wrong with the file */
		snprintf(why, whysz, "its url_file cannot be read");
		return PW_ECONFIG;
	}
	if (strncmp(buf, "http://", 7) != 0 &&
	    strncmp(buf, "https://", 8) != 0) {
		secret_wipe(buf, n);
		snprintf(why, whysz,
			 "its URL is not an http:// or https:// URL");
		return PW_ECONFIG;
	}
	return PW_OK;
}

static size_t
on_answer(char *data, size_t size, size_t n, void *user)
{
	struct buf *b = user;

	/* past the cap the rest is dropped, the transfer goes on */
	(void)buf_add(b, data, size * n);
	return size * n;
}

static void
fail_reason(CURL *h, CURLcode cc, long status, const struct notify_sink *s,
	    const struct buf *answer, char *why, size_t whysz)
{
	curl_off_t retry = -1;

	if (cc == CURLE_OPERATION_TIMEDOUT) {
		snprintf(why, whysz, "no answer within %g s", s->timeout_s);
	} else if (cc == CURLE_COULDNT_RESOLVE_HOST) {
		snprintf(why, whysz, "cannot resolve the host");
	} else if (cc != CURLE_OK) {
		snprintf(why, whysz, "%s", curl_easy_strerror(cc));
	} else if (status == 429 &&
		   curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry) ==
			   CURLE_OK &&
		   retry > 0) {
		snprintf(why, whysz, "HTTP 429, retry after %lld s",
			 (long long)retry);
	} else if (status < 200 || status > 299) {
		snprintf(why, whysz, "HTTP %ld", status);
	} else {
		snprintf(why, whysz, "answered '%.40s', not 'ok'",
			 answer->len ? answer->data : "");
	}
}

enum pw_status
notify_post(const struct notify_sink *s, const char *url, const char *body,
	    char *why, size_t whysz)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdr = NULL;
	struct net_opts o;
	struct buf answer;
	CURLcode cc = CURLE_OK;
	long status = 0;
	enum pw_status rc = PW_ERR;

	buf_init(&answer, ANSWER_MAX);
	if (!h ||
	    !(hdr = curl_slist_append(NULL,
				      "Content-Type: "
				      "application/json"))) {
		snprintf(why, whysz, "out of memory");
		goto out;
	}
	net_opts_begin(&o, h);
	NET_SET(&o, CURLOPT_URL, url);
	NET_SET(&o, CURLOPT_PROTOCOLS_STR, "http,https");
	NET_SET(&o, CURLOPT_FOLLOWLOCATION, 0L);
	NET_SET(&o, CURLOPT_HTTPHEADER, hdr);
	NET_SET(&o, CURLOPT_POSTFIELDS, body);
	NET_SET(&o, CURLOPT_USERAGENT, "perfweek-alert/" PW_VERSION);
	NET_SET(&o, CURLOPT_WRITEFUNCTION, on_answer);
	NET_SET(&o, CURLOPT_WRITEDATA, &answer);
	net_deadline(&o, s->timeout_s);
	net_tls(&o, s->ca_file, s->insecure);
	if (o.cc != CURLE_OK) {
		snprintf(why, whysz, "libcurl refused an option: %s",
			 curl_easy_strerror(o.cc));
		goto out;
	}
	cc = curl_easy_perform(h);
	if (cc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (cc == CURLE_OK && status >= 200 && status <= 299 &&
	    (s->type != NOTIFY_SLACK ||
	     (answer.len >= 2 && memcmp(answer.data, "ok", 2) == 0)))
		rc = PW_OK;
	else
		fail_reason(h, cc, status, s, &answer, why, whysz);
out:
	buf_free(&answer);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	return rc;
}

/* Mail through [mail]: the text as the body, no attachment. */
static enum pw_status
send_mail(const struct config *cfg, const struct mail_report *r, char *why,
	  size_t whysz)
{
	if (mail_send(cfg, r) != PW_OK) {
		snprintf(why, whysz, "mail not sent (see above)");
		return PW_ERR;
	}
	return PW_OK;
}

/* Alertmanager's base URL + /api/v2/alerts, unless it is there already. */
static void
am_endpoint(char *url, size_t n)
{
	static const char path[] = "/api/v2/alerts";
	size_t len = strlen(url);

	while (len > 0 && url[len - 1] == '/')
		url[--len] = '\0';
	if (len >= sizeof(path) - 1 &&
	    strcmp(url + len - (sizeof(path) - 1), path) == 0)
		return;
	if (len + sizeof(path) <= n)
		memcpy(url + len, path, sizeof(path));
}

/*
 * body to s: by mail as r says (its text is body), else POSTed to the
 * sink's URL.  Frees body.
 */
static enum pw_status
send_body(const struct config *cfg, const struct notify_sink *s, char *body,
	  struct mail_report *r, char *why, size_t whysz)
{
	char url[SECRET_MAX];
	enum pw_status rc;

	if (!body) {
		snprintf(why, whysz, "out of memory");
		return PW_ENOMEM;
	}
	if (s->type == NOTIFY_MAIL) {
		r->text = body;
		r->text_len = strlen(body);
		rc = send_mail(cfg, r, why, whysz);
		free(body);
		return rc;
	}
	rc = notify_url(s, url, sizeof(url), why, whysz);
	if (!rc) {
		if (s->type == NOTIFY_ALERTMANAGER)
			am_endpoint(url, sizeof(url));
		rc = notify_post(s, url, body, why, whysz);
	}
	secret_wipe(url, sizeof(url));
	free(body);
	return rc;
}

enum pw_status
notify_send(const struct config *cfg, const struct notify_sink *s,
	    const struct notify_event *ev, char *why, size_t whysz)
{
	struct mail_report r;
	char label[256];

	snprintf(label, sizeof(label), "alert %s%s%s", ev->rule,
		 ev->device[0] ? " " : "", ev->device);
	memset(&r, 0, sizeof(r));
	r.host = ev->host;
	r.label = label;
	r.status = strcmp(ev->state, "firing") == 0 ? ev->severity : "RESOLVED";
	return send_body(cfg, s, notify_payload(s->type, ev), &r, why, whysz);
}

enum pw_status
notify_send_summary(const struct config *cfg, const struct notify_sink *s,
		    const struct notify_summary *sum, char *why, size_t whysz)
{
	struct mail_report r;

	memset(&r, 0, sizeof(r));
	r.host = sum->host;
	r.label = sum->period;
	r.status = sum->status;
	return send_body(cfg, s, notify_summary_payload(s->type, sum), &r, why,
			 whysz);
}
