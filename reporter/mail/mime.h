/*
 * mime.h - an Internet message (RFC 5322, MIME) built from a report, with
 * libcurl's mime API.
 *
 * libcurl builds the multipart/mixed structure, picks its boundary, adds
 * MIME-Version, and encodes the parts while it sends them: first the text
 * report as text/plain; charset=UTF-8 in quoted-printable, then each
 * attachment in base64, lines within 76 characters.  What libcurl does not
 * do is here: the message's own header lines (Date in RFC 5322's format,
 * From, To, Cc, Subject, Message-ID), folded within 78 columns; a value
 * that is not plain ASCII (a subject, a display name) written as RFC 2047
 * encoded words and a file name that is not as an RFC 2231 parameter, as
 * libcurl writes header values as given; the refusal of a header value
 * with a line break in it; the text's lines ended in CRLF, which
 * quoted-printable needs for a line break.  No file, clock or network:
 * mail.c gathers the inputs, smtp_send.c sends.
 */
#ifndef PW_MIME_H
#define PW_MIME_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "status.h"

/* Largest message sent (the attachments, base64 encoded, included). */
#define MIME_MAX ((size_t)64 << 20)

struct mime_part {
	const char *filename;     /* UTF-8, no controls */
	const char *content_type; /* "application/pdf" */
	const char *data;
	size_t len;
};

struct mime_msg {
	const char *from;      /* "addr" or "Display Name <addr>" */
	const char *const *to; /* bare addresses */
	size_t nto;
	const char *const *cc;
	size_t ncc;
	const char *subject;    /* UTF-8 */
	int64_t date;           /* Unix seconds, in local time */
	const char *message_id; /* without the angle brackets */
	const char *body;       /* UTF-8 text, LF or CRLF lines */
	size_t body_len;
	const struct mime_part *parts;
	size_t nparts;
};

/*
 * The message's header lines, one an entry, for CURLOPT_HTTPHEADER (a
 * folded one holds its CRLFs): Date, From, To, Cc if any, Subject,
 * Message-ID.  *out is set only on success; the caller frees it with
 * curl_slist_free_all().  PW_ECONFIG for a header value that cannot be
 * written safely (a line break in it, too long), PW_ETOOBIG when the
 * message would be larger than MIME_MAX, PW_ENOMEM; nothing is logged.
 */
enum pw_status mime_headers(const struct mime_msg *m, struct curl_slist **out);

/*
 * The text and the attachments of m as libcurl's mime structure for
 * CURLOPT_MIMEPOST on c (libcurl copies the data).  *out is set only on
 * success; the caller frees it with curl_mime_free() after the transfer.
 * PW_ENOMEM or PW_ERR (libcurl refused a part); nothing is logged.
 */
enum pw_status mime_body(CURL *c, const struct mime_msg *m, curl_mime **out);

/* "Sat, 21 Nov 2026 08:36:12 +0100" for t in local time; 0 or -1. */
int mime_date(char *buf, size_t n, int64_t t);

/*
 * Append the header "Name: value" to out, folded (CRLF and a space), with
 * value as RFC 2047 encoded words if it is not printable ASCII, and no
 * line break at its end (libcurl adds it).  Used by mime_headers; public
 * for the unit tests.
 */
enum pw_status
mime_header(struct buf *out, const char *name, const char *value);

#endif
