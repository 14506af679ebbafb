/*
 * snow_query.c - the text of perfweek's two Table API queries and the URL
 * of a page of either.
 *
 * The open list is the configured query; the period list is incidents
 * opened or resolved in [start, end), as two alternatives (^NQ), each with
 * the configured period_query.  Dates go out as
 * javascript:gs.dateGenerate('YYYY-MM-DD','hh:mm:ss'), the form the
 * instance's own condition builder writes, in UTC (the integration user's
 * time zone should be UTC).  Every query is ordered by number, then
 * sys_id, so that offsets page through a stable order.
 */
#include <stdio.h>
#include <time.h>

#include <curl/curl.h>

#include "snow_int.h"

/* The fields every fetch asks for; [servicenow] fields adds to them. */
static const char base_fields[] =
	"sys_id,number,short_description,"
	"priority,state,opened_at,resolved_at,assignment_group,cmdb_ci,"
	"assignment_group.name,cmdb_ci.name";

/* gs.dateGenerate of t in UTC. */
static void
snow_date(char *out, size_t n, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	if (strftime(out, n,
		     "javascript:gs.dateGenerate('%Y-%m-%d',"
		     "'%H:%M:%S')",
		     &tm) == 0)
		out[0] = '\0';
}

enum pw_status
snow_period_query(const struct config *cfg, int64_t start, int64_t end,
		  struct buf *out)
{
	const char *pq = cfg->snow_period_query, *sep = pq[0] ? "^" : "";
	char s[96], e[96];

	snow_date(s, sizeof(s), start);
	snow_date(e, sizeof(e), end);
	return buf_printf(out,
			  "%s%sopened_at>=%s^opened_at<%s^NQ%s%s"
			  "resolved_at>=%s^resolved_at<%s",
			  pq, sep, s, e, pq, sep, s, e);
}

enum pw_status
snow_page_url(const struct config *cfg, const char *q, long offset,
	      struct buf *url)
{
	char *eq, *ef = NULL;
	struct buf fields;
	enum pw_status rc;
	size_t i;

	buf_init(&fields, 4096);
	rc = buf_adds(&fields, base_fields);
	for (i = 0; !rc && i < cfg->snow_fields.n; i++)
		rc = buf_printf(&fields, ",%s", cfg->snow_fields.v[i]);
	if (rc)
		return rc;
	eq = curl_easy_escape(NULL, q, 0);
	ef = curl_easy_escape(NULL, fields.data, 0);
	if (!eq || !ef)
		rc = PW_ENOMEM;
	else
		rc = buf_printf(
			url,
			"%s/api/now/table/incident?sysparm_query="
			"%s%sORDERBYnumber%%5EORDERBYsys_id&sysparm_fields=%s"
			"&sysparm_display_value=%s&sysparm_limit=%d"
			"&sysparm_offset=%ld",
			cfg->snow_instance, eq, *q ? "%5E" : "", ef,
			cfg->snow_display_value, cfg->snow_page_size, offset);
	curl_free(eq);
	curl_free(ef);
	buf_free(&fields);
	return rc;
}
