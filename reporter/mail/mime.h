/*
 * mime.h - an Internet message (RFC 5322, MIME) built from a report.
 *
 * Pure: takes strings and bytes, fills a buffer, touches no file, clock or
 * network, so a unit test can check every byte.  The message is
 * multipart/mixed: first the text report as text/plain; charset=UTF-8 in
 * quoted-printable, then each attachment in base64.  Lines end in CRLF and
 * stay within 78 characters (headers are folded, encoded text is broken),
 * far below the 998-octet limit of RFC 5322.  A header value that is not
 * plain ASCII (a subject, a display name) is written as RFC 2047 encoded
 * words.  The boundary holds "=_", which neither quoted-printable nor
 * base64 output can contain, so it never occurs inside a part.
 */
#ifndef PW_MIME_H
#define PW_MIME_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "status.h"

/* Largest message built (the attachments, base64 encoded, included). */
#define MIME_MAX ((size_t)64 << 20)

struct mime_part {
	const char *filename;     /* ASCII, no quotes or controls */
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
	const char *boundary;   /* ASCII letters, digits, '_' */
	const char *body;       /* UTF-8 text, LF or CRLF lines */
	size_t body_len;
	const struct mime_part *parts;
	size_t nparts;
};

/*
 * Append the whole message to out (initialised by the caller, whose cap
 * applies).  PW_ETOOBIG past the cap (the buffer is then freed, see buf.h),
 * PW_ECONFIG for a header value that cannot be written safely (a line
 * break in it); nothing is logged.
 */
enum pw_status mime_build(const struct mime_msg *m, struct buf *out);

/* "Sat, 21 Nov 2026 08:36:12 +0100" for t in local time; 0 or -1. */
int mime_date(char *buf, size_t n, int64_t t);

/*
 * Append the header "Name: value" to out, folded, with value as RFC 2047
 * encoded words if it is not printable ASCII.  Used by mime_build; public
 * for the unit tests.
 */
enum pw_status
mime_header(struct buf *out, const char *name, const char *value);

/* Append len bytes as quoted-printable text lines (CRLF). */
enum pw_status mime_qp(struct buf *out, const char *data, size_t len);

/* Append len bytes as base64 in lines of 76 characters (CRLF). */
enum pw_status mime_base64(struct buf *out, const char *data, size_t len);

#endif
