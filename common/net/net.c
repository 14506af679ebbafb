/*
 * net.c - libcurl set-up shared by the health checks, the ServiceNow
 * client and mail.
 */
#include "log.h"
#include "net.h"

enum pw_status
net_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_err("cannot initialise libcurl");
		return PW_ERR;
	}
	return PW_OK;
}

void
net_cleanup(void)
{
	curl_global_cleanup();
}

void
net_opts_begin(struct net_opts *s, CURL *h)
{
	s->h = h;
	s->cc = CURLE_OK;
	s->bad = CURLOPT_LASTENTRY;
}

void
net_deadline(struct net_opts *s, double timeout_s)
{
	long ms = (long)(timeout_s * 1000);

	NET_SET(s, CURLOPT_NOSIGNAL, 1L);
	NET_SET(s, CURLOPT_TIMEOUT_MS, ms);
	NET_SET(s, CURLOPT_CONNECTTIMEOUT_MS, ms);
}

void
net_tls(struct net_opts *s, const char *ca_file, int insecure)
{
	if (ca_file && ca_file[0])
		NET_SET(s, CURLOPT_CAINFO, ca_file);
	if (insecure) {
		NET_SET(s, CURLOPT_SSL_VERIFYPEER, 0L);
		NET_SET(s, CURLOPT_SSL_VERIFYHOST, 0L);
	}
}

enum pw_status
net_opts_done(const struct net_opts *s, const char *who)
{
	if (s->cc == CURLE_OK)
		return PW_OK;
	log_err("%s: libcurl refused option %d: %s (libcurl %s; perfweek needs 7.85 or later)",
		who, (int)s->bad, curl_easy_strerror(s->cc),
		curl_version_info(CURLVERSION_NOW)->version);
	return PW_ERR;
}
