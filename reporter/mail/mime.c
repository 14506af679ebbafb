/*
 * mime.c - the report as an Internet message: headers, quoted-printable,
 * base64, RFC 2047 encoded words and RFC 2231 file names.
 *
 * Everything is appended to one capped struct buf; a failed append frees
 * it (buf.h), so every function here just returns the first failure.
 * Never logs, never reads a file or the clock: mail.c gathers the inputs.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mime.h"

/* RFC 2045's limit for encoded lines, RFC 2047's for encoded words. */
#define LINE_MAX_CHARS   76
#define HEADER_VALUE_MAX 900 /* keeps every header line below 998 */

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char hex[] = "0123456789ABCDEF";

/* Base64 of up to 3 bytes into 4 characters. */
static void
b64_quad(const unsigned char *s, size_t n, char q[4])
{
	unsigned v = (unsigned)s[0] << 16 | (n > 1 ? (unsigned)s[1] << 8 : 0) |
		(n > 2 ? s[2] : 0);

	q[0] = b64[v >> 18 & 63];
	q[1] = b64[v >> 12 & 63];
	q[2] = n > 1 ? b64[v >> 6 & 63] : '=';
	q[3] = n > 2 ? b64[v & 63] : '=';
}

enum pw_status
mime_base64(struct buf *out, const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	enum pw_status rc = PW_OK;
	size_t i, col = 0;
	char q[4];

	for (i = 0; i < len && !rc; i += 3) {
		b64_quad(s + i, len - i < 3 ? len - i : 3, q);
		rc = buf_add(out, q, 4);
		col += 4;
		if (!rc && (col == LINE_MAX_CHARS || i + 3 >= len)) {
			rc = buf_add(out, "\r\n", 2);
			col = 0;
		}
	}
	return rc;
}

/*
 * One line of text (no line break in it) as quoted-printable: soft breaks
 * keep encoded lines at 76 characters, an "=XX" is never split, and a
 * space or tab at the end of the line is encoded so no transport strips it.
 */
static enum pw_status
qp_line(struct buf *out, const unsigned char *s, size_t n)
{
	enum pw_status rc = PW_OK;
	size_t i, col = 0;

	for (i = 0; i < n && !rc; i++) {
		int plain = (s[i] >= 33 && s[i] <= 126 && s[i] != '=') ||
			((s[i] == ' ' || s[i] == '\t') && i + 1 < n);
		char enc[3] = { '=', hex[s[i] >> 4], hex[s[i] & 15] };
		size_t w = plain ? 1 : 3;

		if (col + w > LINE_MAX_CHARS - 1) {
			rc = buf_add(out, "=\r\n", 3);
			col = 0;
		}
		if (!rc)
			rc = plain ? buf_add(out, s + i, 1) :
				     buf_add(out, enc, 3);
		col += w;
	}
	return rc;
}

enum pw_status
mime_qp(struct buf *out, const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	enum pw_status rc = PW_OK;
	size_t start = 0, end;

	while (start < len && !rc) {
		const unsigned char *nl = memchr(s + start, '\n', len - start);

		end = nl ? (size_t)(nl - s) : len;
		/* A CR before the LF is the line break, not text. */
		rc = qp_line(out, s + start,
			     end - start -
				     (nl && end > start && s[end - 1] == '\r'));
		if (!rc && nl)
			rc = buf_add(out, "\r\n", 2);
		start = end + 1;
	}
	return rc;
}

static int
is_plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* Folded ASCII: break before a word that would pass column 78. */
static enum pw_status
fold_ascii(struct buf *out, size_t col, const char *value)
{
	enum pw_status rc;
	const char *p = value, *sp;
	int first = 1;

	for (;;) {
		size_t n;

		sp = strchr(p, ' ');
		n = sp ? (size_t)(sp - p) : strlen(p);
		if (!first) {
			/*
			 * The space is kept: it starts the folded line.  Only
			 * a word is folded before, never an empty one inside
			 * a run of spaces: that would leave a line of white
			 * space only, which RFC 5322 allows in its obsolete
			 * syntax alone.
			 */
			if (n > 0 && col + 1 + n > 78) {
				rc = buf_add(out, "\r\n ", 3);
				col = 1;
			} else {
				rc = buf_add(out, " ", 1);
				col++;
			}
			if (rc)
				return rc;
		}
		if ((rc = buf_add(out, p, n)))
			return rc;
		col += n;
		first = 0;
		if (!sp)
			return PW_OK;
		p = sp + 1;
	}
}

/*
 * text as RFC 2047 "B" encoded words, each within the 76-column line it
 * starts on, split only between UTF-8 characters; words are separated by
 * folding white space, which decoders drop between encoded words.
 */
static enum pw_status
encoded_words(struct buf *out, size_t col, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text), pos = 0;
	enum pw_status rc = PW_OK;

	/* Room for at least one character (4 bytes, 8 in base64). */
	if (col + 12 + 8 > LINE_MAX_CHARS) {
		rc = buf_add(out, "\r\n ", 3);
		col = 1;
	}
	while (pos < len && !rc) {
		size_t chars = LINE_MAX_CHARS - col - 12, n, i;
		char q[4];

		n = chars / 4 * 3;
		if (n > len - pos)
			n = len - pos;
		while (n > 1 && pos + n < len && (s[pos + n] & 0xc0) == 0x80)
			n--;
		rc = buf_add(out, "=?UTF-8?B?", 10);
		for (i = 0; i < n && !rc; i += 3) {
			b64_quad(s + pos + i, n - i < 3 ? n - i : 3, q);
			rc = buf_add(out, q, 4);
		}
		if (!rc)
			rc = buf_add(out, "?=", 2);
		pos += n;
		if (!rc && pos < len)
			rc = buf_add(out, "\r\n ", 3);
		col = 1;
	}
	return rc;
}

/* "Name: " and the folded or encoded value, without the line break. */
static enum pw_status
header_value(struct buf *out, const char *name, const char *value)
{
	enum pw_status rc;

	if (strchr(value, '\r') || strchr(value, '\n') ||
	    strlen(value) > HEADER_VALUE_MAX)
		return PW_ECONFIG;
	if ((rc = buf_printf(out, "%s: ", name)))
		return rc;
	if (is_plain_ascii(value))
		return fold_ascii(out, strlen(name) + 2, value);
	return encoded_words(out, strlen(name) + 2, value);
}

enum pw_status
mime_header(struct buf *out, const char *name, const char *value)
{
	enum pw_status rc = header_value(out, name, value);

	return rc ? rc : buf_add(out, "\r\n", 2);
}

/* From: a display name that is not ASCII is encoded, the address not. */
static enum pw_status
header_from(struct buf *out, const char *from)
{
	const char *lt = strrchr(from, '<');
	char name[HEADER_VALUE_MAX + 1];
	enum pw_status rc;
	size_t n;

	if (is_plain_ascii(from) || !lt || lt == from)
		return mime_header(out, "From", from);
	n = (size_t)(lt - from);
	while (n > 0 && from[n - 1] == ' ')
		n--;
	/* The address goes on a line of its own, unfolded: bound it too. */
	if (n > HEADER_VALUE_MAX || strlen(lt) > HEADER_VALUE_MAX ||
	    !is_plain_ascii(lt))
		return PW_ECONFIG;
	memcpy(name, from, n);
	name[n] = '\0';
	rc = header_value(out, "From", name);
	if (!rc)
		rc = buf_printf(out, "\r\n %s\r\n", lt);
	return rc;
}

/* To: and Cc: a comma-separated list, folded after commas. */
static enum pw_status
header_list(struct buf *out, const char *name, const char *const *v, size_t n)
{
	char line[HEADER_VALUE_MAX + 1];
	size_t i, len = 0;
	int w;

	line[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(line + len, sizeof(line) - len, "%s%s",
			     i ? ", " : "", v[i]);
		if (w < 0 || (size_t)w >= sizeof(line) - len)
			return PW_ECONFIG;
		len += (size_t)w;
	}
	return mime_header(out, name, line);
}

int
mime_date(char *buf, size_t n, int64_t t)
{
	static const char *const day[] = { "Sun", "Mon", "Tue", "Wed",
					   "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr",
					   "May", "Jun", "Jul", "Aug",
					   "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;
	long off;
	int w;

	if (!localtime_r(&tt, &tm))
		return -1;
	off = tm.tm_gmtoff / 60;
	w = snprintf(buf, n, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld",
		     day[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon],
		     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
		     off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60,
		     (off < 0 ? -off : off) % 60);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

/* filename="x" when x is plain, else RFC 2231 filename*=UTF-8''%XX. */
static enum pw_status
filename_param(struct buf *out, const char *param, const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	enum pw_status rc;

	if (is_plain_ascii(name) && !strpbrk(name, "\"\\"))
		return buf_printf(out, "%s=\"%s\"", param, name);
	rc = buf_printf(out, "%s*=UTF-8''", param);
	for (; *s && !rc; s++) {
		char enc[3] = { '%', hex[*s >> 4], hex[*s & 15] };

		if ((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= 'a' && *s <= 'z') || strchr("-._~", *s))
			rc = buf_add(out, s, 1);
		else
			rc = buf_add(out, enc, 3);
	}
	return rc;
}

static enum pw_status
attachment(struct buf *out, const char *boundary, const struct mime_part *p)
{
	enum pw_status rc;

	rc = buf_printf(out, "--%s\r\nContent-Type: %s;\r\n ", boundary,
			p->content_type);
	if (!rc)
		rc = filename_param(out, "name", p->filename);
	if (!rc)
		rc = buf_adds(out,
			      "\r\nContent-Transfer-Encoding: base64\r\n"
			      "Content-Disposition: attachment;\r\n ");
	if (!rc)
		rc = filename_param(out, "filename", p->filename);
	if (!rc)
		rc = buf_adds(out, "\r\n\r\n");
	if (!rc)
		rc = mime_base64(out, p->data, p->len);
	return rc;
}

enum pw_status
mime_build(const struct mime_msg *m, struct buf *out)
{
	char date[64], id[HEADER_VALUE_MAX + 3];
	enum pw_status rc;
	size_t i;

	if (mime_date(date, sizeof(date), m->date) != 0 ||
	    snprintf(id, sizeof(id), "<%s>", m->message_id) >= (int)sizeof(id))
		return PW_ECONFIG;
	rc = mime_header(out, "Date", date);
	if (!rc)
		rc = header_from(out, m->from);
	if (!rc)
		rc = header_list(out, "To", m->to, m->nto);
	if (!rc && m->ncc)
		rc = header_list(out, "Cc", m->cc, m->ncc);
	if (!rc)
		rc = mime_header(out, "Subject", m->subject);
	if (!rc)
		rc = mime_header(out, "Message-ID", id);
	if (!rc)
		rc = buf_printf(
			out,
			"MIME-Version: 1.0\r\n"
			"Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n"
			"\r\nThis is a MIME message.\r\n\r\n--%s\r\n"
			"Content-Type: text/plain; charset=UTF-8\r\n"
			"Content-Transfer-Encoding: quoted-printable\r\n"
			"Content-Disposition: inline\r\n\r\n",
			m->boundary, m->boundary);
	if (!rc)
		rc = mime_qp(out, m->body, m->body_len);
	/* The line break before a boundary belongs to the boundary. */
	if (!rc)
		rc = buf_add(out, "\r\n", 2);
	for (i = 0; i < m->nparts && !rc; i++)
		rc = attachment(out, m->boundary, &m->parts[i]);
	if (!rc)
		rc = buf_printf(out, "--%s--\r\n", m->boundary);
	return rc;
}
