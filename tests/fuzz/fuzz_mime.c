/*
 * fuzz_mime.c - the encoders of the report mail (reporter/mail/mime.c), each
 * checked against a small decoder of its own here, so a target that only
 * ran the code would not do: what the encoder writes must decode to what
 * it was given, and stay within the limits of the standards.
 *
 * The first byte picks the encoder, the rest is its input:
 *   0  quoted-printable (mime_qp) of the bytes: lines of at most 76
 *      characters, printable ASCII only, no white space before a line
 *      break; decoding gives the input with its CRLFs read as LFs;
 *   1  base64 (mime_base64): lines of 76 characters but the last, decoding
 *      gives the input;
 *   2  a header (mime_header) whose name the next byte picks, the value up
 *      to a NUL: a value with a line break or over 900 bytes is refused;
 *      otherwise the lines are at most 998 characters (76 when encoded),
 *      none is only white space, and unfolded the value is the input, or
 *      RFC 2047 words that decode to it, each of whole UTF-8 characters
 *      when the input is UTF-8;
 *   3  a whole message (mime_build) from "FROM\0TO\0SUBJECT\0MESSAGE-ID\0
 *      FILENAME\0BODY\0ATTACHMENT" (an empty TO gives two addresses, an
 *      empty FILENAME no attachment, a longer one is cut at 280 bytes as
 *      mail.c's names are): 7-bit lines of at most 998
 *      characters, and the boundary only where it belongs.
 * Every output of every encoder ends its lines in CRLF, never a bare CR
 * or LF, and holds no NUL.
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

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1; /* lower case is not what mime_qp writes */
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

static void
fuzz_qp(const uint8_t *in, size_t len)
{
	struct buf b;
	unsigned char *want, *got;
	size_t i, nw = 0, ng = 0;
	const char *s;

	buf_init(&b, CAP);
	if (mime_qp(&b, (const char *)in, len) != PW_OK)
		abort();
	s = b.data;
	check_lines(s, b.len, 76, 0);
	want = malloc(len + 1);
	got = malloc(b.len + 1);
	if (!want || !got)
		abort();
	for (i = 0; i < len; i++) {
		if (in[i] == '\r' && i + 1 < len && in[i + 1] == '\n')
			continue;
		want[nw++] = in[i];
	}
	for (i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r') {
			/* no white space before a line break */
			if (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
				abort();
			got[ng++] = '\n';
			i++;
		} else if (c == '=' && i + 2 < b.len && s[i + 1] == '\r') {
			i += 2; /* soft line break */
		} else if (c == '=') {
			if (i + 2 >= b.len || hexval(s[i + 1]) < 0 ||
			    hexval(s[i + 2]) < 0)
				abort();
			got[ng++] = (unsigned char)(hexval(s[i + 1]) << 4 |
						    hexval(s[i + 2]));
			i += 2;
		} else if ((c >= 33 && c <= 126) || c == ' ' || c == '\t') {
			got[ng++] = c;
		} else {
			abort();
		}
	}
	if (b.len && (s[b.len - 1] == ' ' || s[b.len - 1] == '\t'))
		abort();
	if (ng != nw || memcmp(got, want, nw) != 0)
		abort();
	free(want);
	free(got);
	buf_free(&b);
}

static void
fuzz_base64(const uint8_t *in, size_t len)
{
	struct buf b;
	unsigned char *got;
	char *flat;
	size_t i, nf = 0, col = 0;
	long n;

	buf_init(&b, CAP);
	if (mime_base64(&b, (const char *)in, len) != PW_OK)
		abort();
	check_lines(b.data, b.len, 76, 0);
	if (len && (b.len < 2 || memcmp(b.data + b.len - 2, "\r\n", 2) != 0))
		abort();
	flat = malloc(b.len + 1);
	got = malloc(b.len + 1);
	if (!flat || !got)
		abort();
	for (i = 0; i < b.len; i++) {
		if (b.data[i] == '\r') {
			/* every line but the last is full */
			if (col != 76 && i + 2 != b.len)
				abort();
			col = 0;
			i++;
			continue;
		}
		flat[nf++] = b.data[i];
		col++;
	}
	if ((n = b64_decode(flat, nf, got)) < 0 || (size_t)n != len ||
	    memcmp(got, in, len) != 0)
		abort();
	free(flat);
	free(got);
	buf_free(&b);
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

static void
fuzz_header(const char *name, const char *value)
{
	static const char pre[] = "=?UTF-8?B?";
	struct buf b;
	char *flat, *w, *save = NULL;
	unsigned char *got;
	size_t i, nf = 0, ng = 0, vlen = strlen(value), hl = strlen(name);
	int plain = 1, utf8 = is_utf8((const unsigned char *)value, vlen);
	enum pw_status rc;
	long n;

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
	if (b.len < hl + 4 || memcmp(b.data, name, hl) != 0 ||
	    memcmp(b.data + hl, ": ", 2) != 0 ||
	    memcmp(b.data + b.len - 2, "\r\n", 2) != 0)
		abort();
	/* Unfold: a CRLF before a space goes, the space stays. */
	flat = malloc(b.len + 1);
	got = malloc(b.len + 1);
	if (!flat || !got)
		abort();
	for (i = hl + 2; i < b.len - 2; i++) {
		if (b.data[i] == '\r' && b.data[i + 2] != ' ')
			abort();
		if (b.data[i] != '\r' && b.data[i] != '\n')
			flat[nf++] = b.data[i];
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
	buf_free(&b);
}

/* How often "\r\n--" boundary occurs in s. */
static size_t
count_delims(const char *s, size_t len, const char *boundary)
{
	size_t i, n = 0, bl = strlen(boundary);

	for (i = 0; i + 4 + bl <= len; i++)
		if (memcmp(s + i, "\r\n--", 4) == 0 &&
		    memcmp(s + i + 4, boundary, bl) == 0)
			n++;
	return n;
}

static void
fuzz_message(const uint8_t *data, size_t size)
{
	static const char boundary[] = "=_perfweek_0123456789abcdef";
	struct fuzz_part p[7];
	struct mime_msg m;
	struct mime_part part;
	const char *to[2];
	char *s[6];
	struct buf b;
	enum pw_status rc;
	size_t i, n;

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
	m.boundary = boundary;
	m.body = s[5];
	m.body_len = p[5].len;
	part.filename = s[4];
	part.content_type = "application/pdf";
	part.data = (const char *)p[6].p;
	part.len = p[6].len;
	m.parts = &part;
	m.nparts = *s[4] ? 1 : 0;
	buf_init(&b, CAP);
	rc = mime_build(&m, &b);
	if (rc == PW_OK) {
		check_lines(b.data, b.len, 998, 1);
		for (i = 0; i < b.len; i++)
			if ((unsigned char)b.data[i] >= 0x80)
				abort();
		if (count_delims(b.data, b.len, boundary) != m.nparts + 2)
			abort();
	} else if (rc != PW_ECONFIG) {
		abort();
	}
	buf_free(&b);
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
	switch (data[0] & 3) {
	case 0:
		fuzz_qp(data + 1, size - 1);
		break;
	case 1:
		fuzz_base64(data + 1, size - 1);
		break;
	case 2:
		value = fuzz_strndup(data + 2, size - 2);
		fuzz_header(names[data[1] & 3], value);
		free(value);
		break;
	default:
		fuzz_message(data + 1, size - 1);
		break;
	}
	return 0;
}
