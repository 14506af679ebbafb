/*
 * test_archive.c - which names the report archive pruning recognises, and
 * the end of the period each covers: ISO weeks across year boundaries,
 * ranges with and without times, and names it must never touch.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "archive.h"

/* 2026-11-16, the Monday after 2026-W46, as days since 1970-01-01. */
#define D_2026_11_16 20773

static void
test_weeks(void **state)
{
	(void)state;
	assert_int_equal(archive_name_end_day("perfweek-web01-2026-W46.txt"),
			 D_2026_11_16);
	assert_int_equal(archive_name_end_day("perfweek-web01-2026-W46.pdf"),
			 D_2026_11_16);
	assert_int_equal(archive_name_end_day("perfweek-a-b-2026-W46.json"),
			 D_2026_11_16);
	/* 2026-W01 starts Monday 2025-12-29 and ends 2026-01-05. */
	assert_int_equal(archive_name_end_day("perfweek-h-2026-W01.txt"),
			 D_2026_11_16 - 45 * 7);
	/* 2020-W53 (a long year) ends Monday 2021-01-04. */
	assert_int_equal(archive_name_end_day("perfweek-h-2020-W53.txt"),
			 18631);
}

static void
test_ranges(void **state)
{
	(void)state;
	assert_int_equal(archive_name_end_day(
				 "perfweek-web01-2026-11-01_to_2026-11-15.txt"),
			 D_2026_11_16);
	assert_int_equal(
		archive_name_end_day(
			"perfweek-web01-2026-11-15_08:00_to_2026-11-15_20:00.json"),
		D_2026_11_16);
}

static void
test_not_reports(void **state)
{
	static const char *const names[] = {
		"perfweek-web01-2026-W46.txt.bak",
		"perfweek.db",
		"notes-2026-W46.txt",
		"perfweek--2026-W46.txt",
		"perfweek-web01-2026-W60.txt",
		"perfweek-web01-2026-W46.html",
		".perfweek-web01-2026-W46.txt.a1b2c3",
		"perfweek-2026-W46.txt",
		"perfweek-h-2026-11-01_to_2026-13-15.txt",
		"perfweek-h-2026-11-01_to_.txt",
		"perfweek-h-x_to_2026-11-15.txt",
		"perfweek-web01-2026-W46",
		"perfweek-web01-1969-W01.txt",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (archive_name_end_day(names[i]) != -1)
			fail_msg("'%s' taken for a report", names[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weeks),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_not_reports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
