/*
 * fuzz_mime.c - what of the report mail is ours (reporter/mail/mime.c): the
 * header lines, checked against a small decoder of its own here, so a
 * target that only ran the code would not do: what the encoder writes must
 * decode to what it was given, and stay within the limits of the
 * standards.  The parts and their encodings are libcurl's (mime_body()):
 * they are built and freed here, not decoded.
 *
 * The low bit of the first byte picks what runs, the rest is its input:
 *   0  a header (mime_header) whose name the next byte picks, the value up
 *      to a NUL: a value with a line break or over 900 bytes is refused;
 *      otherwise the lines are at most 998 characters (76 when encoded),
 *      none is only white space, and unfolded the value is the input, or
 *      RFC 2047 words that decode to it, each of whole UTF-8 characters
 *      when the input is UTF-8;
 *   1  a whole message's headers (mime_headers) and parts (mime_body) from
 *      "FROM\0TO\0SUBJECT\0MESSAGE-ID\0FILENAME\0BODY\0ATTACHMENT" (an
 *      empty TO gives two addresses, an empty FILENAME no attachment, a
 *      longer one is cut at 280 bytes as mail.c's names are): refused only
 *      as PW_ECONFIG, else Date, From, To, Cc (if any), Subject and
 *      Message-ID in that order, 7-bit, in lines of at most 998
 *      characters.
 * A header never ends in a line break (libcurl adds it), and a CRLF inside
 * one only folds it: a space follows.  None holds a bare CR or LF or a NUL.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "mime.h"

#define CAP ((size_t)1 << 22)

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/*
 * CRLF only as a pair, no NUL, lines (the last may lack its CRLF) of at
 * most max characters, none of which is only spaces and tabs unless empty.
 */
static void
check_lines(const char *s, size_t len, size_t max, int no_blank)
{
	size_t i, start = 0, j;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] == '\0')
			abort();
		if (i < len && s[i] == '\n')
			abort(); /* a CRLF's LF is skipped below */
		if (i < len && s[i] != '\r')
			continue;
		if (i < len && (i + 1 == len || s[i + 1] != '\n'))
			abort();
		if (i - start > max)
			abort();
		for (j = start;
		     no_blank && j < i && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		if (no_blank && j > start && j == i)
			abort();
		start = i + 2;
		i++;
	}
}

/* Base64 of len characters into out (room for len / 4 * 3); -1 if bad. */
static long
b64_decode(const char *s, size_t len, unsigned char *out)
{
	size_t i, n = 0;
	int k;

	if (len % 4)
		return -1;
	for (i = 0; i < len; i += 4) {
		unsigned v = 0;
		int pad = 0;

		for (k = 0; k < 4; k++) {
			const char *at = s[i + k] ? strchr(b64, s[i + k]) :
						    NULL;

			if (s[i + k] == '=' && k >= 2 && i + 4 == len) {
				pad++;
				v <<= 6;
				continue;
			}
			if (!at || pad)
				return -1;
			v = v << 6 | (unsigned)(at - b64);
		}
		out[n++] = (unsigned char)(v >> 16);
		if (pad < 2)
			out[n++] = (unsigned char)(v >> 8);
		if (pad < 1)
			out[n++] = (unsigned char)v;
	}
	return (long)n;
}

/* Is s (len bytes) well-formed UTF-8, overlong forms aside? */
static int
is_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, k, n;

	while (i < len) {
		if (s[i] < 0x80)
			n = 0;
		else if ((s[i] & 0xe0) == 0xc0)
			n = 1;
		else if ((s[i] & 0xf0) == 0xe0)
			n = 2;
		else if ((s[i] & 0xf8) == 0xf0)
			n = 3;
		else
			return 0;
		if (i + n >= len)
			return 0;
		for (k = 1; k <= n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		i += n + 1;
	}
	return 1;
}

/*
 * The header in b (name hl bytes long), unfolded, is value: as it is when
 * plain, else as encoded words that decode to it.
 */
static void
unfold_check(const struct buf *b, size_t hl, const char *value, int plain,
	     int utf8)
{
	static const char pre[] = "=?UTF-8?B?";
	char *flat, *w, *save = NULL;
	unsigned char *got;
	size_t i, nf = 0, ng = 0, vlen = strlen(value);
	long n;

	/* Unfold: a CRLF before a space goes, the space stays. */
	flat = malloc(b->len + 1);
	got = malloc(b->len + 1);
	if (!flat || !got)
		abort();
	for (i = hl + 2; i < b->len; i++) {
		if (b->data[i] == '\r' &&
		    (i + 2 >= b->len || b->data[i + 2] != ' '))
			abort();
		if (b->data[i] != '\r' && b->data[i] != '\n')
			flat[nf++] = b->data[i];
	}
	flat[nf] = '\0';
	if (plain) {
		if (strcmp(flat, value) != 0)
			abort();
	} else {
		/* Encoded words, white space between them dropped. */
		for (w = strtok_r(flat, " ", &save); w;
		     w = strtok_r(NULL, " ", &save)) {
			size_t wl = strlen(w);

			if (wl > 75 || wl < sizeof(pre) + 1 ||
			    memcmp(w, pre, sizeof(pre) - 1) != 0 ||
			    strcmp(w + wl - 2, "?=") != 0)
				abort();
			n = b64_decode(w + sizeof(pre) - 1,
				       wl - sizeof(pre) - 1, got + ng);
			if (n <= 0 || (utf8 && !is_utf8(got + ng, (size_t)n)))
				abort();
			ng += (size_t)n;
		}
		if (ng != vlen || memcmp(got, value, vlen) != 0)
			abort();
	}
	free(flat);
	free(got);
}

static void
fuzz_header(const char *name, const char *value)
{
	struct buf b;
	size_t i, vlen = strlen(value), hl = strlen(name);
	int plain = 1, utf8 = is_utf8((const unsigned char *)value, vlen);
	enum pw_status rc;

	for (i = 0; i < vlen; i++)
		if ((unsigned char)value[i] < 0x20 ||
		    (unsigned char)value[i] > 0x7e)
			plain = 0;
	buf_init(&b, CAP);
	rc = mime_header(&b, name, value);
	if (strchr(value, '\r') || strchr(value, '\n') || vlen > 900) {
		if (rc != PW_ECONFIG)
			abort();
		buf_free(&b);
		return;
	}
	if (rc != PW_OK)
		abort();
	check_lines(b.data, b.len, plain ? 998 : 76, 1);
	if (b.len < hl + 2 || memcmp(b.data, name, hl) != 0 ||
	    memcmp(b.data + hl, ": ", 2) != 0 ||
	    (b.len >= 2 && memcmp(b.data + b.len - 2, "\r\n", 2) == 0))
		abort();
	unfold_check(&b, hl, value, plain, utf8);
	buf_free(&b);
}

/* The headers of a message: in order, 7-bit, folded lines only. */
static void
check_headers(const struct curl_slist *h, size_t ncc)
{
	static const char *const names[] = {
		"Date: ", "From: ", "To: ", "Cc: ", "Subject: ", "Message-ID: "
	};
	size_t k, i, len;

	for (k = 0; k < 6; k++) {
		if (k == 3 && !ncc)
			continue;
		if (!h || strncmp(h->data, names[k], strlen(names[k])) != 0)
			abort();
		len = strlen(h->data);
		check_lines(h->data, len, 998, 1);
		for (i = 0; i < len; i++)
			if ((unsigned char)h->data[i] >= 0x80 ||
			    (h->data[i] == '\r' &&
			     (i + 2 >= len || h->data[i + 2] != ' ')))
				abort();
		h = h->next;
	}
	if (h)
		abort();
}

static void
fuzz_message(const uint8_t *data, size_t size)
{
	static CURL *c;
	struct fuzz_part p[7];
	struct mime_msg m;
	struct mime_part part;
	struct curl_slist *h = NULL;
	curl_mime *mime = NULL;
	const char *to[2];
	char *s[6];
	enum pw_status rc;
	size_t i, n;

	if (!c && !(c = curl_easy_init()))
		abort();
	n = fuzz_split(data, size, '\0', p, 7);
	for (i = n; i < 7; i++) {
		p[i].p = data;
		p[i].len = 0;
	}
	/*
	 * mail.c names the attachment after the host (at most 255 bytes)
	 * and the week; a longer name is outside the contract of mime.h.
	 */
	if (p[4].len > 280)
		p[4].len = 280;
	for (i = 0; i < 6; i++)
		s[i] = fuzz_strndup(p[i].p, p[i].len);
	memset(&m, 0, sizeof(m));
	m.from = s[0];
	to[0] = *s[1] ? s[1] : "a@example.org";
	to[1] = "b@example.org";
	m.to = to;
	m.nto = *s[1] ? 1 : 2;
	m.cc = to;
	m.ncc = size & 1;
	m.subject = s[2];
	m.date = (int64_t)size * 86399;
	m.message_id = s[3];
	m.body = s[5];
	m.body_len = p[5].len;
	part.filename = s[4];
	part.content_type = "application/pdf";
	part.data = (const char *)p[6].p;
	part.len = p[6].len;
	m.parts = &part;
	m.nparts = *s[4] ? 1 : 0;
	rc = mime_headers(&m, &h);
	if (rc == PW_OK)
		check_headers(h, m.ncc);
	else if (rc != PW_ECONFIG || h)
		abort();
	curl_slist_free_all(h);
	if (mime_body(c, &m, &mime) != PW_OK)
		abort();
	curl_mime_free(mime);
	for (i = 0; i < 6; i++)
		free(s[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"Subject", "From", "To",
		"X-A-Rather-Long-Header-Name-For-The-First-Line-Of-It"
	};
	char *value;

	if (size < 2)
		return 0;
	if (data[0] & 1) {
		fuzz_message(data + 1, size - 1);
	} else {
		value = fuzz_strndup(data + 2, size - 2);
		fuzz_header(names[data[1] & 3], value);
		free(value);
	}
	return 0;
}
