/*
 * test_wrap.c - the PDF's line breaks and shortened names (pdf_wrap.c)
 * over a measure of one point per character: every line of a wrapped
 * string as it comes out, and the shortened form of long names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "pdf_int.h"
#include "utf8.h"

/* One point per character (not per byte). */
static double
per_char(const struct pdf_measure *m, const char *s, size_t len)
{
	size_t i, n = 0;

	(void)m;
	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return (double)n;
}

static const struct pdf_measure M = { per_char, NULL, NULL, PDF_REGULAR, 1 };

/* The lines of s in width, joined by '|'. */
static const char *
lines(const char *s, double width)
{
	static char out[1024];
	size_t off = 0, o = 0, next, len;

	out[0] = '\0';
	while (s[off]) {
		len = pdf_break(&M, s + off, width, &next);
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%.*s",
				      o ? "|" : "", (int)len, s + off);
		if (!next)
			break;
		off += next;
	}
	return out;
}

static void
test_spaces(void **state)
{
	(void)state;
	assert_string_equal(lines("the quick brown fox", 10),
			    "the quick|brown fox");
	assert_string_equal(lines("short", 10), "short");
	assert_string_equal(lines("two\nlines", 40), "two|lines");
}

/* "descriptive-name" in 12: at the hyphen, never "descripti/ve-name". */
static void
test_word_never_split(void **state)
{
	(void)state;
	assert_string_equal(lines("a descriptive-name here", 12),
			    "a|descriptive-|name here");
	assert_string_equal(lines("a descriptive here", 12),
			    "a|descriptive|here");
	/* one word wider than the line, no break in it: cut */
	assert_string_equal(lines("abcdefghijklmnop", 6), "abcdef|ghijkl|mnop");
}

static void
test_paths(void **state)
{
	(void)state;
	assert_string_equal(lines("/srv/nfs/exports/projects/data", 18),
			    "/srv/nfs/exports/|projects/data");
	/* a unit's slash is not a path's */
	assert_string_equal(lines("rate 12.5 GiB/s x", 9), "rate|12.5 GiB/s|x");
}

static void
test_numbers_and_units(void **state)
{
	(void)state;
	assert_string_equal(lines("97.173 %", 6), "97.173 %");
	assert_string_equal(lines("avail 97.173 %", 9), "avail|97.173 %");
	assert_string_equal(lines("took 85 ms then", 8), "took|85 ms|then");
	assert_string_equal(lines("1234567.25", 4), "1234567.25");
}

static const char *
fit(const char *s, double width)
{
	static char out[512];

	pdf_fit_middle(&M, s, width, out, sizeof(out));
	return out;
}

static void
test_fit_middle(void **state)
{
	(void)state;
	assert_string_equal(fit("/srv/nfs", 20), "/srv/nfs");
	/* the last component kept whole */
	assert_string_equal(fit("/srv/nfs/exports/projects/project-data", 26),
			    "/srv/nfs/\xe2\x80\xa6/project-data");
	assert_string_equal(fit("abcdefghijklmnopqrstuvwxyz", 9),
			    "abcd\xe2\x80\xa6wxyz");
	/* characters, not bytes: Chinese keeps whole characters */
	assert_string_equal(fit("数据仓库数据仓库数据", 5),
			    "数据\xe2\x80\xa6数据");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spaces),
		cmocka_unit_test(test_word_never_split),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_numbers_and_units),
		cmocka_unit_test(test_fit_middle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
