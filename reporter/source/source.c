/*
 * source.c - the operations of a struct source, whatever its kind
 * (source.h).
 */
#include <string.h>

#include "source.h"
#include "host_stats.h"
#include "summary.h"

enum pw_status
source_series(struct source *s, int64_t start, int64_t end, int64_t step_s,
	      struct dataset *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->series(s, start, end, step_s, out);
}

enum pw_status
source_bounds(struct source *s, int64_t before, struct source_bounds *out)
{
	memset(out, 0, sizeof(*out));
	return s->ops->bounds(s, before, out);
}

enum pw_status
source_meta(struct source *s, const char *key, char *buf, size_t n)
{
	if (n)
		buf[0] = '\0';
	return s->ops->meta(s, key, buf, n);
}

enum pw_status
source_services(struct source *s, int64_t start, int64_t end,
		struct source_service *out, size_t max, size_t *n)
{
	*n = 0;
	return s->ops->services(s, start, end, out, max, n);
}

enum pw_status
source_hosts(struct source *s, char (*names)[SOURCE_NAME_MAX], size_t max,
	     size_t *n)
{
	*n = 0;
	return s->ops->hosts(s, names, max, n);
}

enum pw_status
source_summary_get(struct source *s, int64_t start, int64_t end,
		   const char *config_hash, struct source_week_stamp *now,
		   struct source_summary *out)
{
	memset(now, 0, sizeof(*now));
	memset(out, 0, sizeof(*out));
	if (!s->ops->summary_get)
		return PW_ENOTFOUND;
	return s->ops->summary_get(s, start, end, config_hash, now, out);
}

enum pw_status
source_summary_put(struct source *s, const struct source_summary *in)
{
	return s->ops->summary_put ? s->ops->summary_put(s, in) : PW_OK;
}

enum pw_status
source_host_stats(struct source *s, int64_t start, int64_t end,
		  struct source_host_stats *out, size_t max, size_t *n,
		  unsigned *queries)
{
	*n = 0;
	*queries = 0;
	if (!s->ops->host_stats)
		return PW_ENOTFOUND;
	return s->ops->host_stats(s, start, end, out, max, n, queries);
}

void
source_close(struct source *s)
{
	if (s->ops && s->ops->close)
		s->ops->close(s);
	memset(s, 0, sizeof(*s));
}
