/*
 * utf8.c - decoding, display width, fitting to columns and cleaning of
 * UTF-8 text (utf8.h says what each does and what cleaning replaces).
 *
 * The width tables are generated (utf8_width.h, from the Unicode
 * database); a lookup is a binary search over sorted ranges.  Decoding is
 * strict: overlong forms, surrogates and code points past U+10FFFF are
 * invalid, so a cleaned string is always valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

struct utf8_range {
	uint32_t first, last;
};

#include "utf8_width.h"

size_t
utf8_decode(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c = s[0], min;
	size_t len, i;

	*cp = c;
	if (c < 0x80)
		return c ? 1 : 0;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, c &= 0x1F, min = 0x80;
	else if ((c & 0xF0) == 0xE0)
		len = 3, c &= 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, c &= 0x07, min = 0x10000;
	else {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = UTF8_REPLACEMENT;
			return i;
		}
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = UTF8_REPLACEMENT;
	*cp = c;
	return len;
}

size_t
utf8_encode(uint32_t c, char out[4])
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

static int
in_table(const struct utf8_range *t, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	if (n == 0 || cp < t[0].first || cp > t[n - 1].last)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp > t[mid].last)
			lo = mid + 1;
		else if (cp < t[mid].first)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

int
utf8_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_table(utf8_zero, NELEM(utf8_zero), cp))
		return 0;
	return in_table(utf8_wide, NELEM(utf8_wide), cp) ? 2 : 1;
}

size_t
utf8_width(const char *s)
{
	size_t w = 0, k;
	uint32_t cp;

	while ((k = utf8_decode(s, &cp))) {
		w += (size_t)utf8_cp_width(cp);
		s += k;
	}
	return w;
}

size_t
utf8_width_n(const char *s, size_t n)
{
	size_t w = 0, i = 0, k;
	uint32_t cp;

	while (i < n && (k = utf8_decode(s + i, &cp))) {
		w += (size_t)utf8_cp_width(cp);
		i += k;
	}
	return w;
}

int
utf8_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 ||
		cp == 0x2029 || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
		(cp >= 0x202A && cp <= 0x202E) ||
		(cp >= 0x2066 && cp <= 0x2069);
}

/* Bytes of s that fit in cols columns, whole characters; width in *w. */
static size_t
fit_prefix(const char *s, size_t cols, size_t *w)
{
	size_t i = 0, k, used = 0;
	uint32_t cp;

	while ((k = utf8_decode(s + i, &cp))) {
		size_t cw = (size_t)utf8_cp_width(cp);

		if (used + cw > cols)
			break;
		used += cw;
		i += k;
	}
	*w = used;
	return i;
}

enum pw_status
utf8_fit(struct buf *b, const char *s, size_t cols, int pad)
{
	size_t w, n;
	enum pw_status rc;

	if (utf8_width(s) <= cols) {
		n = strlen(s);
		w = utf8_width(s);
	} else if (cols == 0) {
		return buf_add(b, "", 0);
	} else {
		n = fit_prefix(s, cols - 1, &w);
	}
	if ((rc = buf_add(b, s, n)))
		return rc;
	if (n < strlen(s)) {
		if ((rc = buf_adds(b, UTF8_ELLIPSIS)))
			return rc;
		w++;
	}
	while (pad && w++ < cols)
		if ((rc = buf_add(b, " ", 1)))
			return rc;
	return PW_OK;
}

/* What utf8_clean writes for the character cp. */
static uint32_t
clean_cp(uint32_t cp, enum utf8_clean how)
{
	if (how == UTF8_FOR_DISPLAY && utf8_is_unsafe(cp))
		return ' ';
	return cp;
}

int
utf8_is_clean(const char *s, enum utf8_clean how)
{
	size_t k;
	uint32_t cp;

	while ((k = utf8_decode(s, &cp))) {
		if (clean_cp(cp, how) != cp ||
		    (cp == UTF8_REPLACEMENT &&
		     (k != 3 || memcmp(s, "\xef\xbf\xbd", 3) != 0)))
			return 0;
		s += k;
	}
	return 1;
}

char *
utf8_clean(const char *s, enum utf8_clean how)
{
	size_t k, o = 0;
	uint32_t cp;
	char *out;

	/* A character grows at most threefold: one invalid byte, U+FFFD. */
	if (!(out = malloc(strlen(s) * 3 + 1)))
		return NULL;
	while ((k = utf8_decode(s, &cp))) {
		o += utf8_encode(clean_cp(cp, how), out + o);
		s += k;
	}
	out[o] = '\0';
	return out;
}
