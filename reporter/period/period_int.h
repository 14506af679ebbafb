/*
 * period_int.h - what period.c (weeks, ranges) and period_tz.c (zones,
 * local time) share, and nothing outside the two includes: the integer
 * calendar arithmetic both need, and the two table lookups period.c uses
 * to turn local times into instants and back.
 *
 * The calendar helpers are static inline so that each file keeps its own
 * copy and neither exports them; they are pure integer arithmetic on a
 * proleptic Gregorian calendar with no time zone at all.
 */
#ifndef PW_PERIOD_INT_H
#define PW_PERIOD_INT_H

#include <stdint.h>

#include "period.h"

#define DAY_S ((int64_t)86400)

static inline int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static inline int64_t
floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static inline int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static inline void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 = Monday .. 6 = Sunday; day 0 (1970-01-01) was a Thursday. */
static inline int
weekday(int64_t days)
{
	return (int)floor_mod(days + 3, 7);
}

/* Local seconds (as if UTC) of t in *local, or -1 outside z's window. */
int period_tz_local(const struct period_tz *z, int64_t t, int64_t *local);

/*
 * The first instant whose local time is local or later in *t; -1 when z's
 * window does not hold it.
 */
int period_tz_utc(const struct period_tz *z, int64_t local, int64_t *t);

#endif
