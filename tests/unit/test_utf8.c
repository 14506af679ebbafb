/*
 * test_utf8.c - common/utf8.c: strict decoding (overlong forms,
 * surrogates, cut sequences), display widths (CJK and fullwidth two
 * columns, combining marks and format characters none, halfwidth kana
 * one), fitting to columns with an ellipsis that never cuts a character
 * or strips a mark from its letter, and both kinds of cleaning.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

static void
check_decode(const char *s, uint32_t want, size_t want_len)
{
	uint32_t cp = 0;

	assert_int_equal(utf8_decode(s, &cp), want_len);
	assert_int_equal(cp, want);
}

static void
test_decode(void **state)
{
	char out[4];

	(void)state;
	check_decode("", 0, 0);
	check_decode("a", 'a', 1);
	check_decode("\xc3\xa9", 0xE9, 2);
	check_decode("\xe6\xbc\xa2", 0x6F22, 3);
	check_decode("\xf0\x9f\x9a\x80", 0x1F680, 4);
	check_decode("\xc0\x80", UTF8_REPLACEMENT, 1);         /* overlong */
	check_decode("\xe0\x80\x80", UTF8_REPLACEMENT, 3);     /* overlong */
	check_decode("\xed\xa0\x80", UTF8_REPLACEMENT, 3);     /* surrogate */
	check_decode("\xf4\x90\x80\x80", UTF8_REPLACEMENT, 4); /* > 10FFFF */
	check_decode("\xf5\x80", UTF8_REPLACEMENT, 1);
	check_decode("\xe6\xbcx", UTF8_REPLACEMENT, 2); /* cut short */
	check_decode("\x80", UTF8_REPLACEMENT, 1);
	assert_int_equal(utf8_encode(0x1F680, out), 4);
	assert_memory_equal(out, "\xf0\x9f\x9a\x80", 4);
	assert_int_equal(utf8_encode(0xE9, out), 2);
	assert_memory_equal(out, "\xc3\xa9", 2);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_cp_width('a'), 1);
	assert_int_equal(utf8_cp_width(0x1B), 0);
	assert_int_equal(utf8_cp_width(0x6F22), 2);  /* 漢 */
	assert_int_equal(utf8_cp_width(0xAC00), 2);  /* 가 */
	assert_int_equal(utf8_cp_width(0xFF21), 2);  /* fullwidth A */
	assert_int_equal(utf8_cp_width(0xFF71), 1);  /* halfwidth kana */
	assert_int_equal(utf8_cp_width(0x0301), 0);  /* combining acute */
	assert_int_equal(utf8_cp_width(0x200B), 0);  /* zero width space */
	assert_int_equal(utf8_cp_width(0x1F680), 2); /* rocket */
	assert_int_equal(utf8_cp_width(0x20000), 2); /* CJK extension B */
	assert_int_equal(utf8_cp_width(0x00E9), 1);
	assert_int_equal(utf8_width("caf\xc3\xa9 e\xcc\x81"), 6);
	assert_int_equal(utf8_width("\xe6\xbc\xa2\xe5\xad\x97 ok"), 7);
	assert_int_equal(utf8_width("\xf0\x9f\x9a\x80!"), 3);
	assert_int_equal(utf8_width("a\xff"), 2); /* U+FFFD: one column */
	assert_int_equal(utf8_width_n("\xe6\xbc\xa2\xe5\xad\x97", 3), 2);
}

/* utf8_fit(s, cols, pad) must give want. */
static void
check_fit(const char *s, size_t cols, int pad, const char *want)
{
	struct buf b;

	buf_init(&b, 1024);
	assert_int_equal(utf8_fit(&b, s, cols, pad), PW_OK);
	assert_string_equal(b.data, want);
	buf_free(&b);
}

static void
test_fit(void **state)
{
	/* 漢字テスト: five characters, ten columns */
	const char *cjk = "\xe6\xbc\xa2\xe5\xad\x97\xe3\x83\x86\xe3\x82\xb9"
			  "\xe3\x83\x88";

	(void)state;
	check_fit("abc", 5, 1, "abc  ");
	check_fit("abc", 5, 0, "abc");
	check_fit("abcdef", 6, 1, "abcdef");
	check_fit("abcdef", 3, 1, "ab\xe2\x80\xa6");
	check_fit(cjk, 10, 1, cjk);
	/* 漢字 and "…" are five columns: a space pads to six */
	check_fit(cjk, 6, 1, "\xe6\xbc\xa2\xe5\xad\x97\xe2\x80\xa6 ");
	check_fit(cjk, 6, 0, "\xe6\xbc\xa2\xe5\xad\x97\xe2\x80\xa6");
	check_fit(cjk, 7, 1,
		  "\xe6\xbc\xa2\xe5\xad\x97\xe3\x83\x86\xe2\x80\xa6");
	/* a combining mark stays with its letter */
	check_fit("e\xcc\x81"
		  "e\xcc\x81"
		  "e\xcc\x81",
		  2, 1, "e\xcc\x81\xe2\x80\xa6");
	check_fit("\xf0\x9f\x9a\x80\xf0\x9f\x9a\x80", 3, 1,
		  "\xf0\x9f\x9a\x80\xe2\x80\xa6");
	check_fit("abc", 0, 1, "");
	check_fit("", 3, 1, "   ");
}

static void
check_clean(const char *s, enum utf8_clean how, const char *want)
{
	char *got = utf8_clean(s, how);

	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(utf8_is_clean(s, how), strcmp(s, want) == 0);
	assert_true(utf8_is_clean(got, how));
	free(got);
}

static void
test_clean(void **state)
{
	/* U+2028, tab, ESC, an invalid byte, U+202E, newline, C1 NEL */
	const char *dirty = "a\xe2\x80\xa8"
			    "b\tc\x1b"
			    "d\xff"
			    "e\xe2\x80\xae"
			    "f\ng\xc2\x85h";

	(void)state;
	check_clean(dirty, UTF8_FOR_DISPLAY,
		    "a b c d\xef\xbf\xbd"
		    "e f g h");
	check_clean(dirty, UTF8_FIX_INVALID,
		    "a\xe2\x80\xa8"
		    "b\tc\x1b"
		    "d\xef\xbf\xbd"
		    "e\xe2\x80\xae"
		    "f\ng\xc2\x85h");
	check_clean("caf\xc3\xa9 \xe6\xbc\xa2 \xef\xbf\xbd", UTF8_FOR_DISPLAY,
		    "caf\xc3\xa9 \xe6\xbc\xa2 \xef\xbf\xbd");
	check_clean("\xe6\xbc", UTF8_FIX_INVALID, "\xef\xbf\xbd");
	check_clean("\xe2\x81\xa6x\xe2\x81\xa9\xe2\x80\x8f\xd8\x9c",
		    UTF8_FOR_DISPLAY, " x   ");
	check_clean("", UTF8_FOR_DISPLAY, "");
	assert_true(utf8_is_unsafe(0x2029));
	assert_false(utf8_is_unsafe(0x200B));
	assert_false(utf8_is_unsafe(0xFFFD));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_clean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
