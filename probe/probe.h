/*
 * probe.h - health URL checks: run them (probe_run.c), judge a response
 * (probe_check.c) and store the results (probe_store.c).
 *
 * perfweek-probe runs every configured check once and stores the results;
 * perfweek-report runs the same checks live, without storing, for the
 * "live" part of the health section.  All checks of a run go out at once
 * through one curl multi handle, each on its own fresh connection (no
 * reuse, no shared DNS cache), so that every check's timings are its own.
 */
#ifndef PW_PROBE_H
#define PW_PROBE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "status.h"

#define PROBE_BODY_CAP  ((size_t)1 << 20) /* body kept for the keywords */
#define PROBE_ERROR_MAX 256

/*
 * The outcome of one check.  A time is NaN where the transfer did not get
 * that far (no TLS on http://, a refused connection).  With redirects
 * followed, each phase is the sum over the chain, as libcurl counts it.
 */
struct probe_result {
	int64_t ts;                  /* start of the run, Unix s */
	int ok;                      /* 1: every expectation met */
	long http_status;            /* final status; 0: no response */
	double dns_ms;               /* name lookup */
	double connect_ms;           /* TCP connect after the lookup */
	double tls_ms;               /* TLS handshake after connect */
	double first_byte_ms;        /* connection ready to 1st byte */
	double total_ms;             /* the whole transfer */
	long redirects;              /* redirects followed */
	int64_t cert_expires;        /* notAfter, Unix s; 0: unknown */
	double cert_days_left;       /* at ts; NaN: unknown */
	char error[PROBE_ERROR_MAX]; /* "" when ok */
};

/*
 * Run the n checks concurrently; out[i] receives the result of checks[i],
 * all with ts now.  A failed check is a result, not an error: only a
 * failure to set the run up (memory, libcurl) returns an error (logged).
 * The program has called net_init().
 */
enum pw_status
probe_run(const struct config *cfg, const struct health_check *const *checks,
	  size_t n, int64_t now, struct probe_result *out);

/* 1 when status is one the check expects (200-299 when none is given). */
int probe_status_expected(const struct health_check *c, long status);

/*
 * Judge a completed HTTP response against the check's expectations
 * (status, keyword, keyword_absent): sets r->ok and r->error.  body holds
 * the first len bytes of the body; truncated says more was received.
 */
void probe_judge(const struct health_check *c, long status, const char *body,
		 size_t len, int truncated, struct probe_result *r);

/*
 * The Unix time of a certificate's "Expire date" as libcurl reports it
 * with CURLOPT_CERTINFO ("Mar 14 12:00:00 2027 GMT" from OpenSSL,
 * "2027-03-14 12:00:00 GMT" from others); PW_EPARSE when it is neither.
 */
enum pw_status probe_parse_cert_date(const char *s, int64_t *out);

/*
 * Store the results of one run in one transaction: the check rows (found
 * or created) and one health_result row per check.
 */
enum pw_status probe_store(sqlite3 *db, int64_t host_id,
			   const struct health_check *const *checks,
			   const struct probe_result *res, size_t n);

#endif
