/*
 * test_proc_parse.c - unit tests of the proc_parse scanners: strict
 * numbers, line and token walking, and the two table parsers.
 *
 * Each test feeds a small buffer and checks the exact value, where the
 * cursor ended, and that a failure leaves cursor and value untouched.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "log.h"
#include "proc_parse.h"

#define assert_near(got, want) do {					\
	double got_ = (got), want_ = (want);				\
	if (fabs(got_ - want_) > 1e-9 * (fabs(want_) + 1.0))		\
		fail_msg("%s is %.6f, expected %.6f", #got, got_, want_); \
} while (0)

static void
test_scan_u64(void **state)
{
	static const char *const bad[] = {
		"", "-1", "+1", "0x10", "12kB", "1.5", "18446744073709551616",
		"\n5",
	};
	const char *p;
	uint64_t v;
	size_t i;

	(void)state;
	p = " \t18446744073709551615 kB";
	assert_int_equal(proc_scan_u64(&p, &v), PW_OK);
	assert_true(v == UINT64_MAX);
	assert_string_equal(p, " kB");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = bad[i];
		v = 7;
		assert_int_equal(proc_scan_u64(&p, &v), PW_EPARSE);
		assert_ptr_equal(p, bad[i]);
		assert_int_equal(v, 7);
	}
}

static void
test_scan_decimal(void **state)
{
	static const char *const bad[] = { "", ".5", "1.", "1,5", "nan",
	    "1e3", "-0.5" };
	const char *p;
	double d;
	size_t i;

	(void)state;
	p = "350735.47 234388.90";
	assert_int_equal(proc_scan_decimal(&p, &d), PW_OK);
	assert_near(d, 350735.47);
	assert_int_equal(proc_scan_decimal(&p, &d), PW_OK);
	assert_near(d, 234388.90);
	assert_true(proc_at_eol(p));
	p = "0.1234567890123456789999";	/* digits past 18 are dropped */
	assert_int_equal(proc_scan_decimal(&p, &d), PW_OK);
	assert_near(d, 0.123456789012345678);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = bad[i];
		assert_int_equal(proc_scan_decimal(&p, &d), PW_EPARSE);
		assert_ptr_equal(p, bad[i]);
	}
}

static void
test_lines(void **state)
{
	const char *text = "cpu0 1\ncpu  2 3\n  intr 4\nlast 5";
	const char *p;
	uint64_t v;

	(void)state;
	p = proc_line_find(text, "cpu");
	assert_non_null(p);
	assert_int_equal(proc_scan_u64(&p, &v), PW_OK);
	assert_int_equal(v, 2);
	p = proc_line_find(text, "intr");	/* leading blanks skipped */
	assert_int_equal(proc_scan_u64(&p, &v), PW_OK);
	assert_int_equal(v, 4);
	p = proc_line_find(text, "last");	/* no trailing newline */
	assert_int_equal(proc_scan_u64(&p, &v), PW_OK);
	assert_int_equal(v, 5);
	assert_null(proc_line_find(text, "cp"));
	assert_null(proc_line_find(text, "1"));
	/* A number is never taken from the next line. */
	p = proc_line_find("a\nb 1\n", "a");
	assert_int_equal(proc_scan_u64(&p, &v), PW_EPARSE);
	assert_null(proc_line_next("one line\n"));
	assert_string_equal(proc_line_next("a\nb"), "b");
}

static void
test_keys_and_pairs(void **state)
{
	struct proc_key keys[2] = { { "b:", 0, 0 }, { "zz", 0, 0 } };
	struct proc_key cols[2] = { { "Y", 0, 0 }, { "Q", 0, 0 } };

	(void)state;
	assert_int_equal(proc_keys_parse("t", "a: x\nb:   9 kB\nb: 8\n", keys,
	    2), PW_OK);
	assert_int_equal(keys[0].found, 1);
	assert_int_equal(keys[0].value, 9);
	assert_int_equal(keys[1].found, 0);
	keys[0].found = 0;
	assert_int_equal(proc_keys_parse("t", "b: -9\n", keys, 2), PW_EPARSE);

	assert_int_equal(proc_pairs_parse("t", "P: X Y Z\nP: -1 42 x\n", "P:",
	    cols, 2), PW_OK);
	assert_int_equal(cols[0].found, 1);
	assert_int_equal(cols[0].value, 42);
	assert_int_equal(cols[1].found, 0);
	cols[0].found = 0;
	assert_int_equal(proc_pairs_parse("t", "P: X Y\nP: 1 2 3\n", "P:",
	    cols, 2), PW_EPARSE);
	cols[0].found = 0;
	assert_int_equal(proc_pairs_parse("t", "P: X Y\nQ: 1 2\n", "P:",
	    cols, 2), PW_EPARSE);
	assert_int_equal(proc_pairs_parse("t", "", "P:", cols, 2), PW_EPARSE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_u64),
		cmocka_unit_test(test_scan_decimal),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_keys_and_pairs),
	};

	/* The failing cases log errors on purpose: on stderr, not syslog. */
	log_init("test_proc_parse", LOG_LVL_ERR, LOG_DEST_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
