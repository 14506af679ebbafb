/*
 * zoneinfo.h - whether a time zone name names a zone the system has.
 *
 * glibc takes any TZ name and silently falls back to UTC for one it does
 * not find, so a name is checked here the way glibc would load it: a
 * relative path to a TZif file under $TZDIR, or /usr/share/zoneinfo when
 * TZDIR is unset.  The configuration check (common/config_check.c) and the
 * reporter's zone loader (reporter/period/period_tz.c) share this one test.
 */
#ifndef PW_ZONEINFO_H
#define PW_ZONEINFO_H

#include <stddef.h>

#include "status.h"

#define ZONEINFO_DEFAULT_DIR "/usr/share/zoneinfo"

/* The directory zones are read from: $TZDIR if absolute, else the default. */
const char *zoneinfo_dir(void);

/*
 * PW_OK if name is a zone name (letters, digits, '/', '_', '+', '-', '.',
 * no "..", not a leap-second "right/" zone) whose file under
 * zoneinfo_dir() starts with the TZif magic; else PW_ECONFIG with the
 * reason ("not in /usr/share/zoneinfo") in why.  Logs nothing.
 */
enum pw_status zoneinfo_check(const char *name, char *why, size_t whysz);

#endif
