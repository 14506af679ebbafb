/*
 * output.h - writing report files atomically.
 *
 * A report file is written to a temporary file in the same directory,
 * flushed to disk and renamed over the final name, so a reader (or a mail
 * attachment) never sees half a report and a failure leaves the previous
 * version in place.
 */
#ifndef PW_OUTPUT_H
#define PW_OUTPUT_H

#include <stddef.h>

#include "status.h"

/* Write len bytes of data to dir/name atomically; logs failures. */
enum pw_status
output_write(const char *dir, const char *name, const char *data, size_t len);

/* "perfweek-HOST-LABEL.EXT" with unsafe characters replaced by '_'. */
enum pw_status output_name(char *buf, size_t n, const char *host,
			   const char *label, const char *ext);

#endif
