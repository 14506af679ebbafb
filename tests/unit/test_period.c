/*
 * test_period.c - report periods: ISO weeks, ranges, previous periods.
 *
 * Every epoch constant below was computed on a Debian 12 host with tzdata
 * 2025b by GNU date, e.g. date -d 'TZ="Europe/Berlin" 2026-03-23 00:00' +%s,
 * and pasted here; the ISO weeks were checked with date +%G-W%V.  Note the
 * 2026 DST weeks: Berlin springs forward on Sun 29 March (W13, 167 h) and
 * falls back on Sun 25 October (W43, 169 h); New York on Sun 8 March (W10,
 * 167 h) and Sun 1 November (W44, 169 h).  Zone names and local time are
 * in test_period_tz.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "period.h"

#define BERLIN "Europe/Berlin"
#define NY     "America/New_York"

struct week_case {
	const char *tz;
	int year, week;
	int64_t start, end;
	int hours;
};

static const struct week_case week_cases[] = {
	{ BERLIN, 2026, 13, 1774220400, 1774821600, 167 },
	{ BERLIN, 2026, 43, 1792360800, 1792969200, 169 },
	{ BERLIN, 2026, 44, 1792969200, 1793574000, 168 },
	{ BERLIN, 2026, 47, 1794783600, 1795388400, 168 },
	{ BERLIN, 2025, 1, 1735513200, 1736118000, 168 },
	{ BERLIN, 2026, 53, 1798412400, 1799017200, 168 },
	{ BERLIN, 2020, 53, 1609110000, 1609714800, 168 },
	{ BERLIN, 2026, 1, 1766962800, 1767567600, 168 },
	{ NY, 2026, 10, 1772427600, 1773028800, 167 },
	{ NY, 2026, 11, 1773028800, 1773633600, 168 },
	{ NY, 2026, 44, 1792987200, 1793595600, 169 },
	{ NY, 2026, 45, 1793595600, 1794200400, 168 },
	{ "UTC", 2026, 13, 1774224000, 1774828800, 168 },
	{ "UTC", 2026, 43, 1792368000, 1792972800, 168 },
	{ "Asia/Tokyo", 2026, 47, 1794754800, 1795359600, 168 },
	/* a 30-minute DST change: 168.5 hours, rounded down */
	{ "Australia/Lord_Howe", 2026, 14, 1774789200, 1775395800, 168 },
};

static void
test_week_boundaries(void **state)
{
	struct period p;
	char label[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(week_cases) / sizeof(week_cases[0]); i++) {
		const struct week_case *c = &week_cases[i];

		assert_int_equal(period_week(c->year, c->week, c->tz, &p),
				 PW_OK);
		assert_int_equal(p.start, c->start);
		assert_int_equal(p.end, c->end);
		assert_int_equal(p.hours, c->hours);
		assert_int_equal(p.iso_year, c->year);
		assert_int_equal(p.iso_week, c->week);
		snprintf(label, sizeof(label), "%d-W%02d", c->year, c->week);
		assert_string_equal(p.label, label);
		assert_string_equal(p.tz, c->tz);
	}
}

struct iso_case {
	int64_t t; /* noon UTC of the date, or as noted */
	const char *tz;
	int year, week;
};

static const struct iso_case iso_cases[] = {
	{ 1735560000, "UTC", 2025, 1 },  /* Mon 2024-12-30 */
	{ 1735473600, "UTC", 2024, 52 }, /* Sun 2024-12-29 */
	{ 1798804800, "UTC", 2026, 53 }, /* Fri 2027-01-01 */
	{ 1798977600, "UTC", 2026, 53 }, /* Sun 2027-01-03 */
	{ 1799064000, "UTC", 2027, 1 },  /* Mon 2027-01-04 */
	{ 1609675200, "UTC", 2020, 53 }, /* Sun 2021-01-03 */
	{ 1609761600, "UTC", 2021, 1 },  /* Mon 2021-01-04 */
	{ 1609416000, "UTC", 2020, 53 }, /* Thu 2020-12-31 */
	{ 1767009600, "UTC", 2026, 1 },  /* Mon 2025-12-29 */
	{ 1230552000, "UTC", 2009, 1 },  /* Mon 2008-12-29 */
	{ 1262520000, "UTC", 2009, 53 }, /* Sun 2010-01-03 */
	{ 1451822400, "UTC", 2015, 53 }, /* Sun 2016-01-03 */
	{ 1988107200, "UTC", 2032, 53 }, /* Fri 2032-12-31 */
	/* 2024-12-29 23:30 UTC is already Monday 00:30 in Berlin */
	{ 1735515000, "UTC", 2024, 52 },
	{ 1735515000, BERLIN, 2025, 1 },
	/* Sunday 15:30 UTC is Monday 00:30 in Tokyo */
	{ 1795361400, "UTC", 2026, 47 },
	{ 1795361400, "Asia/Tokyo", 2026, 48 },
};

static void
test_iso_week_of(void **state)
{
	size_t i;
	int y, w;

	(void)state;
	for (i = 0; i < sizeof(iso_cases) / sizeof(iso_cases[0]); i++) {
		y = w = -1;
		assert_int_equal(period_iso_week_of(iso_cases[i].t,
						    iso_cases[i].tz, &y, &w),
				 PW_OK);
		assert_int_equal(y, iso_cases[i].year);
		assert_int_equal(w, iso_cases[i].week);
	}
}

static void
test_parse_week(void **state)
{
	static const char *bad[] = {
		"2026-W54",  "2025-W53",  "2026-W00",  "2021-W53",  "2026W47",
		"2026-w47 ", "2026-w47",  "2026-W47 ", " 2026-W47", "2026-W47x",
		"2026-W4",   "2026-W047", "2026-W4a",  "abcd-W01",  "+026-W47",
		"1969-W01",  "2026-47",   "2026-Www",  "",          "2026-W-1",
	};
	size_t i;
	int y = -7, w = -7;

	(void)state;
	assert_int_equal(period_parse_week("2026-W47", &y, &w), PW_OK);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 47);
	assert_int_equal(period_parse_week("2020-W53", &y, &w), PW_OK);
	assert_int_equal(y, 2020);
	assert_int_equal(w, 53);
	assert_int_equal(period_parse_week("2026-W53", &y, &w), PW_OK);
	assert_int_equal(period_parse_week("2032-W53", &y, &w), PW_OK);
	assert_int_equal(period_parse_week("2015-W53", &y, &w), PW_OK);
	assert_int_equal(period_parse_week("2025-W01", &y, &w), PW_OK);
	assert_int_equal(y, 2025);
	assert_int_equal(w, 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		y = w = -7;
		assert_int_equal(period_parse_week(bad[i], &y, &w), PW_ECONFIG);
		assert_int_equal(y, -7); /* untouched on failure */
		assert_int_equal(w, -7);
	}
}

static void
test_week_errors(void **state)
{
	struct period p;

	(void)state;
	memset(&p, 0x5a, sizeof(p));
	assert_int_equal(period_week(2025, 53, BERLIN, &p), PW_ECONFIG);
	assert_int_equal(period_week(2026, 0, BERLIN, &p), PW_ECONFIG);
	assert_int_equal(period_week(2026, 54, BERLIN, &p), PW_ECONFIG);
	assert_int_equal(period_week(1969, 10, BERLIN, &p), PW_ECONFIG);
	assert_int_equal(period_week(10000, 10, BERLIN, &p), PW_ECONFIG);
	assert_int_equal(p.start, 0x5a5a5a5a5a5a5a5a);
}

struct last_case {
	int64_t now;
	const char *tz;
	int year, week;
	int64_t start, end;
};

static const struct last_case last_cases[] = {
	/* Monday 2026-11-23 00:00 exactly, Sunday 23:59, Monday 06:00 */
	{ 1795388400, BERLIN, 2026, 47, 1794783600, 1795388400 },
	{ 1795388400 - 60, BERLIN, 2026, 46, 1794178800, 1794783600 },
	{ 1795388400 - 1, BERLIN, 2026, 46, 1794178800, 1794783600 },
	{ 1795388400 + 6 * 3600, BERLIN, 2026, 47, 1794783600, 1795388400 },
	/* the same instants seen from UTC, one hour later */
	{ 1795388400 + 1800, "UTC", 2026, 46, 1794182400, 1794787200 },
	/* across the year end and a DST week */
	{ 1799017200 + 6 * 3600, BERLIN, 2026, 53, 1798412400, 1799017200 },
	{ 1767567600, BERLIN, 2026, 1, 1766962800, 1767567600 },
	{ 1774821600 + 3600, BERLIN, 2026, 13, 1774220400, 1774821600 },
	{ 1795361400, "Asia/Tokyo", 2026, 47, 1794754800, 1795359600 },
};

static void
test_last_week(void **state)
{
	struct period p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(last_cases) / sizeof(last_cases[0]); i++) {
		const struct last_case *c = &last_cases[i];

		assert_int_equal(period_last_week(c->now, c->tz, &p), PW_OK);
		assert_int_equal(p.iso_year, c->year);
		assert_int_equal(p.iso_week, c->week);
		assert_int_equal(p.start, c->start);
		assert_int_equal(p.end, c->end);
		assert_true(p.end <= c->now);
	}
}

static void
test_previous_week(void **state)
{
	struct period p, q;

	(void)state;
	/* across spring forward: W14 has 168 h, W13 167 h */
	assert_int_equal(period_week(2026, 14, BERLIN, &p), PW_OK);
	assert_int_equal(p.hours, 168);
	assert_int_equal(period_previous(&p, 1, &q), PW_OK);
	assert_string_equal(q.label, "2026-W13");
	assert_int_equal(q.start, 1774220400);
	assert_int_equal(q.end, 1774821600);
	assert_int_equal(q.hours, 167);
	assert_string_equal(q.tz, BERLIN);

	/* four weeks back from W47 lands on the 169-hour W43 */
	assert_int_equal(period_week(2026, 47, BERLIN, &p), PW_OK);
	assert_int_equal(period_previous(&p, 4, &q), PW_OK);
	assert_int_equal(q.iso_week, 43);
	assert_int_equal(q.start, 1792360800);
	assert_int_equal(q.hours, 169);
	assert_int_equal(period_previous(&p, 0, &q), PW_OK);
	assert_int_equal(q.start, p.start);

	/* across year ends: 2027-W01 -> 2026-W53, 2026-W01 -> 2025-W52 */
	assert_int_equal(period_week(2027, 1, BERLIN, &p), PW_OK);
	assert_int_equal(p.start, 1799017200);
	assert_int_equal(period_previous(&p, 1, &q), PW_OK);
	assert_string_equal(q.label, "2026-W53");
	assert_int_equal(q.start, 1798412400);
	assert_int_equal(period_week(2026, 1, BERLIN, &p), PW_OK);
	assert_int_equal(period_previous(&p, 1, &q), PW_OK);
	assert_string_equal(q.label, "2025-W52");
	assert_int_equal(q.start, 1766358000);
	assert_int_equal(q.end, 1766962800);
	assert_int_equal(period_previous(&p, 53, &q), PW_OK);
	assert_string_equal(q.label, "2024-W52"); /* 2025-W01 is 52 back */

	memset(&q, 0, sizeof(q));
	assert_int_equal(period_previous(&p, -1, &q), PW_ERR);
	assert_int_equal(period_previous(&p, 521, &q), PW_ERR);
	assert_int_equal(q.start, 0);
	/* before 1970 there are no weeks */
	assert_int_equal(period_week(1970, 2, "UTC", &p), PW_OK);
	assert_int_equal(p.start, 345600); /* Mon 1970-01-05 */
	assert_int_equal(period_previous(&p, 1, &q), PW_OK);
	assert_int_equal(q.start, -259200); /* 1970-W01 from Mon 1969-12-29 */
	assert_int_equal(period_previous(&p, 2, &q), PW_ECONFIG);
}

/* Dates and times into a range, its label, and its previous range. */
static void
test_range(void **state)
{
	struct period p, q;

	(void)state;
	assert_int_equal(period_range("2026-11-01", "2026-11-08", BERLIN, &p),
			 PW_OK);
	assert_int_equal(p.start, 1793487600);
	assert_int_equal(p.end, 1794092400);
	assert_int_equal(p.hours, 168);
	assert_int_equal(p.iso_year, 0);
	assert_int_equal(p.iso_week, 0);
	assert_string_equal(p.label, "2026-11-01 to 2026-11-08");
	assert_string_equal(p.tz, BERLIN);
	/* previous of a range: the same local dates a week earlier */
	assert_int_equal(period_previous(&p, 1, &q), PW_OK);
	assert_int_equal(q.start, 1792879200);
	assert_int_equal(q.end, 1793487600);
	assert_int_equal(q.hours, 169);
	assert_string_equal(q.label, "2026-10-25 to 2026-11-01");

	assert_int_equal(period_range("2026-11-01T06:30", "2026-11-02T06:30",
				      BERLIN, &p),
			 PW_OK);
	assert_int_equal(p.start, 1793511000);
	assert_int_equal(p.end, 1793597400);
	assert_int_equal(p.hours, 24);
	assert_string_equal(p.label, "2026-11-01 06:30 to 2026-11-02 06:30");
	assert_int_equal(
		period_range("2026-11-01T00:00", "2026-11-02", BERLIN, &p),
		PW_OK);
	assert_string_equal(p.label, "2026-11-01 to 2026-11-02");

	/* leap day, and exactly the longest range */
	assert_int_equal(period_range("2024-02-29", "2024-03-01", "UTC", &p),
			 PW_OK);
	assert_int_equal(p.start, 1709164800);
	assert_int_equal(period_range("2024-01-01", "2025-01-01", "UTC", &p),
			 PW_OK);
	assert_int_equal(p.start, 1704067200);
	assert_int_equal(p.end, 1735689600);
	assert_int_equal(p.hours, 366 * 24);
}

/* Local times that a DST switch skips or repeats. */
static void
test_range_dst(void **state)
{
	struct period p;

	(void)state;
	/* 01:00 to 04:00 on the spring-forward night is two hours */
	assert_int_equal(period_range("2026-03-29T01:00", "2026-03-29T04:00",
				      BERLIN, &p),
			 PW_OK);
	assert_int_equal(p.start, 1774742400);
	assert_int_equal(p.end, 1774749600);
	assert_int_equal(p.hours, 2);
	/* a time in the gap is the end of the gap */
	assert_int_equal(period_range("2026-03-29T02:30", "2026-03-29T04:00",
				      BERLIN, &p),
			 PW_OK);
	assert_int_equal(p.start, 1774746000);
	/* Havana skips midnight: the day starts at 01:00 CDT */
	assert_int_equal(
		period_range("2026-03-08", "2026-03-09", "America/Havana", &p),
		PW_OK);
	assert_int_equal(p.start, 1772946000);
	assert_int_equal(p.end, 1773028800);
	assert_int_equal(p.hours, 23);
	/* a repeated time is its first occurrence (CEST) */
	assert_int_equal(period_range("2026-10-25T02:30", "2026-10-25T03:00",
				      BERLIN, &p),
			 PW_OK);
	assert_int_equal(p.start, 1792888200);
	assert_int_equal(p.end, 1792893600);
	assert_int_equal(p.hours, 1);
}

static void
test_range_errors(void **state)
{
	static const char *bad[] = {
		"2026-02-29",        "2026-13-01",
		"2026-00-10",        "2026-11-00",
		"2026-11-31",        "2026-11-1",
		"2026/11/01",        "2026-11-01 12:00",
		"2026-11-01T12:00Z", "2026-11-01T24:00",
		"2026-11-01T12:60",  "2026-11-01T1:00",
		"2026-11-01T",       "",
		"1969-12-31",        "26-11-01",
		"2026-11-01x",       "2026-11-01T12:00:00",
		"2026-1a-01",
	};
	struct period p;
	size_t i;

	(void)state;
	memset(&p, 0x5a, sizeof(p));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(period_range(bad[i], "2027-01-01", BERLIN, &p),
				 PW_ECONFIG);
		assert_int_equal(period_range("2026-01-01", bad[i], BERLIN, &p),
				 PW_ECONFIG);
	}
	/* from must be before to */
	assert_int_equal(period_range("2026-11-08", "2026-11-01", BERLIN, &p),
			 PW_ECONFIG);
	assert_int_equal(period_range("2026-11-01", "2026-11-01", BERLIN, &p),
			 PW_ECONFIG);
	assert_int_equal(period_range("2026-11-01T10:00", "2026-11-01T09:59",
				      BERLIN, &p),
			 PW_ECONFIG);
	/* both in the spring-forward gap: the same instant, empty */
	assert_int_equal(period_range("2026-03-29T02:00", "2026-03-29T02:30",
				      BERLIN, &p),
			 PW_ECONFIG);
	/* longer than a year */
	assert_int_equal(period_range("2024-01-01", "2025-01-02", "UTC", &p),
			 PW_ECONFIG);
	assert_int_equal(p.start, 0x5a5a5a5a5a5a5a5a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_week_boundaries),
		cmocka_unit_test(test_iso_week_of),
		cmocka_unit_test(test_parse_week),
		cmocka_unit_test(test_week_errors),
		cmocka_unit_test(test_last_week),
		cmocka_unit_test(test_previous_week),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_range_dst),
		cmocka_unit_test(test_range_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
