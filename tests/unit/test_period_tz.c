/*
 * test_period_tz.c - time zones and local time: zone names, the default
 * zone from TZ, the offset table and the local hour, weekday and text of
 * an instant around DST switches.
 *
 * Every epoch constant below was computed on a Debian 12 host with tzdata
 * 2025b by GNU date, e.g. date -d 'TZ="Europe/Berlin" 2026-03-29 03:00' +%s,
 * and pasted here.  Berlin springs forward on Sun 29 March 2026 (W13) and
 * falls back on Sun 25 October (W43); New York on Sun 8 March (W10) and
 * Sun 1 November (W44).  The local-time helpers are also checked against
 * glibc's localtime_r() under TZ for every quarter hour of a DST week.
 * Weeks and ranges are in test_period.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "period.h"

#define BERLIN "Europe/Berlin"
#define NY     "America/New_York"

/* save_tz: a copy of TZ for restore_tz(), or NULL when it is unset. */
static char *
save_tz(void)
{
	const char *tz = getenv("TZ");

	return tz ? strdup(tz) : NULL;
}

/* restore_tz: TZ as save_tz() found it; frees COPY. */
static void
restore_tz(char *copy)
{
	if (copy)
		assert_int_equal(setenv("TZ", copy, 1), 0);
	else
		assert_int_equal(unsetenv("TZ"), 0);
	tzset();
	free(copy);
}

static void
test_unknown_zone(void **state)
{
	static const char *bad[] = {
		"Mars/Olympus",
		"Europe/Berln",
		"europe/berlin",
		"../etc/passwd",
		"/etc/localtime",
		"zone.tab",
		"Europe",
		"right/UTC",
		"Europe/Berlin ",
		"CET-1CEST,M3.5.0,M10.5.0/3",
		":Europe/Berlin",
		"Europe/Berlin/../Berlin",
		"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	struct period p;
	struct period_tz z;
	size_t i;
	int y = 0, w = 0;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(period_week(2026, 47, bad[i], &p), PW_ECONFIG);
		assert_int_equal(period_last_week(1795388400, bad[i], &p),
				 PW_ECONFIG);
		assert_int_equal(
			period_range("2026-11-01", "2026-11-08", bad[i], &p),
			PW_ECONFIG);
		assert_int_equal(period_iso_week_of(1795388400, bad[i], &y, &w),
				 PW_ECONFIG);
		assert_int_equal(period_tz_open(bad[i], 0, 86400, &z),
				 PW_ECONFIG);
	}
	/* names with + and - exist too */
	assert_int_equal(period_week(2026, 47, "Etc/GMT+5", &p), PW_OK);
	assert_int_equal(p.start, 1794783600 + 6 * 3600);
}

/* TZ is left exactly as it was; NULL and "" mean the zone TZ names. */
static void
test_default_zone(void **state)
{
	struct period p;
	char *copy = save_tz();

	(void)state;
	assert_int_equal(setenv("TZ", "Asia/Tokyo", 1), 0);
	assert_int_equal(period_week(2026, 47, NULL, &p), PW_OK);
	assert_string_equal(p.tz, "Asia/Tokyo");
	assert_int_equal(p.start, 1794754800);
	assert_string_equal(getenv("TZ"), "Asia/Tokyo");

	assert_int_equal(setenv("TZ", ":" BERLIN, 1), 0);
	assert_int_equal(period_week(2026, 47, "", &p), PW_OK);
	assert_string_equal(p.tz, BERLIN);
	assert_int_equal(p.start, 1794783600);
	assert_int_equal(period_week(2026, 47, NY, &p), PW_OK);
	assert_string_equal(getenv("TZ"), ":" BERLIN);

	assert_int_equal(setenv("TZ", ":/usr/share/zoneinfo/" NY, 1), 0);
	assert_int_equal(period_week(2026, 10, NULL, &p), PW_OK);
	assert_string_equal(p.tz, NY);
	assert_int_equal(p.hours, 167);

	assert_int_equal(setenv("TZ", "Nowhere/Special", 1), 0);
	assert_int_equal(period_week(2026, 47, NULL, &p), PW_ECONFIG);

	assert_int_equal(unsetenv("TZ"), 0);
	assert_int_equal(period_week(2026, 47, BERLIN, &p), PW_OK);
	assert_null(getenv("TZ"));
	/* unset TZ: /etc/localtime, whatever this host uses */
	assert_int_equal(period_week(2026, 47, NULL, &p), PW_OK);
	assert_true(p.tz[0] != '\0');

	restore_tz(copy);
}

/* Local hour, weekday and text around Berlin's spring forward. */
static void
test_local_spring_forward(void **state)
{
	struct period p;
	struct period_tz z;
	char buf[64];

	(void)state;
	assert_int_equal(period_week(2026, 13, BERLIN, &p), PW_OK);
	assert_int_equal(period_tz_open(p.tz, p.start - PERIOD_WEEK_S,
					p.end + PERIOD_WEEK_S, &z),
			 PW_OK);
	assert_int_equal(z.nseg, 2);
	assert_int_equal(z.seg[0].off_s, 3600);
	assert_string_equal(z.seg[0].abbr, "CET");
	assert_int_equal(z.seg[1].from, 1774746000);
	assert_int_equal(z.seg[1].off_s, 7200);
	assert_int_equal(z.seg[1].is_dst, 1);

	assert_int_equal(period_local_hour(&z, p.start), 0);
	assert_int_equal(period_local_wday(&z, p.start), 0);
	assert_int_equal(period_local_hour(&z, p.end - 1), 23);
	assert_int_equal(period_local_wday(&z, p.end - 1), 6);
	assert_int_equal(period_local_hour(&z, 1774745999), 1);
	assert_int_equal(period_local_hour(&z, 1774746000), 3);
	assert_int_equal(period_local_wday(&z, 1774746000), 6);
	assert_int_equal(period_format_local(&z, 1774745999,
					     "%a %Y-%m-%d %H:%M:%S %Z %z %j",
					     buf, sizeof(buf)),
			 PW_OK);
	assert_string_equal(buf, "Sun 2026-03-29 01:59:59 CET +0100 088");
	assert_int_equal(period_format_local(&z, 1774746000,
					     "%a %Y-%m-%d %H:%M %Z", buf,
					     sizeof(buf)),
			 PW_OK);
	assert_string_equal(buf, "Sun 2026-03-29 03:00 CEST");
}

/* Outside its window the table answers nothing; bad windows are refused. */
static void
test_local_limits(void **state)
{
	struct period p;
	struct period_tz z;
	char buf[64];

	(void)state;
	assert_int_equal(period_week(2026, 13, BERLIN, &p), PW_OK);
	assert_int_equal(period_tz_open(p.tz, p.start - PERIOD_WEEK_S,
					p.end + PERIOD_WEEK_S, &z),
			 PW_OK);
	/* outside the window */
	assert_int_equal(period_local_hour(&z, p.end + PERIOD_WEEK_S + 1), -1);
	assert_int_equal(period_local_wday(&z, p.start - PERIOD_WEEK_S - 1),
			 -1);
	assert_int_equal(period_format_local(&z, p.end + 2 * PERIOD_WEEK_S,
					     "%H", buf, sizeof(buf)),
			 PW_ERR);
	/* a buffer too small is left alone */
	strcpy(buf, "keep");
	assert_int_equal(period_format_local(&z, p.start, "%Y-%m-%d", buf, 10),
			 PW_ETOOBIG);
	assert_string_equal(buf, "keep");
	assert_int_equal(period_format_local(&z, p.start, "%Y-%m-%d", buf, 11),
			 PW_OK);
	assert_string_equal(buf, "2026-03-23");

	/* bad windows */
	assert_int_equal(period_tz_open(BERLIN, 10, 10, &z), PW_ERR);
	assert_int_equal(
		period_tz_open(BERLIN, 0, PERIOD_TZ_MAX_SPAN_S + 1, &z),
		PW_ERR);
}

/* Berlin's fall back, New York's spring forward. */
static void
test_local_other_switches(void **state)
{
	struct period_tz z;
	char buf[64];

	(void)state;
	/* fall back: 02:59:59 CEST, then 02:00:00 CET */
	assert_int_equal(period_tz_open(BERLIN, 1792360800, 1792969200, &z),
			 PW_OK);
	assert_int_equal(period_local_hour(&z, 1792889999), 2);
	assert_int_equal(period_local_hour(&z, 1792890000), 2);
	assert_int_equal(period_format_local(&z, 1792890000, "%a %H:%M %Z %j",
					     buf, sizeof(buf)),
			 PW_OK);
	assert_string_equal(buf, "Sun 02:00 CET 298");

	assert_int_equal(period_tz_open(NY, 1772427600, 1773028800, &z), PW_OK);
	assert_int_equal(period_local_hour(&z, 1772953199), 1);
	assert_int_equal(period_local_hour(&z, 1772953200), 3);
	assert_int_equal(period_local_wday(&z, 1772953200), 6);
	assert_int_equal(period_format_local(&z, 1772953200,
					     "%a %Y-%m-%d %H:%M %Z", buf,
					     sizeof(buf)),
			 PW_OK);
	assert_string_equal(buf, "Sun 2026-03-08 03:00 EDT");
}

/* The table agrees with localtime_r() under TZ every 15 minutes. */
static void
test_matches_localtime(void **state)
{
	/* DST weeks; Lord Howe falls back 30 minutes in 2026-W14 */
	static const struct {
		const char *tz;
		int week;
	} zones[] = {
		{ BERLIN, 43 },
		{ NY, 44 },
		{ "Australia/Lord_Howe", 14 },
	};
	struct period p;
	struct period_tz z;
	struct tm tm;
	char want[64], got[64];
	char *copy = save_tz();
	size_t i;
	int64_t t;
	time_t tt;

	(void)state;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		assert_int_equal(
			period_week(2026, zones[i].week, zones[i].tz, &p),
			PW_OK);
		assert_int_equal(period_tz_open(zones[i].tz, p.start - 86400,
						p.end + 86400, &z),
				 PW_OK);
		assert_int_equal(z.nseg, 2);
		snprintf(want, sizeof(want), ":%s", zones[i].tz);
		assert_int_equal(setenv("TZ", want, 1), 0);
		tzset();
		for (t = p.start - 86400; t <= p.end + 86400; t += 900) {
			tt = (time_t)t;
			assert_non_null(localtime_r(&tt, &tm));
			assert_int_equal(period_local_hour(&z, t), tm.tm_hour);
			assert_int_equal(period_local_wday(&z, t),
					 (tm.tm_wday + 6) % 7);
			strftime(want, sizeof(want), "%F %T %Z %z %a %j", &tm);
			assert_int_equal(
				period_format_local(&z, t, "%F %T %Z %z %a %j",
						    got, sizeof(got)),
				PW_OK);
			assert_string_equal(got, want);
		}
	}
	restore_tz(copy);
}

/*
 * check_window: the table of TZ over [lo, hi] agrees with localtime_r()
 * every three hours and at each of its rows' first second, and each row
 * starts where the offset or abbreviation really changes; the table is
 * left in *ZP.
 */
static void
check_window(const char *tz, int64_t lo, int64_t hi, struct period_tz *zp)
{
	struct period_tz z;
	struct tm tm;
	char name[64];
	int64_t t;
	time_t tt;
	int i = 0, k;

	assert_int_equal(period_tz_open(tz, lo, hi, &z), PW_OK);
	snprintf(name, sizeof(name), ":%s", tz);
	assert_int_equal(setenv("TZ", name, 1), 0);
	tzset();
	for (t = lo; t <= hi; t += 3 * 3600) {
		while (i + 1 < z.nseg && z.seg[i + 1].from <= t)
			i++;
		tt = (time_t)t;
		assert_non_null(localtime_r(&tt, &tm));
		assert_int_equal(z.seg[i].off_s, tm.tm_gmtoff);
		assert_string_equal(z.seg[i].abbr, tm.tm_zone);
	}
	for (k = 1; k < z.nseg; k++) {
		tt = (time_t)z.seg[k].from;
		assert_non_null(localtime_r(&tt, &tm));
		assert_int_equal(z.seg[k].off_s, tm.tm_gmtoff);
		tt--;
		assert_non_null(localtime_r(&tt, &tm));
		assert_int_equal(z.seg[k - 1].off_s, tm.tm_gmtoff);
		assert_string_equal(z.seg[k - 1].abbr, tm.tm_zone);
	}
	*zp = z;
}

/*
 * A report's whole window (three years back, almost one ahead) in zones
 * whose offset changes often, the daily sampling's limit (Freetown undid
 * a change within four days in 1939), and each change to the second.
 */
static void
test_window_matches_localtime(void **state)
{
	static const char *zones[] = {
		"Africa/Casablanca",   "Asia/Gaza", "America/Santiago",
		"Australia/Lord_Howe", BERLIN,      "UTC",
	};
	const int64_t week = 1794182400; /* 2026-11-09 00:00 UTC */
	char *copy = save_tz();
	struct period_tz z;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		check_window(zones[i], week - 3 * 365 * 86400LL,
			     week + 360 * 86400LL, &z);
	/* 1939-08-25 to 1939-09-10: -01, then -0040 for four days, -01 */
	check_window("Africa/Freetown", -957916800, -956534400, &z);
	assert_int_equal(z.nseg, 3);
	assert_int_equal(z.seg[2].from - z.seg[1].from, 345600 - 1200);
	restore_tz(copy);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_zone),
		cmocka_unit_test(test_default_zone),
		cmocka_unit_test(test_local_spring_forward),
		cmocka_unit_test(test_local_limits),
		cmocka_unit_test(test_local_other_switches),
		cmocka_unit_test(test_matches_localtime),
		cmocka_unit_test(test_window_matches_localtime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
