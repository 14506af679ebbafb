/*
 * archive.h - the report archive: old report files removed by maintenance.
 *
 * perfweek-report writes perfweek-HOST-LABEL.{txt,json,pdf} into [report]
 * output_dir, where LABEL is an ISO week ("2026-W46") or a range
 * ("2026-11-01_to_2026-11-08", times allowed).  perfweek-collect
 * --maintain removes those whose period ended more than [report]
 * keep_weeks weeks ago.  Only regular files whose whole name has that
 * shape are ever touched; anything else in the directory is left alone.
 */
#ifndef PW_ARCHIVE_H
#define PW_ARCHIVE_H

#include <stdint.h>

#include "status.h"

/*
 * The day (days since 1970-01-01) after the last day of the period a
 * report file name covers, or -1 if name is not a report file's name.
 */
int64_t archive_name_end_day(const char *name);

/*
 * Remove the report files in dir whose period ended before now minus
 * keep_weeks weeks; *removed counts them.  A missing dir is not an error.
 * PW_EIO (logged) if the directory cannot be read or a file not removed.
 */
enum pw_status
archive_prune(const char *dir, int keep_weeks, int64_t now, long *removed);

#endif
