/*
 * mime.c - the report's mail for libcurl's mime API: the header lines
 * (RFC 2047 encoded words, folding, the Date), RFC 2231 file names, the
 * text in CRLF lines, and the parts handed to libcurl to encode.
 *
 * A header is appended to a capped struct buf; a failed append frees it
 * (buf.h), so every function here just returns the first failure.  Never
 * logs, never reads a file or the clock: mail.c gathers the inputs.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mime.h"

/* RFC 2045's limit for encoded lines, RFC 2047's for encoded words. */
#define LINE_MAX_CHARS   76
#define HEADER_VALUE_MAX 900 /* keeps every header line below 998 */
/* A header's cap: a word a byte when the value is not UTF-8, 19 each. */
#define HEADER_MAX ((size_t)HEADER_VALUE_MAX * 20 + 1024)

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char hex[] = "0123456789ABCDEF";

/* Base64 of up to 3 bytes into 4 characters, for encoded words. */
static void
b64_quad(const unsigned char *s, size_t n, char q[4])
{
	unsigned char t[3] = { 0, 0, 0 };
	unsigned v;

	memcpy(t, s, n < 3 ? n : 3);
	v = (unsigned)t[0] << 16 | (unsigned)t[1] << 8 | t[2];

	q[0] = b64[v >> 18 & 63];
	q[1] = b64[v >> 12 & 63];
	q[2] = n > 1 ? b64[v >> 6 & 63] : '=';
	q[3] = n > 2 ? b64[v & 63] : '=';
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
enum pw_status
mime_header(struct buf *out, const char *name, const char *value)
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

/* From: a display name that is not ASCII is encoded, the address not. */
static enum pw_status
header_from(struct buf *out, const char *field, const char *from)
{
	const char *lt = strrchr(from, '<');
	char name[HEADER_VALUE_MAX + 1];
	enum pw_status rc;
	size_t n;

	if (is_plain_ascii(from) || !lt || lt == from)
		return mime_header(out, field, from);
	n = (size_t)(lt - from);
	while (n > 0 && from[n - 1] == ' ')
		n--;
	/* The address goes on a line of its own, unfolded: bound it too. */
	if (n > HEADER_VALUE_MAX || strlen(lt) > HEADER_VALUE_MAX ||
	    !is_plain_ascii(lt))
		return PW_ECONFIG;
	memcpy(name, from, n);
	name[n] = '\0';
	rc = mime_header(out, field, name);
	if (!rc)
		rc = buf_printf(out, "\r\n %s", lt);
	return rc;
}

/* To: and Cc: a comma-separated list, folded after commas. */
static enum pw_status
address_list(char *line, size_t size, const char *const *v, size_t n)
{
	size_t i, len = 0;
	int w;

	line[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(line + len, size - len, "%s%s", i ? ", " : "",
			     v[i]);
		if (w < 0 || (size_t)w >= size - len)
			return PW_ECONFIG;
		len += (size_t)w;
	}
	return PW_OK;
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

/* The header "name: value", as write writes it, appended to the list l. */
static enum pw_status
add_header(struct curl_slist **l, const char *name, const char *value,
	   enum pw_status (*write)(struct buf *, const char *, const char *))
{
	struct curl_slist *t;
	struct buf b;
	enum pw_status rc;

	buf_init(&b, HEADER_MAX);
	rc = write(&b, name, value);
	if (rc)
		return rc;
	t = curl_slist_append(*l, b.data);
	buf_free(&b);
	if (!t)
		return PW_ENOMEM;
	*l = t;
	return PW_OK;
}

/* What MIME_MAX caps: the text and the base64 of every part. */
static size_t
message_size(const struct mime_msg *m)
{
	size_t i, n = m->body_len, chars;

	for (i = 0; i < m->nparts; i++) {
		chars = (m->parts[i].len + 2) / 3 * 4;
		n += chars + chars / LINE_MAX_CHARS * 2;
	}
	return n;
}

enum pw_status
mime_headers(const struct mime_msg *m, struct curl_slist **out)
{
	char date[64] = "", id[HEADER_VALUE_MAX + 3] = "";
	char list[HEADER_VALUE_MAX + 1] = "";
	struct curl_slist *l = NULL;
	enum pw_status rc;

	if (message_size(m) > MIME_MAX)
		return PW_ETOOBIG;
	if (mime_date(date, sizeof(date), m->date) != 0 ||
	    snprintf(id, sizeof(id), "<%s>", m->message_id) >= (int)sizeof(id))
		return PW_ECONFIG;
	rc = add_header(&l, "Date", date, mime_header);
	if (!rc)
		rc = add_header(&l, "From", m->from, header_from);
	if (!rc)
		rc = address_list(list, sizeof(list), m->to, m->nto);
	if (!rc)
		rc = add_header(&l, "To", list, mime_header);
	if (!rc && m->ncc) {
		rc = address_list(list, sizeof(list), m->cc, m->ncc);
		if (!rc)
			rc = add_header(&l, "Cc", list, mime_header);
	}
	if (!rc)
		rc = add_header(&l, "Subject", m->subject, mime_header);
	if (!rc)
		rc = add_header(&l, "Message-ID", id, mime_header);
	if (rc)
		curl_slist_free_all(l);
	else
		*out = l;
	return rc;
}

/* filename*=UTF-8''%XX... (RFC 2231) for a name that is not plain. */
static enum pw_status
filename_2231(struct buf *out, const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	enum pw_status rc;

	rc = buf_adds(out,
		      "Content-Disposition: attachment;\r\n "
		      "filename*=UTF-8''");
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

/* A header line of the part p, taken over by libcurl. */
static enum pw_status
part_header(curl_mimepart *p, const char *line)
{
	struct curl_slist *l = curl_slist_append(NULL, line);

	if (!l)
		return PW_ENOMEM;
	if (curl_mime_headers(p, l, 1) != CURLE_OK) {
		curl_slist_free_all(l);
		return PW_ERR;
	}
	return PW_OK;
}

/* The text as quoted-printable of CRLF lines, shown inline. */
static enum pw_status
text_part(curl_mime *mime, const char *body, size_t len)
{
	curl_mimepart *p = curl_mime_addpart(mime);
	struct buf b;
	enum pw_status rc = PW_OK;
	const char *nl;
	size_t i, j;

	if (!p)
		return PW_ENOMEM;
	buf_init(&b, MIME_MAX);
	/* A line break is CRLF: libcurl would encode a bare LF as =0A. */
	for (i = 0; i < len && !rc; i = j + 1) {
		nl = memchr(body + i, '\n', len - i);
		j = nl ? (size_t)(nl - body) : len;
		rc = buf_add(&b, body + i, j - i);
		if (!rc && nl && (j == 0 || body[j - 1] != '\r'))
			rc = buf_add(&b, "\r", 1);
		if (!rc && nl)
			rc = buf_add(&b, "\n", 1);
	}
	if (!rc &&
	    (curl_mime_type(p, "text/plain; charset=UTF-8") ||
	     curl_mime_encoder(p, "quoted-printable") ||
	     curl_mime_data(p, b.len ? b.data : "", b.len)))
		rc = PW_ERR;
	buf_free(&b);
	return rc ? rc : part_header(p, "Content-Disposition: inline");
}

/* An attachment in base64, its name given to libcurl if plain ASCII. */
static enum pw_status
attachment(curl_mime *mime, const struct mime_part *a)
{
	curl_mimepart *p = curl_mime_addpart(mime);
	struct buf b;
	enum pw_status rc;

	if (!p)
		return PW_ENOMEM;
	if (curl_mime_type(p, a->content_type) ||
	    curl_mime_encoder(p, "base64") ||
	    curl_mime_data(p, a->len ? a->data : "", a->len))
		return PW_ERR;
	if (is_plain_ascii(a->filename))
		return curl_mime_filename(p, a->filename) ? PW_ERR : PW_OK;
	buf_init(&b, HEADER_MAX);
	rc = filename_2231(&b, a->filename);
	if (!rc)
		rc = part_header(p, b.data);
	buf_free(&b);
	return rc;
}

enum pw_status
mime_body(CURL *c, const struct mime_msg *m, curl_mime **out)
{
	curl_mime *mime = curl_mime_init(c);
	enum pw_status rc;
	size_t i;

	if (!mime)
		return PW_ENOMEM;
	rc = text_part(mime, m->body, m->body_len);
	for (i = 0; i < m->nparts && !rc; i++)
		rc = attachment(mime, &m->parts[i]);
	if (rc)
		curl_mime_free(mime);
	else
		*out = mime;
	return rc;
}
