/*
 * period.c - ISO weeks and date ranges as Unix-second periods in a time
 * zone.
 *
 * Everything here is integer calendar arithmetic (days_from_civil, in
 * period_int.h) on local times, turned into instants at the end through a
 * zone's offset table (period_tz.c), so the arithmetic is pure and
 * reentrant; only building the table touches TZ.
 *
 * Owns: ISO 8601 week rules (week 1 holds January 4th), parsing of --week
 * and --from/--to values, the previous period for comparisons.  Must never:
 * touch TZ itself, or read the clock (the caller passes "now").
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "period.h"
#include "period_int.h"

#define YEAR_MIN     1970
#define YEAR_MAX     9999
#define PREVIOUS_MAX 520

/* ---- calendar arithmetic --------------------------------------------- */

static void
iso_week_of_days(int64_t days, int *iso_year, int *iso_week)
{
	int64_t thursday = days - weekday(days) + 3;
	int y, m, d;

	civil_from_days(thursday, &y, &m, &d);
	*iso_year = y;
	*iso_week = (int)((thursday - days_from_civil(y, 1, 1)) / 7) + 1;
}

static int64_t
iso_week_monday(int iso_year, int iso_week)
{
	int64_t jan4 = days_from_civil(iso_year, 1, 4);

	return jan4 - weekday(jan4) + 7 * (int64_t)(iso_week - 1);
}

/* 53 when December 28th (always in the last week) is in week 53. */
static int
iso_weeks_in_year(int iso_year)
{
	int y, w;

	iso_week_of_days(days_from_civil(iso_year, 12, 28), &y, &w);
	return w;
}

/* ---- periods ------------------------------------------------------------ */

/*
 * The period from local time l0 to l1 (seconds since 1970 as if UTC) in
 * zone tz, without a label.  PW_ECONFIG (logged) if it is empty.
 */
static enum pw_status
period_make(const char *tz, int64_t l0, int64_t l1, struct period *out)
{
	struct period_tz z;
	struct period p;
	enum pw_status st;

	if ((st = period_tz_open(tz, l0 - 2 * DAY_S, l1 + 2 * DAY_S, &z)))
		return st;
	memset(&p, 0, sizeof(p));
	if (period_tz_utc(&z, l0, &p.start) || period_tz_utc(&z, l1, &p.end)) {
		log_err("cannot convert a local time in '%s'", z.name);
		return PW_ERR;
	}
	if (p.start >= p.end) {
		log_err("empty period: both ends fall in the same DST gap of '%s'",
			z.name);
		return PW_ECONFIG;
	}
	p.hours = (int)((p.end - p.start) / 3600);
	memcpy(p.tz, z.name, sizeof(p.tz));
	*out = p;
	return PW_OK;
}

static enum pw_status
check_week(int iso_year, int iso_week, const char *what)
{
	if (iso_year < YEAR_MIN || iso_year > YEAR_MAX) {
		log_err("invalid week '%s': the year must be %d..%d", what,
			YEAR_MIN, YEAR_MAX);
		return PW_ECONFIG;
	}
	if (iso_week < 1 || iso_week > iso_weeks_in_year(iso_year)) {
		log_err("invalid week '%s': %d has weeks W01..W%02d", what,
			iso_year, iso_weeks_in_year(iso_year));
		return PW_ECONFIG;
	}
	return PW_OK;
}

/* n decimal digits at s into *v; -1 on anything else. */
static int
parse_digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

enum pw_status
period_parse_week(const char *s, int *iso_year, int *iso_week)
{
	int y, w;
	enum pw_status st;

	if (strlen(s) != 8 || s[4] != '-' || s[5] != 'W' ||
	    parse_digits(s, 4, &y) || parse_digits(s + 6, 2, &w)) {
		log_err("invalid week '%s': expected YYYY-Www such as 2026-W47",
			s);
		return PW_ECONFIG;
	}
	if ((st = check_week(y, w, s)))
		return st;
	*iso_year = y;
	*iso_week = w;
	return PW_OK;
}

enum pw_status
period_week(int iso_year, int iso_week, const char *tz, struct period *out)
{
	struct period p;
	char what[32];
	int64_t monday;
	enum pw_status st;

	snprintf(what, sizeof(what), "%d-W%02d", iso_year, iso_week);
	if ((st = check_week(iso_year, iso_week, what)))
		return st;
	monday = iso_week_monday(iso_year, iso_week);
	if ((st = period_make(tz, monday * DAY_S, (monday + 7) * DAY_S, &p)))
		return st;
	p.iso_year = iso_year;
	p.iso_week = iso_week;
	snprintf(p.label, sizeof(p.label), "%04d-W%02d", iso_year, iso_week);
	*out = p;
	return PW_OK;
}

/* The local date of t in tz, as days since 1970-01-01. */
static enum pw_status
local_days(int64_t t, const char *tz, int64_t *days)
{
	struct period_tz z;
	int64_t l;
	enum pw_status st;

	if ((st = period_tz_open(tz, t - DAY_S, t + DAY_S, &z)))
		return st;
	if (period_tz_local(&z, t, &l))
		return PW_ERR; /* cannot happen: t is in the window */
	*days = floor_div(l, DAY_S);
	return PW_OK;
}

enum pw_status
period_iso_week_of(int64_t t, const char *tz, int *iso_year, int *iso_week)
{
	int64_t days;
	enum pw_status st;

	if ((st = local_days(t, tz, &days)))
		return st;
	iso_week_of_days(days, iso_year, iso_week);
	return PW_OK;
}

enum pw_status
period_last_week(int64_t now, const char *tz, struct period *out)
{
	int64_t days;
	int y, w;
	enum pw_status st;

	if ((st = local_days(now, tz, &days)))
		return st;
	iso_week_of_days(days - weekday(days) - 7, &y, &w);
	return period_week(y, w, tz, out);
}

/* Parse "YYYY-MM-DD" or "YYYY-MM-DDThh:mm" into local seconds. */
static enum pw_status
parse_local(const char *s, int64_t *local)
{
	size_t len = strlen(s);
	int y, mo, d, h = 0, mi = 0;

	if ((len != 10 && len != 16) || s[4] != '-' || s[7] != '-' ||
	    parse_digits(s, 4, &y) || parse_digits(s + 5, 2, &mo) ||
	    parse_digits(s + 8, 2, &d) ||
	    (len == 16 &&
	     (s[10] != 'T' || s[13] != ':' || parse_digits(s + 11, 2, &h) ||
	      parse_digits(s + 14, 2, &mi)))) {
		log_err("invalid date '%s': expected YYYY-MM-DD or YYYY-MM-DDThh:mm",
			s);
		return PW_ECONFIG;
	}
	if (y < YEAR_MIN || y > YEAR_MAX) {
		log_err("invalid date '%s': the year must be %d..%d", s,
			YEAR_MIN, YEAR_MAX);
		return PW_ECONFIG;
	}
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 ||
	    d > (mo == 12 ? 31 :
			    days_from_civil(y, mo + 1, 1) -
				 days_from_civil(y, mo, 1))) {
		log_err("invalid date '%s': no such date or time", s);
		return PW_ECONFIG;
	}
	*local = days_from_civil(y, mo, d) * DAY_S + (int64_t)h * 3600 +
		(int64_t)mi * 60;
	return PW_OK;
}

/* "2026-11-01" or "2026-11-01 06:30", for a label. */
static void
format_local_date(int64_t local, char *buf, size_t n)
{
	int64_t days = floor_div(local, DAY_S), sod = local - days * DAY_S;
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	if (sod == 0)
		snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(buf, n, "%04d-%02d-%02d %02d:%02d", y, m, d,
			 (int)(sod / 3600), (int)(sod % 3600 / 60));
}

/* The range period from local l0 to local l1, labelled. */
static enum pw_status
period_make_range(const char *tz, int64_t l0, int64_t l1, struct period *out)
{
	struct period p;
	char a[24], b[24];
	enum pw_status st;

	if (l1 - l0 > PERIOD_RANGE_MAX_DAYS * DAY_S) {
		log_err("period too long: at most %d days",
			PERIOD_RANGE_MAX_DAYS);
		return PW_ECONFIG;
	}
	if ((st = period_make(tz, l0, l1, &p)))
		return st;
	format_local_date(l0, a, sizeof(a));
	format_local_date(l1, b, sizeof(b));
	snprintf(p.label, sizeof(p.label), "%s to %s", a, b);
	*out = p;
	return PW_OK;
}

enum pw_status
period_range(const char *from, const char *to, const char *tz,
	     struct period *out)
{
	int64_t l0, l1;
	enum pw_status st;

	if ((st = parse_local(from, &l0)) || (st = parse_local(to, &l1)))
		return st;
	if (l0 >= l1) {
		log_err("empty period: '%s' is not before '%s'", from, to);
		return PW_ECONFIG;
	}
	return period_make_range(tz, l0, l1, out);
}

enum pw_status
period_previous(const struct period *p, int n, struct period *out)
{
	struct period_tz z;
	int64_t l0, l1, shift_s;
	int y, w;
	enum pw_status st;

	if (n < 0 || n > PREVIOUS_MAX) {
		log_err("cannot go back %d weeks: at most %d", n, PREVIOUS_MAX);
		return PW_ERR;
	}
	if (p->iso_week) {
		iso_week_of_days(iso_week_monday(p->iso_year, p->iso_week) -
					 7 * (int64_t)n,
				 &y, &w);
		return period_week(y, w, p->tz, out);
	}
	if ((st = period_tz_open(p->tz, p->start - DAY_S, p->end + DAY_S, &z)))
		return st;
	if (period_tz_local(&z, p->start, &l0) ||
	    period_tz_local(&z, p->end, &l1))
		return PW_ERR; /* cannot happen: both are in the window */
	shift_s = 7 * DAY_S * n;
	return period_make_range(p->tz, l0 - shift_s, l1 - shift_s, out);
}
