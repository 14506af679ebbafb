/*
 * period.h - the report period: an ISO 8601 week or a date range turned into
 * Unix-second boundaries in an IANA time zone, and fast local-time
 * conversion of the timestamps inside it.
 *
 * A week runs from Monday 00:00 to the next Monday 00:00 local time, so a
 * week with a DST switch has 167 or 169 hours.  A local time that does not
 * exist (a DST gap) or exists twice (the hour repeated in autumn) stands for
 * the first instant at which the local clock reads that time or later: the
 * end of the gap, the first of the two repeated hours.
 *
 * Time zones are names under /usr/share/zoneinfo ("Europe/Berlin", "UTC");
 * a NULL or empty name means the system's zone (TZ, else /etc/localtime).
 * An unknown name is PW_ECONFIG with a logged reason, never a silent UTC.
 * Conversions go through a struct period_tz, a small table of the zone's
 * UTC offsets over a window, built once; after that every conversion is
 * arithmetic (see period_tz.c for why and for the one function that sets
 * TZ).
 * Threads: every function that takes a zone name, or a struct period for
 * its zone, sets TZ for a moment and puts it back, so call them from one
 * thread before starting others; the functions that take a struct
 * period_tz are pure and reentrant.
 *
 * Years run from 1970 to 9999.  Nothing here allocates memory that outlives
 * a call: every result is written into the caller's struct.
 */
#ifndef PW_PERIOD_H
#define PW_PERIOD_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define PERIOD_LABEL_MAX   64
#define PERIOD_TZ_NAME_MAX 64
#define PERIOD_TZ_ABBR_MAX 16
/* Most offset changes one struct period_tz holds, and its longest window. */
#define PERIOD_TZ_MAX_SEG    128
#define PERIOD_TZ_MAX_SPAN_S ((int64_t)4 * 366 * 86400)
/* Longest --from/--to range, in days. */
#define PERIOD_RANGE_MAX_DAYS 366
#define PERIOD_WEEK_S         ((int64_t)7 * 86400)

struct period {
	int64_t start, end;     /* [start, end) in Unix seconds */
	int iso_year, iso_week; /* 0 when the period is not an ISO week */
	int hours;              /* (end - start) / 3600, rounded down */
	char label
		[PERIOD_LABEL_MAX]; /* "2026-W47", "2026-11-01 to 2026-11-08" */
	char tz[PERIOD_TZ_NAME_MAX]; /* the resolved zone name */
};

/* One stretch of constant UTC offset, from 'from' to the next one. */
struct period_tz_seg {
	int64_t from;  /* Unix seconds */
	int32_t off_s; /* local time minus UTC */
	int is_dst;
	char abbr[PERIOD_TZ_ABBR_MAX]; /* "CEST" */
};

/*
 * A zone's offsets over the window [lo, hi].  Fill it with period_tz_open()
 * and treat it as read-only; it holds no resources and needs no free.
 */
struct period_tz {
	char name[PERIOD_TZ_NAME_MAX];
	int64_t lo, hi;
	int nseg;
	struct period_tz_seg seg[PERIOD_TZ_MAX_SEG];
};

/*
 * Parse "YYYY-Www" strictly (upper-case W, two-digit week, nothing after
 * it, W53 only in years that have one).  PW_ECONFIG with a logged reason.
 */
enum pw_status period_parse_week(const char *s, int *iso_year, int *iso_week);

/* The ISO week iso_year-Wiso_week in zone tz. */
enum pw_status
period_week(int iso_year, int iso_week, const char *tz, struct period *out);

/*
 * The last complete ISO week before now: the week before the one that holds
 * now, so at Monday 00:00 or 06:00 it is the week that has just ended.
 */
enum pw_status
period_last_week(int64_t now, const char *tz, struct period *out);

/*
 * From "YYYY-MM-DD" (local midnight) or "YYYY-MM-DDThh:mm" to the same,
 * exclusive.  from must be before to, at most PERIOD_RANGE_MAX_DAYS apart.
 */
enum pw_status period_range(const char *from, const char *to, const char *tz,
			    struct period *out);

/*
 * The period n weeks (0 <= n <= 520) before p in p's zone: for an ISO week
 * the ISO week n weeks earlier (its hours may differ across DST), for a
 * range the same local dates and times 7 * n days earlier.
 */
enum pw_status
period_previous(const struct period *p, int n, struct period *out);

/* The ISO year and week of the local date of t in zone tz. */
enum pw_status
period_iso_week_of(int64_t t, const char *tz, int *iso_year, int *iso_week);

/*
 * Build the offset table of zone tz (NULL or "": the system's) for the
 * window [lo, hi], at most PERIOD_TZ_MAX_SPAN_S long.  For a report,
 * [p.start - PERIOD_WEEK_S, p.end + PERIOD_WEEK_S] or wider.  Sets TZ for
 * the time it takes: call it before the program starts threads.
 */
enum pw_status
period_tz_open(const char *tz, int64_t lo, int64_t hi, struct period_tz *out);

/*
 * Local hour (0..23) and day of the week (0 = Monday .. 6 = Sunday) of t,
 * or -1 when t is outside the table's window.  Arithmetic only.
 */
int period_local_hour(const struct period_tz *z, int64_t t);
int period_local_wday(const struct period_tz *z, int64_t t);

/*
 * strftime(3) of t in the table's zone into buf of n bytes, e.g.
 * "%a %Y-%m-%d %H:%M %Z" -> "Sun 2026-03-29 03:00 CEST".  %s is not
 * supported.  PW_ERR (not logged) when t is outside the window, PW_ETOOBIG
 * when the text does not fit; buf is written only on success.
 */
enum pw_status period_format_local(const struct period_tz *z, int64_t t,
				   const char *fmt, char *buf, size_t n);

/*
 * The report's text of time t: "Tue 2026-11-10 10:01 CET" in the table's
 * zone, or in UTC ("Mon 2022-03-07 08:00 UTC") outside the table's window
 * (an incident opened years before the period), into buf of n bytes
 * (PERIOD_TIME_TEXT_MAX is enough).
 */
#define PERIOD_TIME_TEXT_MAX 48
void
period_time_text(const struct period_tz *z, int64_t t, char *buf, size_t n);

#endif
