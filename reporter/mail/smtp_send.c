/*
 * smtp_send.c - one SMTP delivery with libcurl, and why it failed.
 *
 * The message goes as CURLOPT_MIMEPOST, its header lines as
 * CURLOPT_HTTPHEADER (libcurl sends them for SMTP as the message's own
 * headers): libcurl reads it out part by part while it sends, encoding
 * as it goes, and escapes a line that starts with a dot.
 *
 * libcurl's own messages do not say what the server refused ("Weird
 * server reply", "RCPT failed: 550"), so the server's replies are read
 * from libcurl's debug stream: the commands sent (CURLINFO_HEADER_OUT)
 * say which step a reply answers, and only the verb and, for RCPT, the
 * address are kept: an AUTH line or any data is never looked at, stored or
 * logged.  The deadline is enforced three ways, since libcurl's total
 * timeout does not cover every wait of its SMTP client: CURLOPT_TIMEOUT_MS,
 * CURLOPT_SERVER_RESPONSE_TIMEOUT, and a progress callback that aborts the
 * transfer once timeout_s has passed (it also runs while libcurl waits for
 * an answer, e.g. to QUIT on a connection that stalled).
 */
#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "log.h"
#include "net.h"
#include "smtp_send.h"

#define ADDR_MAX  256 /* as common/config_mail.c */
#define REPLY_MAX 256 /* a server reply line kept for a message */

/* The step a server reply answers. */
enum smtp_step {
	STEP_CONNECT,
	STEP_MAIL,
	STEP_RCPT,
	STEP_DATA,
	STEP_BODY, /* after DATA's 354: the message and its end */
	STEP_OTHER
};

struct smtp_xfer {
	double deadline; /* CLOCK_MONOTONIC s */
	int timed_out;
	enum smtp_step step;
	char rcpt[ADDR_MAX]; /* of the last RCPT sent */
	char refused[1024];  /* "recipient 'a': 550 ...; ..." */
	size_t nrefused;
	enum smtp_step fail_step;   /* of the last refusal */
	char fail_reply[REPLY_MAX]; /* its text */
};

static double
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
progress_cb(void *user, curl_off_t dt, curl_off_t dn, curl_off_t ut,
	    curl_off_t un)
{
	struct smtp_xfer *x = user;

	(void)dt, (void)dn, (void)ut, (void)un;
	if (mono_now() < x->deadline)
		return 0;
	x->timed_out = 1;
	return 1;
}

/* A command sent: which step the next reply answers. */
static void
on_command(struct smtp_xfer *x, const char *s, size_t n)
{
	const char *lt, *gt;

	if (n >= 4 && strncasecmp(s, "MAIL", 4) == 0) {
		x->step = STEP_MAIL;
	} else if (n >= 4 && strncasecmp(s, "RCPT", 4) == 0) {
		x->step = STEP_RCPT;
		lt = memchr(s, '<', n);
		gt = lt ? memchr(lt, '>', n - (size_t)(lt - s)) : NULL;
		x->rcpt[0] = '\0';
		if (gt && (size_t)(gt - lt) <= sizeof(x->rcpt))
			snprintf(x->rcpt, sizeof(x->rcpt), "%.*s",
				 (int)(gt - lt - 1), lt + 1);
	} else if (n >= 4 && strncasecmp(s, "DATA", 4) == 0) {
		x->step = STEP_DATA;
	} else if (x->step != STEP_BODY ||
		   (n >= 4 && strncasecmp(s, "QUIT", 4) == 0)) {
		x->step = STEP_OTHER; /* EHLO, STARTTLS, AUTH, QUIT, ... */
	}
}

/* A reply line: keep a refusal's text and what it refused. */
static void
on_reply(struct smtp_xfer *x, const char *s, size_t n)
{
	char line[REPLY_MAX];
	size_t len;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n >= 3 && strncmp(s, "354", 3) == 0 && x->step == STEP_DATA) {
		x->step = STEP_BODY;
		return;
	}
	/* A refusal: 4xx or 5xx, its last line ("550-" lines continue). */
	if (n < 4 || (s[0] != '4' && s[0] != '5') || s[3] == '-' ||
	    x->step == STEP_OTHER || x->step == STEP_CONNECT)
		return;
	snprintf(line, sizeof(line), "%.*s", (int)n, s);
	for (len = 0; line[len]; len++)
		if ((unsigned char)line[len] < 0x20)
			line[len] = ' ';
	x->fail_step = x->step;
	snprintf(x->fail_reply, sizeof(x->fail_reply), "%s", line);
	if (x->step == STEP_RCPT) {
		len = strlen(x->refused);
		snprintf(x->refused + len, sizeof(x->refused) - len,
			 "%srecipient '%s': %s", len ? "; " : "", x->rcpt,
			 line);
		x->nrefused++;
	}
}

static int
debug_cb(CURL *c, curl_infotype type, char *s, size_t n, void *user)
{
	(void)c;
	if (type == CURLINFO_HEADER_OUT)
		on_command(user, s, n);
	else if (type == CURLINFO_HEADER_IN)
		on_reply(user, s, n);
	return 0;
}

/* Why a transfer failed, in words an operator can act on. */
static const char *
curl_hint(CURLcode cc)
{
	switch (cc) {
	case CURLE_USE_SSL_FAILED:
		return " (the server does not offer STARTTLS; [mail] "
		       "starttls = required)";
	case CURLE_LOGIN_DENIED:
		return " (check [mail] user and the password)";
	case CURLE_PEER_FAILED_VERIFICATION:
		return " (the server's certificate is not trusted; see "
		       "[mail] ca_file)";
	default:
		return "";
	}
}

static const char *const step_what[] = {
	[STEP_MAIL] = "the sender",
	[STEP_DATA] = "DATA",
	[STEP_BODY] = "the message after DATA",
};

/* The one line that says why nothing (or not all) was sent. */
static void
say_failure(const struct config *cfg, const struct smtp_xfer *x, CURLcode cc,
	    const char *errbuf, const char *from)
{
	const char *url = cfg->mail_url;

	if (x->timed_out || cc == CURLE_OPERATION_TIMEDOUT)
		log_err("mail not sent via '%s': timed out after %g s%s ([mail] timeout_s)",
			url, cfg->mail_timeout_s,
			x->step == STEP_BODY ? " during DATA" : "");
	else if (x->fail_step == STEP_RCPT || (cc == CURLE_OK && x->nrefused))
		log_err("mail %s via '%s': the server refused %s",
			cc == CURLE_OK ? "sent to the other recipients" :
					 "not sent",
			url, x->refused);
	else if (x->fail_step == STEP_MAIL)
		log_err("mail not sent via '%s': the server refused the sender '%s': %s",
			url, from, x->fail_reply);
	else if (x->fail_step == STEP_DATA || x->fail_step == STEP_BODY)
		log_err("mail not sent via '%s': the server refused %s: %s",
			url, step_what[x->fail_step], x->fail_reply);
	else
		log_err("mail not sent via '%s': %s%s", url,
			errbuf[0] ? errbuf : curl_easy_strerror(cc),
			curl_hint(cc));
}

/* The recipients, To then Cc, as "<addr>" (NULL: out of memory). */
static struct curl_slist *
recipients(const struct config *cfg)
{
	char rcpt[ADDR_MAX + 2];
	struct curl_slist *l = NULL, *t;
	size_t i;

	for (i = 0; i < cfg->mail_to.n + cfg->mail_cc.n; i++) {
		snprintf(rcpt, sizeof(rcpt), "<%s>",
			 i < cfg->mail_to.n ?
				 cfg->mail_to.v[i] :
				 cfg->mail_cc.v[i - cfg->mail_to.n]);
		if (!(t = curl_slist_append(l, rcpt))) {
			curl_slist_free_all(l);
			return NULL;
		}
		l = t;
	}
	return l;
}

/* Send on with the accepted recipients when some are refused. */
#if defined(CURLOPT_MAIL_RCPT_ALLOWFAILS) || LIBCURL_VERSION_NUM >= 0x080200
#define RCPT_ALLOWFAILS CURLOPT_MAIL_RCPT_ALLOWFAILS
#else
#define RCPT_ALLOWFAILS CURLOPT_MAIL_RCPT_ALLLOWFAILS /* 7.69 to 8.1 */
#endif

static enum pw_status
setup(CURL *c, const struct config *cfg, const char *password,
      const char *mfrom, struct curl_slist *rcpts, struct curl_slist *headers,
      curl_mime *mime, struct smtp_xfer *x, char *errbuf)
{
	static const long use_ssl[] = { CURLUSESSL_ALL, CURLUSESSL_TRY,
					CURLUSESSL_NONE };
	struct net_opts s;

	net_opts_begin(&s, c);
	NET_SET(&s, CURLOPT_URL, cfg->mail_url);
	NET_SET(&s, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	NET_SET(&s, CURLOPT_USE_SSL, use_ssl[cfg->mail_starttls]);
	NET_SET(&s, CURLOPT_MAIL_FROM, mfrom);
	NET_SET(&s, CURLOPT_MAIL_RCPT, rcpts);
	NET_SET(&s, RCPT_ALLOWFAILS, 1L);
	NET_SET(&s, CURLOPT_HTTPHEADER, headers);
	NET_SET(&s, CURLOPT_MIMEPOST, mime);
	NET_SET(&s, CURLOPT_ERRORBUFFER, errbuf);
	net_deadline(&s, cfg->mail_timeout_s);
	NET_SET(&s, CURLOPT_SERVER_RESPONSE_TIMEOUT,
		(long)ceil(cfg->mail_timeout_s));
	NET_SET(&s, CURLOPT_NOPROGRESS, 0L);
	NET_SET(&s, CURLOPT_XFERINFOFUNCTION, progress_cb);
	NET_SET(&s, CURLOPT_XFERINFODATA, x);
	NET_SET(&s, CURLOPT_DEBUGFUNCTION, debug_cb);
	NET_SET(&s, CURLOPT_DEBUGDATA, x);
	NET_SET(&s, CURLOPT_VERBOSE, 1L);
	net_tls(&s, cfg->mail_ca_file, cfg->mail_insecure);
	if (cfg->mail_user[0]) {
		NET_SET(&s, CURLOPT_USERNAME, cfg->mail_user);
		NET_SET(&s, CURLOPT_PASSWORD, password);
	}
	return net_opts_done(&s, "mail");
}

/*
 * curl_easy_cleanup() says QUIT and waits for the answer, up to the server
 * response timeout.  After a failure, or with no time left, the session
 * is cut instead: the connection is shut down, so the QUIT fails at once.
 */
static void
end_session(CURL *c, const struct smtp_xfer *x, CURLcode cc)
{
	double left = x->deadline - mono_now();
	curl_socket_t s;

	if (cc == CURLE_OK && left >= 1) {
		curl_easy_setopt(c, CURLOPT_SERVER_RESPONSE_TIMEOUT,
				 (long)left);
		return;
	}
	if (curl_easy_getinfo(c, CURLINFO_ACTIVESOCKET, &s) == CURLE_OK &&
	    s != CURL_SOCKET_BAD)
		shutdown(s, SHUT_RDWR);
}

enum pw_status
smtp_send(const struct config *cfg, const char *password, const char *from,
	  struct curl_slist *headers, const struct mime_msg *m)
{
	char errbuf[CURL_ERROR_SIZE], mfrom[ADDR_MAX + 2];
	struct smtp_xfer x;
	struct curl_slist *rcpts;
	curl_mime *mime = NULL;
	enum pw_status rc = PW_OK;
	CURLcode cc;
	size_t i;
	CURL *c;

	memset(&x, 0, sizeof(x));
	if (!(rcpts = recipients(cfg)))
		return PW_ENOMEM;
	if (!(c = curl_easy_init())) {
		curl_slist_free_all(rcpts);
		return PW_ENOMEM;
	}
	snprintf(mfrom, sizeof(mfrom), "<%s>", from);
	errbuf[0] = '\0';
	x.deadline = mono_now() + cfg->mail_timeout_s;
	if ((rc = mime_body(c, m, &mime))) {
		log_err("mail not sent: cannot build the message (%s)",
			rc == PW_ENOMEM ? "out of memory" :
					  "libcurl refused a part");
		goto out;
	}
	if (setup(c, cfg, password, mfrom, rcpts, headers, mime, &x, errbuf) !=
	    PW_OK) {
		rc = PW_ERR;
		goto out;
	}
	cc = curl_easy_perform(c);
	/* One line, no full stop: libcurl's messages may end in either. */
	for (i = strlen(errbuf); i > 0 && strchr(".\n ", errbuf[i - 1]); i--)
		errbuf[i - 1] = '\0';
	if (cc != CURLE_OK || x.nrefused) {
		say_failure(cfg, &x, cc, errbuf, from);
		rc = cc == CURLE_OK ? PW_EPARTIAL : PW_ERR;
	}
	end_session(c, &x, cc);
out:
	curl_easy_cleanup(c);
	curl_mime_free(mime);
	curl_slist_free_all(rcpts);
	return rc;
}
