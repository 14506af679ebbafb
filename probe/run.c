/*
 * probe_run.c - every health check of a run at once, with curl multi.
 *
 * One easy handle per check, all added to one multi handle and driven
 * until the last one ends, so a run takes about as long as its slowest
 * check.  Each handle opens a fresh connection that is closed afterwards
 * and looks its name up again (no DNS cache), so that no check borrows
 * another's connection, handshake or lookup: the timings are honest.
 * Redirects are followed up to max_redirects, only to http and https;
 * TLS verification stays on unless a check says insecure = yes.
 * Proxies from the environment are ignored: a probe measures the direct
 * path.  The body is kept up to PROBE_BODY_CAP for the keyword checks;
 * the rest is read and dropped, so the total time is the real one.
 */
#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "net.h"
#include "probe.h"

struct transfer {
	const struct health_check *check;
	CURL *easy;
	struct curl_slist *headers;
	struct buf body;
	int truncated;
	char errbuf[CURL_ERROR_SIZE];
};

static size_t
on_body(char *p, size_t size, size_t n, void *user)
{
	struct transfer *t = user;
	size_t len = size * n, room = PROBE_BODY_CAP - t->body.len;

	if (len > room) {
		t->truncated = 1;
		len = room;
	}
	/* A failed append (memory) only loses the keyword search. */
	if (len > 0 && buf_add(&t->body, p, len) != PW_OK)
		t->truncated = 1;
	return size * n;
}

/* Set the options of one check; 0 on success. */
static int
transfer_setup(const struct config *cfg, struct transfer *t)
{
	const struct health_check *c = t->check;
	double timeout_s = c->timeout_s > 0 ? c->timeout_s :
					      cfg->probe_timeout_s;
	int redirs = c->max_redirects >= 0 ? c->max_redirects :
					     cfg->probe_max_redirects;
	struct net_opts s;
	size_t i;

	for (i = 0; i < c->nheaders; i++) {
		struct curl_slist *l = curl_slist_append(t->headers,
							 c->headers[i]);

		if (!l)
			return -1;
		t->headers = l;
	}
	net_opts_begin(&s, t->easy);
	NET_SET(&s, CURLOPT_URL, c->url);
	NET_SET(&s, CURLOPT_PROTOCOLS_STR, "http,https");
	NET_SET(&s, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	NET_SET(&s, CURLOPT_FOLLOWLOCATION, redirs > 0 ? 1L : 0L);
	NET_SET(&s, CURLOPT_MAXREDIRS, (long)redirs);
	NET_SET(&s, CURLOPT_FRESH_CONNECT, 1L);
	NET_SET(&s, CURLOPT_FORBID_REUSE, 1L);
	NET_SET(&s, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
	NET_SET(&s, CURLOPT_PROXY, "");
	net_deadline(&s, timeout_s);
	NET_SET(&s, CURLOPT_USERAGENT, cfg->probe_user_agent);
	NET_SET(&s, CURLOPT_ERRORBUFFER, t->errbuf);
	NET_SET(&s, CURLOPT_WRITEFUNCTION, on_body);
	NET_SET(&s, CURLOPT_WRITEDATA, t);
	NET_SET(&s, CURLOPT_HTTPHEADER, t->headers);
	NET_SET(&s, CURLOPT_CERTINFO, 1L);
	if (c->method == HEALTH_HEAD)
		NET_SET(&s, CURLOPT_NOBODY, 1L);
	else if (c->method == HEALTH_POST)
		NET_SET(&s, CURLOPT_COPYPOSTFIELDS, c->body);
	net_tls(&s, c->ca_file, c->insecure);
	return net_opts_done(&s, "health check") == PW_OK ? 0 : -1;
}

/* A CURLINFO_*_TIME_T in ms, NaN when 0 (not reached). */
static double
info_ms(CURL *e, CURLINFO what)
{
	curl_off_t us = 0;

	if (curl_easy_getinfo(e, what, &us) != CURLE_OK || us <= 0)
		return NAN;
	return (double)us / 1000.0;
}

/* notAfter of the server's own certificate, the first of the chain. */
static void
cert_expiry(CURL *e, struct probe_result *r)
{
	struct curl_certinfo *ci = NULL;
	const struct curl_slist *l;
	int64_t t;

	if (curl_easy_getinfo(e, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci ||
	    ci->num_of_certs < 1)
		return;
	for (l = ci->certinfo[0]; l; l = l->next)
		if (strncmp(l->data, "Expire date:", 12) == 0 &&
		    probe_parse_cert_date(l->data + 12, &t) == PW_OK) {
			r->cert_expires = t;
			r->cert_days_left = (double)(t - r->ts) / 86400.0;
			return;
		}
}

static void
transfer_result(struct transfer *t, CURLcode cc, struct probe_result *r)
{
	CURL *e = t->easy;
	double dns, conn, tls, start;
	long status = 0, redirs = 0;

	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &redirs);
	dns = info_ms(e, CURLINFO_NAMELOOKUP_TIME_T);
	conn = info_ms(e, CURLINFO_CONNECT_TIME_T);
	tls = info_ms(e, CURLINFO_APPCONNECT_TIME_T);
	start = info_ms(e, CURLINFO_STARTTRANSFER_TIME_T);
	r->http_status = status;
	r->redirects = redirs;
	r->dns_ms = dns;
	r->connect_ms = isnan(conn) ? NAN : conn - (isnan(dns) ? 0 : dns);
	r->tls_ms = isnan(tls) || isnan(conn) ? NAN : tls - conn;
	r->first_byte_ms = isnan(start) || isnan(conn) ?
		NAN :
		start - (isnan(tls) ? conn : tls);
	r->total_ms = info_ms(e, CURLINFO_TOTAL_TIME_T);
	cert_expiry(e, r);
	if (cc != CURLE_OK) {
		r->ok = 0;
		snprintf(r->error, sizeof(r->error), "%s",
			 t->errbuf[0] ? t->errbuf : curl_easy_strerror(cc));
		return;
	}
	probe_judge(t->check, status, t->body.data ? t->body.data : "",
		    t->body.len, t->truncated, r);
}

static void
result_init(struct probe_result *r, int64_t now)
{
	memset(r, 0, sizeof(*r));
	r->ts = now;
	r->dns_ms = r->connect_ms = r->tls_ms = NAN;
	r->first_byte_ms = r->total_ms = r->cert_days_left = NAN;
}

/* Drive the multi handle until every transfer has ended. */
static enum pw_status
run_multi(CURLM *m, struct transfer *tr, size_t n, struct probe_result *out)
{
	int running = 1, left;
	CURLMsg *msg;
	CURLMcode mc = CURLM_OK;
	size_t i;

	while (running && mc == CURLM_OK) {
		mc = curl_multi_perform(m, &running);
		if (mc == CURLM_OK && running)
			mc = curl_multi_poll(m, NULL, 0, 1000, NULL);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			for (i = 0; i < n; i++)
				if (tr[i].easy == msg->easy_handle)
					transfer_result(&tr[i],
							msg->data.result,
							&out[i]);
		}
	}
	if (mc != CURLM_OK) {
		log_err("cannot run the health checks: %s",
			curl_multi_strerror(mc));
		return PW_ERR;
	}
	return PW_OK;
}

enum pw_status
probe_run(const struct config *cfg, const struct health_check *const *checks,
	  size_t n, int64_t now, struct probe_result *out)
{
	struct transfer *tr;
	CURLM *m = NULL;
	enum pw_status rc = PW_OK;
	size_t i;

	if (n == 0)
		return PW_OK;
	if (!(tr = calloc(n, sizeof(*tr))) || !(m = curl_multi_init())) {
		rc = PW_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		result_init(&out[i], now);
		tr[i].check = checks[i];
		buf_init(&tr[i].body, PROBE_BODY_CAP);
		if (!(tr[i].easy = curl_easy_init()) ||
		    transfer_setup(cfg, &tr[i]) != 0 ||
		    curl_multi_add_handle(m, tr[i].easy) != CURLM_OK) {
			log_err("cannot set up health check '%s'",
				checks[i]->name);
			rc = PW_ERR;
			goto out;
		}
	}
	rc = run_multi(m, tr, n, out);
out:
	for (i = 0; tr && i < n; i++) {
		if (tr[i].easy) {
			if (m)
				curl_multi_remove_handle(m, tr[i].easy);
			curl_easy_cleanup(tr[i].easy);
		}
		curl_slist_free_all(tr[i].headers);
		buf_free(&tr[i].body);
	}
	curl_multi_cleanup(m);
	free(tr);
	return rc;
}
