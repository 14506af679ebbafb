/*
 * test_bidi.c - pdf_bidi.c: a left-to-right line is left alone, Hebrew is
 * reversed for display, an Arabic line with a host name in it reads right
 * to left with the host name left to right, Arabic letters become their
 * joined presentation forms (noted for the ToUnicode map), lam-alef is
 * one ligature, and brackets in a right-to-left run are mirrored.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"
#include "utf8.h"

/* s decoded into cps; the count. */
static size_t
decode(const char *s, uint32_t *cps)
{
	size_t n = 0;

	while (*s)
		s += utf8_decode(s, &cps[n++]);
	return n;
}

static void
test_ltr_alone(void **state)
{
	uint32_t cps[64];
	size_t n = decode("host-01 é Ω", cps);
	uint32_t want[64];

	(void)state;
	memcpy(want, cps, sizeof(cps));
	assert_int_equal(pdf_bidi_visual(cps, n, NULL), n);
	assert_memory_equal(cps, want, n * sizeof(*cps));
}

static void
test_hebrew_reversed(void **state)
{
	uint32_t cps[64];
	size_t n = decode("\xd7\xa9\xd7\xa8\xd7\xaa", cps); /* shin resh tav */

	(void)state;
	assert_int_equal(pdf_bidi_visual(cps, n, NULL), 3);
	assert_int_equal(cps[0], 0x05EA);
	assert_int_equal(cps[1], 0x05E8);
	assert_int_equal(cps[2], 0x05E9);
}

/*
 * "الخادم db01 بطيء": drawn left to right as the last Arabic word, the
 * host name, then the first Arabic word at the right edge.
 */
static void
test_arabic_with_host(void **state)
{
	static struct pdf_unshape u;
	uint32_t cps[64];
	size_t n = decode(
		"\xd8\xa7\xd9\x84\xd8\xae\xd8\xa7\xd8\xaf\xd9\x85 db01 "
		"\xd8\xa8\xd8\xb7\xd9\x8a\xd8\xa1",
		cps);
	size_t m, i;

	(void)state;
	memset(&u, 0, sizeof(u));
	m = pdf_bidi_visual(cps, n, &u);
	/* الخادم: alef lam (no ligature: lam-khah), 6 letters; all shaped */
	assert_int_equal(m, n);
	/* the host name in the middle, left to right */
	for (i = 0; i + 4 <= m; i++)
		if (cps[i] == 'd')
			break;
	assert_true(i + 4 <= m);
	assert_int_equal(cps[i + 1], 'b');
	assert_int_equal(cps[i + 2], '0');
	assert_int_equal(cps[i + 3], '1');
	/* the rightmost glyph is the first letter, alef (isolated form) */
	assert_int_equal(cps[m - 1], 0xFE8D);
	assert_int_equal(u.base[0xFE8D - PDF_PRES_FIRST][0], 0x0627);
	/* beh at the start of a word: initial form U+FE91 */
	for (i = 0; i < m && cps[i] != 0xFE91; i++)
		;
	assert_true(i < m);
	assert_int_equal(u.base[0xFE91 - PDF_PRES_FIRST][0], 0x0628);
	/* nothing left in the Arabic block: every letter shaped */
	for (i = 0; i < m; i++)
		assert_false(cps[i] >= 0x0627 && cps[i] <= 0x064A &&
			     cps[i] != 0x0621);
}

/*
 * "بلا" (beh, lam, alef): lam-alef is one ligature glyph, which maps
 * back to both letters; the beh before it to the beh alone.
 */
static void
test_lam_alef(void **state)
{
	static struct pdf_unshape u;
	uint32_t cps[8];
	size_t n = decode("\xd8\xa8\xd9\x84\xd8\xa7", cps);

	(void)state;
	memset(&u, 0, sizeof(u));
	assert_int_equal(pdf_bidi_visual(cps, n, &u), 2);
	assert_int_equal(cps[0], 0xFEFC); /* final lam-alef, left */
	assert_int_equal(cps[1], 0xFE91); /* initial beh, right */
	assert_int_equal(u.base[0xFE91 - PDF_PRES_FIRST][0], 0x0628);
	assert_int_equal(u.base[0xFE91 - PDF_PRES_FIRST][1], 0);
	assert_int_equal(u.base[0xFEFC - PDF_PRES_FIRST][0], 0x0644);
	assert_int_equal(u.base[0xFEFC - PDF_PRES_FIRST][1], 0x0627);
	memset(&u, 0, sizeof(u));
	n = decode("\xd9\x84\xd8\xa7", cps);
	assert_int_equal(pdf_bidi_visual(cps, n, &u), 1);
	assert_int_equal(cps[0], 0xFEFB);
	assert_int_equal(u.base[0xFEFB - PDF_PRES_FIRST][0], 0x0644);
	assert_int_equal(u.base[0xFEFB - PDF_PRES_FIRST][1], 0x0627);
}

/* "(שרת)": right to left, the brackets mirrored so they still enclose. */
static void
test_mirrored(void **state)
{
	uint32_t cps[16];
	size_t n = decode("(\xd7\xa9\xd7\xa8\xd7\xaa)", cps);

	(void)state;
	assert_int_equal(pdf_bidi_visual(cps, n, NULL), 5);
	assert_int_equal(cps[0], '(');
	assert_int_equal(cps[1], 0x05EA);
	assert_int_equal(cps[3], 0x05E9);
	assert_int_equal(cps[4], ')');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ltr_alone),
		cmocka_unit_test(test_hebrew_reversed),
		cmocka_unit_test(test_arabic_with_host),
		cmocka_unit_test(test_lam_alef),
		cmocka_unit_test(test_mirrored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
