/*
 * snow_int.h - the parts of the ServiceNow client, shared by snow*.c and
 * their unit tests: the incident record, the page parser, the Link header
 * parser, the HTTP fetch and the storage.
 *
 * Each part takes plain inputs and fills plain structs, so the parsers are
 * tested on captured bodies and headers without a network.
 */
#ifndef PW_SNOW_INT_H
#define PW_SNOW_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "config.h"
#include "status.h"

#define SNOW_MAX_INCIDENTS     1000000 /* per fetch: a runaway guard */
#define SNOW_MAX_PAGES         100000
#define SNOW_RETRY_AFTER_MAX_S 60 /* longest Retry-After honoured */

/* One incident as perfweek keeps it; strings owned, freed by snow_set_free */
struct snow_incident {
	char *sys_id;
	char *number;
	char *short_description;
	char *assignment_group; /* name where known, else the sys_id */
	char *cmdb_ci;
	char *raw;           /* the record, compact JSON */
	int priority;        /* 1..5, 0 unknown */
	int state;           /* 1..8, 0 unknown */
	int64_t opened_at;   /* Unix s, 0 unknown */
	int64_t resolved_at; /* Unix s, 0 none */
	int is_open;
	int in_period;
};

struct snow_set {
	struct snow_incident *v;
	size_t n, alloc;
	size_t *slot; /* hash of sys_id: index + 1, 0 free */
	size_t nslot; /* a power of two, > 2 n */
};

void snow_set_free(struct snow_set *s);

/* The outcome of a fetch of both queries. */
struct snow_fetch {
	struct snow_set set;
	int ok;
	char reason[256];    /* when !ok: one line */
	long http_status;    /* last seen, 0 none */
	int64_t total_count; /* open query's X-Total-Count, -1 */
	size_t open_count, period_count;
	int pages;
	int demo; /* the server said X-Perfweek-Demo */
};

/* ---- snow_parse.c: one page of the Table API ---- */

/*
 * Parse a Table API body (len bytes) and add its records to set, marked
 * is_open or in_period; a record already in set (same sys_id) gets the
 * mark added.  On a body that is not a result page, writes why into
 * reason (the ServiceNow error message, "an HTML page instead of JSON",
 * "malformed or truncated JSON", ...) and returns PW_EPARSE; set keeps
 * what it had.  *added is the number of records in the page.
 */
enum pw_status
snow_parse_page(const char *body, size_t len, int is_open, struct snow_set *set,
		size_t *added, char *reason, size_t reasonsz);

/*
 * The message of a ServiceNow error body {"error": {"message", "detail"}}
 * as "ServiceNow error: MESSAGE: DETAIL" into out; -1 if body is not one.
 */
int snow_error_text(const char *body, size_t len, char *out, size_t outsz);

/*
 * 1 if body is the error some instances answer, with HTTP 404, to a query
 * that matches no record: {"error": {"message": "No Record found"}}.  A
 * wrong instance path or table gives another 404 body.
 */
int snow_no_record(const char *body, size_t len);

/* "YYYY-MM-DD HH:MM:SS" UTC to Unix seconds; -1 if malformed. */
int64_t snow_parse_time(const char *s);
/* The code of a state named as in snow_state_name, or of "2"; 0 unknown */
int snow_state_code(const char *s);

/* ---- snow_link.c: the Link header ---- */

/*
 * Copy the URL of the rel="next" link of a Link header value into out.
 * PW_ENOTFOUND when there is none, PW_EPARSE when the header is malformed,
 * PW_ETOOBIG when the URL does not fit.
 */
enum pw_status snow_link_next(const char *header, char *out, size_t outsz);

/* ---- snow_http.c: both queries, every page ---- */

struct snow_request {
	const struct config *cfg;
	const char *secret; /* password or token, never logged */
	int64_t period_start, period_end;
};

/*
 * Fetch the open incidents and those opened or resolved in the period
 * into f (initialised by the caller with snow_fetch_init).  Failures of
 * the service are not errors: f->ok = 0 with f->reason, and PW_OK.
 * PW_ENOMEM and curl setup failures are returned.
 */
void snow_fetch_init(struct snow_fetch *f);
enum pw_status
snow_fetch_all(const struct snow_request *rq, struct snow_fetch *f);

/* ---- snow_query.c ---- */

/* The period query with its date ranges, as sent, into out. */
enum pw_status snow_period_query(const struct config *cfg, int64_t start,
				 int64_t end, struct buf *out);
/* The URL of the page at offset of query q (ORDERBY added) into url. */
enum pw_status snow_page_url(const struct config *cfg, const char *q,
			     long offset, struct buf *url);

/* ---- snow_store.c ---- */

struct snow_key {
	int64_t host_id;
	int64_t period_start, period_end;
	const char *instance, *query, *period_query;
};

/* The newest successful fetch for key; 0 in *id if there is none. */
enum pw_status
snow_store_find(sqlite3 *db, const struct snow_key *k, int64_t *id);
/* Store a fetch and its incidents in one transaction; writes *id. */
enum pw_status
snow_store_save(sqlite3 *db, const struct snow_key *k, int64_t fetched_at,
		const struct snow_fetch *f, int64_t *id);

#endif
