/*
 * period.c - ISO weeks and date ranges as Unix-second periods in a time
 * zone, and local time of timestamps by table lookup.
 *
 * Design.  libc knows a zone only through the process-wide TZ variable, and
 * switching TZ (setenv + tzset) for every timestamp would be slow and racy.
 * So tz_build() is the one function that touches TZ: it sets TZ to
 * ":NAME", samples localtime_r() every hour across a window, finds each
 * offset change to the second by bisection, and puts the old TZ back.  The
 * result, a struct period_tz, is a short table of (from, offset, abbrev)
 * rows; from then on UTC -> local is a binary search and an addition, and
 * local -> UTC (week boundaries) is a scan of the same rows.  Everything
 * else is integer calendar arithmetic (days_from_civil), so it is pure and
 * reentrant.  The hourly sampling assumes a zone never changes its offset
 * twice within one hour, which no zone in the tz database does.
 *
 * Owns: zone name validation (a TZif file under ZONEINFO_DIR, because glibc
 * silently falls back to UTC for an unknown name), ISO 8601 week rules
 * (week 1 holds January 4th), parsing of --week and --from/--to values.
 * Must never: leave TZ changed, read the clock (the caller passes "now"),
 * or accept a zone that counts leap seconds ("right/...").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "period.h"

#define ZONEINFO_DIR	"/usr/share/zoneinfo"
#define DAY_S		((int64_t)86400)
#define TZ_STEP_S	((int64_t)3600)
#define YEAR_MIN	1970
#define YEAR_MAX	9999
#define PREVIOUS_MAX	520

/* ---- calendar arithmetic --------------------------------------------- */

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void
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
static int
weekday(int64_t days)
{
	return (int)floor_mod(days + 3, 7);
}

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

/* ---- time zone names ---------------------------------------------------- */

/* The zone name of a path such as /etc/localtime, following symlinks. */
static enum pw_status
tz_name_from_path(const char *path, char *name)
{
	char *real = realpath(path, NULL);
	const char *p, *hit = NULL;
	enum pw_status st = PW_ECONFIG;

	if (!real && errno == ENOENT) {
		/* no zone file at all: glibc and the system use UTC */
		snprintf(name, PERIOD_TZ_NAME_MAX, "UTC");
		return PW_OK;
	}
	for (p = real; p && (p = strstr(p, "/zoneinfo/")); p++)
		hit = p + strlen("/zoneinfo/");
	if (hit && strlen(hit) < PERIOD_TZ_NAME_MAX) {
		memcpy(name, hit, strlen(hit) + 1);
		st = PW_OK;
	} else {
		log_err("cannot tell the time zone name of '%s': set 'timezone' "
		    "in the [report] configuration", path);
	}
	free(real);
	return st;
}

/*
 * Resolve tz (NULL or "": the system's zone) into name, not yet checked;
 * *origin says where the name came from, for messages.
 */
static enum pw_status
tz_resolve(const char *tz, char *name, const char **origin)
{
	const char *src = tz;

	*origin = "";
	if (!src || !*src) {
		src = getenv("TZ");
		*origin = " (from TZ)";
		if (src && *src == ':')
			src++;
		if (!src || !*src) {
			src = "/etc/localtime";
			*origin = " (from /etc/localtime)";
		}
		if (*src == '/')
			return tz_name_from_path(src, name);
	}
	if (strlen(src) >= PERIOD_TZ_NAME_MAX) {
		log_err("unknown time zone '%.*s...'%s: name too long", 32, src,
		    *origin);
		return PW_ECONFIG;
	}
	memcpy(name, src, strlen(src) + 1);
	return PW_OK;
}

/* The name must be a relative path to a TZif file under ZONEINFO_DIR. */
static enum pw_status
tz_check_name(const char *name, const char *origin)
{
	char path[sizeof(ZONEINFO_DIR) + PERIOD_TZ_NAME_MAX + 1];
	char magic[4];
	const char *why = NULL;
	FILE *f;
	size_t got;

	if (name[0] == '\0' || name[0] == '/' || strstr(name, "..") ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789/_+-.") != strlen(name))
		why = "not a zone name such as Europe/Berlin";
	else if (strncmp(name, "right/", 6) == 0)
		why = "zones that count leap seconds are not supported";
	if (why) {
		log_err("unknown time zone '%s'%s: %s", name, origin, why);
		return PW_ECONFIG;
	}
	if (snprintf(path, sizeof(path), "%s/%s", ZONEINFO_DIR, name) >=
	    (int)sizeof(path))
		return PW_ECONFIG;	/* cannot happen: name is short */
	f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT)
			log_err("unknown time zone '%s'%s: not in %s", name,
			    origin, ZONEINFO_DIR);
		else
			log_err("unknown time zone '%s'%s: cannot read '%s': %s",
			    name, origin, path, strerror(errno));
		return PW_ECONFIG;
	}
	got = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (got != sizeof(magic) || memcmp(magic, "TZif", 4) != 0) {
		log_err("unknown time zone '%s'%s: '%s' is not a zoneinfo file",
		    name, origin, path);
		return PW_ECONFIG;
	}
	return PW_OK;
}

/* ---- the offset table --------------------------------------------------- */

/* localtime_r() of t under the current TZ into *s.  -1 if it fails. */
static int
tz_probe(int64_t t, struct period_tz_seg *s)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((int64_t)tt != t || !localtime_r(&tt, &tm))
		return -1;
	s->from = t;
	s->off_s = (int32_t)tm.tm_gmtoff;
	s->is_dst = tm.tm_isdst > 0;
	snprintf(s->abbr, sizeof(s->abbr), "%s", tm.tm_zone ? tm.tm_zone : "");
	return 0;
}

static int
tz_same(const struct period_tz_seg *a, const struct period_tz_seg *b)
{
	return a->off_s == b->off_s && a->is_dst == b->is_dst &&
	    strcmp(a->abbr, b->abbr) == 0;
}

/* Sample the current TZ over [z->lo, z->hi] into z's rows. */
static enum pw_status
tz_scan(struct period_tz *z)
{
	struct period_tz_seg next;
	int64_t prev = z->lo, t, a, b;

	z->nseg = 0;
	if (tz_probe(z->lo, &z->seg[z->nseg++]))
		goto fail;
	while (prev < z->hi) {
		t = z->hi - prev > TZ_STEP_S ? prev + TZ_STEP_S : z->hi;
		if (tz_probe(t, &next))
			goto fail;
		if (tz_same(&next, &z->seg[z->nseg - 1])) {
			prev = t;
			continue;
		}
		/* bisect: a has the last row's offset, b has not */
		for (a = prev, b = t; b - a > 1;) {
			if (tz_probe(a + (b - a) / 2, &next))
				goto fail;
			if (tz_same(&next, &z->seg[z->nseg - 1]))
				a = a + (b - a) / 2;
			else
				b = a + (b - a) / 2;
		}
		if (z->nseg == PERIOD_TZ_MAX_SEG) {
			log_err("time zone '%s' changes its offset more than %d "
			    "times in the period", z->name, PERIOD_TZ_MAX_SEG - 1);
			return PW_ETOOBIG;
		}
		if (tz_probe(b, &z->seg[z->nseg++]))
			goto fail;
		prev = b;
	}
	return PW_OK;
fail:
	log_err("cannot convert %lld to local time in '%s'", (long long)prev,
	    z->name);
	return PW_ERR;
}

/*
 * The one place that changes TZ: set it to ":z->name", tz_scan(), and put
 * the previous value back (or unset it).  setenv and tzset change process
 * state, so this must not run while another thread reads the environment
 * or converts local time; perfweek calls it from its main thread only.
 */
static enum pw_status
tz_build(struct period_tz *z)
{
	const char *old = getenv("TZ");
	char *saved = NULL;
	char spec[PERIOD_TZ_NAME_MAX + 1];
	enum pw_status st;

	if (old && !(saved = strdup(old))) {
		log_err("cannot save TZ: out of memory");
		return PW_ENOMEM;
	}
	snprintf(spec, sizeof(spec), ":%s", z->name);	/* fits: name < 64 */
	if (setenv("TZ", spec, 1) != 0) {
		log_err("cannot set TZ to '%s': %s", spec, strerror(errno));
		free(saved);
		return PW_ERR;
	}
	tzset();
	st = tz_scan(z);
	if (saved ? setenv("TZ", saved, 1) : unsetenv("TZ")) {
		log_err("cannot restore TZ: %s", strerror(errno));
		st = PW_ERR;
	}
	tzset();
	free(saved);
	return st;
}

enum pw_status
period_tz_open(const char *tz, int64_t lo, int64_t hi, struct period_tz *out)
{
	struct period_tz z;
	const char *origin;
	enum pw_status st;

	if (lo >= hi || hi - lo > PERIOD_TZ_MAX_SPAN_S) {
		log_err("invalid time zone window %lld..%lld", (long long)lo,
		    (long long)hi);
		return PW_ERR;
	}
	if ((st = tz_resolve(tz, z.name, &origin)) ||
	    (st = tz_check_name(z.name, origin)))
		return st;
	z.lo = lo;
	z.hi = hi;
	if ((st = tz_build(&z)))
		return st;
	*out = z;
	return PW_OK;
}

/* The row that holds t, or NULL outside the window. */
static const struct period_tz_seg *
tz_seg_at(const struct period_tz *z, int64_t t)
{
	int lo = 0, hi = z->nseg - 1, mid;

	if (t < z->lo || t > z->hi || z->nseg < 1)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (z->seg[mid].from <= t)
			lo = mid;
		else
			hi = mid - 1;
	}
	return &z->seg[lo];
}

/* Local seconds (as if UTC) of t, or -1 outside the window. */
static int
tz_local(const struct period_tz *z, int64_t t, int64_t *local)
{
	const struct period_tz_seg *s = tz_seg_at(z, t);

	if (!s)
		return -1;
	*local = t + s->off_s;
	return 0;
}

/*
 * The first instant whose local time is local or later.  Within a row
 * local time grows with t, so the first row that reaches local holds it.
 * -1 when the window does not hold it.
 */
static int
tz_utc(const struct period_tz *z, int64_t local, int64_t *t)
{
	int64_t c, end;
	int i;

	for (i = 0; i < z->nseg; i++) {
		end = i + 1 < z->nseg ? z->seg[i + 1].from : z->hi + 1;
		c = local - z->seg[i].off_s;
		if (c < z->seg[i].from) {
			if (i == 0)
				return -1;	/* before the window */
			c = z->seg[i].from;
		}
		if (c < end) {
			*t = c;
			return 0;
		}
	}
	return -1;
}

int
period_local_hour(const struct period_tz *z, int64_t t)
{
	int64_t l;

	if (tz_local(z, t, &l))
		return -1;
	return (int)(floor_mod(l, DAY_S) / 3600);
}

int
period_local_wday(const struct period_tz *z, int64_t t)
{
	int64_t l;

	if (tz_local(z, t, &l))
		return -1;
	return weekday(floor_div(l, DAY_S));
}

enum pw_status
period_format_local(const struct period_tz *z, int64_t t, const char *fmt,
    char *buf, size_t n)
{
	const struct period_tz_seg *s = tz_seg_at(z, t);
	struct tm tm;
	char tmp[256];
	int64_t l, days, sod;
	int y, m, d;
	size_t len;

	if (!s)
		return PW_ERR;
	l = t + s->off_s;
	days = floor_div(l, DAY_S);
	sod = l - days * DAY_S;
	civil_from_days(days, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = (int)(sod / 3600);
	tm.tm_min = (int)(sod % 3600 / 60);
	tm.tm_sec = (int)(sod % 60);
	tm.tm_wday = (weekday(days) + 1) % 7;
	tm.tm_yday = (int)(days - days_from_civil(y, 1, 1));
	tm.tm_isdst = s->is_dst;
	tm.tm_gmtoff = s->off_s;
	tm.tm_zone = s->abbr;
	len = strftime(tmp, sizeof(tmp), fmt, &tm);
	if ((len == 0 && fmt[0] != '\0') || len >= n) {
		log_err("formatted time '%s' does not fit in %zu bytes", fmt, n);
		return PW_ETOOBIG;
	}
	memcpy(buf, tmp, len + 1);
	return PW_OK;
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
	if (tz_utc(&z, l0, &p.start) || tz_utc(&z, l1, &p.end)) {
		log_err("cannot convert a local time in '%s'", z.name);
		return PW_ERR;
	}
	if (p.start >= p.end) {
		log_err("empty period: both ends fall in the same DST gap of "
		    "'%s'", z.name);
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
	if (tz_local(&z, t, &l))
		return PW_ERR;	/* cannot happen: t is in the window */
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
	    parse_digits(s + 8, 2, &d) || (len == 16 && (s[10] != 'T' ||
	    s[13] != ':' || parse_digits(s + 11, 2, &h) ||
	    parse_digits(s + 14, 2, &mi)))) {
		log_err("invalid date '%s': expected YYYY-MM-DD or "
		    "YYYY-MM-DDThh:mm", s);
		return PW_ECONFIG;
	}
	if (y < YEAR_MIN || y > YEAR_MAX) {
		log_err("invalid date '%s': the year must be %d..%d", s,
		    YEAR_MIN, YEAR_MAX);
		return PW_ECONFIG;
	}
	if (mo < 1 || mo > 12 || d < 1 ||
	    h > 23 || mi > 59 ||
	    d > (mo == 12 ? 31 : days_from_civil(y, mo + 1, 1) -
	    days_from_civil(y, mo, 1))) {
		log_err("invalid date '%s': no such date or time", s);
		return PW_ECONFIG;
	}
	*local = days_from_civil(y, mo, d) * DAY_S + h * 3600 + mi * 60;
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
		log_err("period too long: at most %d days", PERIOD_RANGE_MAX_DAYS);
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
		    7 * (int64_t)n, &y, &w);
		return period_week(y, w, p->tz, out);
	}
	if ((st = period_tz_open(p->tz, p->start - DAY_S, p->end + DAY_S, &z)))
		return st;
	if (tz_local(&z, p->start, &l0) || tz_local(&z, p->end, &l1))
		return PW_ERR;	/* cannot happen: both are in the window */
	shift_s = 7 * DAY_S * n;
	return period_make_range(p->tz, l0 - shift_s, l1 - shift_s, out);
}
