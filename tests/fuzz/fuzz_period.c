/*
 * fuzz_period.c - the report period options: --week through
 * period_parse_week() and period_week(), --from/--to through
 * period_range(), and period_previous() of each.
 *
 * The input is a byte and up to four lines, "WEEK\nFROM\nTO\nZONE".
 * Without a ZONE line the first byte picks the zone among a few with
 * different rules (no DST, DST in either hemisphere, a half-hour DST
 * shift), so the offset tables are exercised without paying for a new one
 * on every input; a ZONE line is a name as the configuration gives it,
 * for the checks that keep it inside the zoneinfo directory.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "period.h"

static const char *const period_zones[] = {
	"UTC",
	"Europe/Berlin",
	"America/Sao_Paulo",
	"Australia/Lord_Howe",
};
#define NZONES (sizeof(period_zones) / sizeof(period_zones[0]))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part part[4];
	struct period p, prev;
	const char *zone;
	char *week, *from, *to, *tz;
	int y, w;
	size_t n;

	(void)fuzz_root(); /* quiet logging */
	if (size == 0)
		return 0;
	n = fuzz_split(data + 1, size - 1, '\n', part, 4);
	zone = period_zones[data[0] % NZONES];
	tz = n > 3 ? fuzz_strndup(part[3].p, part[3].len) :
		     fuzz_strndup((const uint8_t *)zone, strlen(zone));
	week = fuzz_strndup(part[0].p, part[0].len);
	from = fuzz_strndup(n > 1 ? part[1].p : data, n > 1 ? part[1].len : 0);
	to = fuzz_strndup(n > 2 ? part[2].p : data, n > 2 ? part[2].len : 0);
	if (period_parse_week(week, &y, &w) == PW_OK &&
	    period_week(y, w, tz, &p) == PW_OK)
		(void)period_previous(&p, 1 + data[0] % 8, &prev);
	if (period_range(from, to, tz, &p) == PW_OK)
		(void)period_previous(&p, 1, &prev);
	free(tz);
	free(to);
	free(from);
	free(week);
	return 0;
}
