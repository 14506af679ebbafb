/*
 * net.h - what perfweek's libcurl clients (the health checks, the
 * ServiceNow client, mail) share: one curl_global_init per program, one
 * way of setting options, one total deadline and one TLS policy.
 *
 * Options are set with NET_SET on a struct net_opts: after the first
 * option libcurl refuses, the later ones are skipped, and net_opts_done()
 * says which one it was.  A program calls net_init() once, in main, before
 * any client runs, and net_cleanup() at its end.
 */
#ifndef PW_NET_H
#define PW_NET_H

#include <curl/curl.h>

#include "status.h"

struct net_opts {
	CURL *h;
	CURLcode cc;    /* the first refusal, or CURLE_OK */
	CURLoption bad; /* the option refused */
};

#define NET_SET(s, opt, val)                                              \
	do {                                                              \
		if ((s)->cc == CURLE_OK &&                                \
		    ((s)->cc = curl_easy_setopt((s)->h, (opt), (val))) != \
			    CURLE_OK)                                     \
			(s)->bad = (opt);                                 \
	} while (0)

/* libcurl's global state, once per program; PW_ERR logged on failure. */
enum pw_status net_init(void);
void net_cleanup(void);

/* Start setting options on h. */
void net_opts_begin(struct net_opts *s, CURL *h);

/*
 * timeout_s as the total time of a transfer (connection, TLS, every
 * request and the whole answer), not an idle timeout; no signals.
 */
void net_deadline(struct net_opts *s, double timeout_s);

/*
 * Certificates checked against the system's CAs, or ca_file when it is
 * not empty; insecure turns the check off (the caller warns).
 */
void net_tls(struct net_opts *s, const char *ca_file, int insecure);

/* PW_OK, or PW_ERR with one line naming who and the option refused. */
enum pw_status net_opts_done(const struct net_opts *s, const char *who);

#endif
