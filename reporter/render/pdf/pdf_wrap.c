/*
 * pdf_wrap.c - where a line of text breaks, and a name shortened in the
 * middle to fit one line.
 *
 * Both take the width of a piece of text from a struct pdf_measure, so
 * they know nothing of fonts: the PDF passes pdf_text_width (whatever it
 * measures, shaping or fallback fonts included), the unit tests a fixed
 * width per character.  A line breaks, in this order of preference:
 *  1. at a space, or after a '/' of a path (a word that starts with '/'
 *     or has two of them: "B/s" is a unit, not a path), the space left
 *     out; a space between a number and its unit ("97.173 %", "85 ms")
 *     never breaks;
 *  2. only when the first word is wider than the line: after a '-',
 *     '_', '.', ':' or ',' inside the word (not between digits);
 *  3. only when there is none: inside the word, at a character, except
 *     in a number, which is never split (it runs past the edge instead).
 * A newline always breaks.  Nothing here allocates.
 */
#include <string.h>

#include "pdf_int.h"
#include "utf8.h"

#define ELLIPSIS       "\xe2\x80\xa6"
#define FIT_MAX_CHARS  1024 /* characters a shortened name keeps track of */
#define FIT_STUB_CHARS 8    /* a cut component shorter is left out */

static double
measure(const struct pdf_measure *m, const char *s, size_t len)
{
	return m->width(m, s, len);
}

/* The PDF's measure: the first len bytes of s as pdf_text_width has it. */
static double
doc_width(const struct pdf_measure *m, const char *s, size_t len)
{
	char buf[PDF_LINE_MAX];

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return pdf_text_width(m->doc, m->face, m->size, buf);
}

struct pdf_measure
pdf_measure_of(const struct pdf_doc *doc, enum pdf_face face, double size)
{
	struct pdf_measure m = { doc_width, NULL, doc, face, size };

	return m;
}

void
pdf_fit(const struct pdf_doc *doc, enum pdf_face face, double size,
	const char *s, double width, char *out, size_t n)
{
	struct pdf_measure m = pdf_measure_of(doc, face, size);

	(void)pdf_fit_middle(&m, s, width, out, n);
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Bytes of the word of s starting at i: up to a space, newline or end. */
static size_t
word_end(const char *s, size_t i, size_t end)
{
	while (i < end && s[i] != ' ' && s[i] != '\n')
		i++;
	return i;
}

/*
 * The space at i sits between a number and its unit: a digit before it,
 * after it a short word that does not start with a digit ("%", "ms",
 * "GiB/s", "days").
 */
static int
unit_space(const char *s, size_t i, size_t end)
{
	size_t w;

	if (i == 0 || !is_digit(s[i - 1]) || i + 1 >= end)
		return 0;
	w = word_end(s, i + 1, end) - (i + 1);
	return w > 0 && w <= 6 && !is_digit(s[i + 1]) && s[i + 1] != '-';
}

/* The word of s around i is a path: it starts with '/' or has two. */
static int
in_path(const char *s, size_t i, size_t end)
{
	size_t a = i, b = word_end(s, i, end), k, n = 0;

	while (a > 0 && s[a - 1] != ' ' && s[a - 1] != '\n')
		a--;
	for (k = a; k < b; k++)
		n += s[k] == '/';
	return s[a] == '/' || n >= 2;
}

/* The break class of the character at i (see the top); 3: any. */
static int
break_class(const char *s, size_t i, size_t end)
{
	char c = s[i];

	if (c == ' ')
		return unit_space(s, i, end) ? 3 : 1;
	if (c == '/' && i + 1 < end && s[i + 1] != ' ' && in_path(s, i, end))
		return 1;
	if ((c == '-' || c == '_' || c == '.' || c == ':' || c == ',') &&
	    i > 0 && i + 1 < end && s[i + 1] != ' ' &&
	    !(is_digit(s[i - 1]) && is_digit(s[i + 1])))
		return 2;
	return 3;
}

/* The run of s from 0 is a number (it may run past the edge). */
static int
is_number(const char *s, size_t end)
{
	size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;

	return i < end && is_digit(s[i]);
}

size_t
pdf_break(const struct pdf_measure *m, const char *s, double width,
	  size_t *next)
{
	size_t end = 0, i, best[4] = { 0, 0, 0, 0 }, len;
	uint32_t cp;

	while (s[end] && s[end] != '\n')
		end++;
	*next = s[end] == '\n' ? end + 1 : end;
	if (measure(m, s, end) <= width)
		return end;
	/* The last break of each class whose line still fits. */
	for (i = 0; i < end; i += utf8_decode(s + i, &cp)) {
		int c = break_class(s, i, end);
		size_t cut = c == 1 && s[i] == ' ' ? i : c == 3 ? i : i + 1;

		if (cut == 0)
			continue;
		if (measure(m, s, cut) > width)
			break;
		best[c] = cut;
		if (c < 3)
			best[3] = cut; /* the character after a '-' too */
	}
	if (best[1])
		len = best[1];
	else if (best[2])
		len = best[2];
	else if (is_number(s, end)) {
		len = word_end(s, 0, end); /* never split a number */
		if (len < end && unit_space(s, len, end))
			len = word_end(s, len + 1, end); /* nor from its unit */
	} else
		len = best[3] ? best[3] : utf8_decode(s, &cp);
	if (len < end && *next != len) {
		*next = len;
		while (s[*next] == ' ')
			(*next)++;
	}
	return len;
}

/* head characters of s, the ellipsis and tail characters, into out. */
static size_t
middle(const char *s, const size_t *b, size_t nc, size_t head, size_t tail,
       char *out, size_t n)
{
	size_t hl = b[head], tl = b[nc] - b[nc - tail];

	if (hl + sizeof(ELLIPSIS) + tl > n)
		return 0;
	memcpy(out, s, hl);
	memcpy(out + hl, ELLIPSIS, sizeof(ELLIPSIS) - 1);
	memcpy(out + hl + sizeof(ELLIPSIS) - 1, s + b[nc - tail], tl);
	out[hl + sizeof(ELLIPSIS) - 1 + tl] = '\0';
	return hl + sizeof(ELLIPSIS) - 1 + tl;
}

/*
 * The characters of the longest tail of whole path components of s (from
 * a '/') that fits width with four characters of head; 0: none does.
 */
static size_t
tail_components(const struct pdf_measure *m, const char *s, const size_t *b,
		size_t nc, double width, char *out, size_t n)
{
	size_t k, want = 0, len;

	for (k = nc; k > 1; k--) {
		if (s[b[k - 1]] != '/')
			continue;
		if (nc - (k - 1) + 4 >= nc ||
		    !(len = middle(s, b, nc, 4, nc - (k - 1), out, n)) ||
		    measure(m, out, len) > width)
			break;
		want = nc - (k - 1);
	}
	return want;
}

/* Grow the kept head and tail while the shortened name fits. */
static void
fit_grow(const struct pdf_measure *m, const char *s, const size_t *b, size_t nc,
	 double width, size_t keep[2], char *out, size_t n)
{
	size_t want = tail_components(m, s, b, nc, width, out, n), len;
	int side, stuck[2] = { 0, 0 };

	/*
	 * A path keeps as many whole components at its end as fit with
	 * some head, and only the head grows, back to its last '/'.
	 */
	if (want) {
		keep[1] = want;
		stuck[1] = 1;
	}
	for (side = 0; !stuck[0] || !stuck[1]; side = !side) {
		size_t try[2] = { keep[0], keep[1] };

		if (stuck[side])
			continue;
		try[side]++;
		if (try[0] + try[1] >= nc ||
		    !(len = middle(s, b, nc, try[0], try[1], out, n)) ||
		    measure(m, out, len) > width) {
			stuck[side] = 1;
			continue;
		}
		keep[0] = try[0];
		keep[1] = try[1];
	}
	/* a stub of a component ("/srv/nfs/ex") is noise; a hash's start is not */
	if (keep[1] == want && want) {
		size_t k = keep[0];

		while (k > 1 && s[b[k - 1]] != '/')
			k--;
		if (k > 1 && keep[0] - k < FIT_STUB_CHARS)
			keep[0] = k;
	}
}

size_t
pdf_fit_middle(const struct pdf_measure *m, const char *s, double width,
	       char *out, size_t n)
{
	size_t b[FIT_MAX_CHARS + 1], nc = 0, off = 0, keep[2] = { 0, 0 };
	size_t len = strlen(s);
	uint32_t cp;

	if (n == 0)
		return 0;
	if (measure(m, s, len) <= width || len + 1 > n) {
		len = len + 1 > n ? n - 1 : len;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--; /* a cut copy ends on a character */
		memcpy(out, s, len);
		out[len] = '\0';
		return len;
	}
	while (s[off] && nc < FIT_MAX_CHARS) {
		b[nc++] = off;
		off += utf8_decode(s + off, &cp);
	}
	b[nc] = off;
	fit_grow(m, s, b, nc, width, keep, out, n);
	return middle(s, b, nc, keep[0], keep[1], out, n);
}
