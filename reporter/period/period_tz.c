/*
 * period_tz.c - time zones: zone names, the table of a zone's UTC offsets,
 * and local time of timestamps by lookup in that table.
 *
 * Design.  libc knows a zone only through the process-wide TZ variable, and
 * switching TZ (setenv + tzset) for every timestamp would be slow and racy.
 * So tz_build() is the one function that touches TZ: it sets TZ to
 * ":NAME", samples localtime_r() once a day across a window, finds each
 * offset change to the second by bisection, and puts the old TZ back.  The
 * result, a struct period_tz, is a short table of (from, offset, abbrev)
 * rows; from then on UTC -> local is a binary search and an addition, and
 * local -> UTC (week boundaries, in period.c) is a scan of the same rows.
 * Daily sampling misses only a change undone within a day (two or more
 * in a row that end where they began); the shortest such round trip in
 * the tz database from 1900 to 2100 is four days (Africa/Freetown,
 * September 1939), and seven since 1970.  A report's window spans four
 * years, and hourly sampling spent a quarter of a small report's time.
 *
 * Owns: zone name validation (common/zoneinfo.c: glibc silently falls
 * back to UTC for an unknown name), the offset table, local
 * hour, weekday and text of an instant.  Must never: leave TZ changed, read
 * the clock, or accept a zone that counts leap seconds ("right/...").
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "period.h"
#include "period_int.h"
#include "zoneinfo.h"

#define TZ_STEP_S ((int64_t)86400)

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
		log_err("cannot tell the time zone name of '%s': set 'timezone' in the [report] configuration",
			path);
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

/* The name must be a zone the system has (common/zoneinfo.c). */
static enum pw_status
tz_check_name(const char *name, const char *origin)
{
	char why[PATH_MAX + 64];

	if (zoneinfo_check(name, why, sizeof(why)) != PW_OK) {
		log_err("unknown time zone '%s'%s: %s", name, origin, why);
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
	size_t i = 0;

	if ((int64_t)tt != t || !localtime_r(&tt, &tm))
		return -1;
	s->from = t;
	s->off_s = (int32_t)tm.tm_gmtoff;
	s->is_dst = tm.tm_isdst > 0;
	/* a plain bounded copy: snprintf was slow for the window's probes */
	if (tm.tm_zone)
		for (; i < sizeof(s->abbr) - 1 && tm.tm_zone[i]; i++)
			s->abbr[i] = tm.tm_zone[i];
	s->abbr[i] = '\0';
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
			log_err("time zone '%s' changes its offset more than %d times in the period",
				z->name, PERIOD_TZ_MAX_SEG - 1);
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
	snprintf(spec, sizeof(spec), ":%s", z->name); /* fits: name < 64 */
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
int
period_tz_local(const struct period_tz *z, int64_t t, int64_t *local)
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
int
period_tz_utc(const struct period_tz *z, int64_t local, int64_t *t)
{
	int64_t c, end;
	int i;

	for (i = 0; i < z->nseg; i++) {
		end = i + 1 < z->nseg ? z->seg[i + 1].from : z->hi + 1;
		c = local - z->seg[i].off_s;
		if (c < z->seg[i].from) {
			if (i == 0)
				return -1; /* before the window */
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

	if (period_tz_local(z, t, &l))
		return -1;
	return (int)(floor_mod(l, DAY_S) / 3600);
}

int
period_local_wday(const struct period_tz *z, int64_t t)
{
	int64_t l;

	if (period_tz_local(z, t, &l))
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
		log_err("formatted time '%s' does not fit in %zu bytes", fmt,
			n);
		return PW_ETOOBIG;
	}
	memcpy(buf, tmp, len + 1);
	return PW_OK;
}

void
period_time_text(const struct period_tz *z, int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (period_format_local(z, t, "%a %Y-%m-%d %H:%M %Z", buf, n) == PW_OK)
		return;
	if (!gmtime_r(&tt, &tm) ||
	    strftime(buf, n, "%a %Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(buf, n, "@%lld", (long long)t);
}
