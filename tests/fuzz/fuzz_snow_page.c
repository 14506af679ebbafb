/*
 * fuzz_snow_page.c - a ServiceNow Table API body through snow_parse_page(),
 * twice into one set, as the client adds the pages of the open query and
 * then those of the period query; and through snow_error_text(), which the
 * client uses on the body of a failed request.
 *
 * Checks: an error has a terminated, non-empty reason; every record kept
 * has a non-empty sys_id, all different, and its compact JSON parses; a
 * page parsed without error twice adds no record the second time and
 * leaves each record of it marked both open and in the period.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "snow_int.h"

/* Above this many records the pairwise sys_id check is skipped. */
#define PAIRS_MAX 512

static void
check_reason(enum pw_status rc, const char *reason, size_t sz)
{
	if (rc != PW_OK && (!memchr(reason, '\0', sz) || reason[0] == '\0'))
		abort();
}

static void
check_set(const struct snow_set *set)
{
	size_t i, j;
	cJSON *raw;

	if (set->n > set->alloc)
		abort();
	for (i = 0; i < set->n; i++) {
		const struct snow_incident *in = &set->v[i];

		if (!in->sys_id || !in->sys_id[0] || !in->number ||
		    !in->short_description || !in->assignment_group ||
		    !in->cmdb_ci || !in->raw || in->priority < 0 ||
		    in->state < 0 || in->opened_at < 0 || in->resolved_at < 0 ||
		    (!in->is_open && !in->in_period))
			abort();
		if (!(raw = cJSON_Parse(in->raw)) || !cJSON_IsObject(raw))
			abort();
		cJSON_Delete(raw);
		for (j = i + 1; set->n <= PAIRS_MAX && j < set->n; j++)
			if (strcmp(in->sys_id, set->v[j].sys_id) == 0)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snow_set set;
	char reason[64], text[48];
	const char *body = (const char *)data;
	enum pw_status rc1, rc2;
	size_t n1, n2, before, i;

	memset(&set, 0, sizeof(set));
	memset(reason, 'X', sizeof(reason));
	rc1 = snow_parse_page(body, size, 1, &set, &n1, reason, sizeof(reason));
	check_reason(rc1, reason, sizeof(reason));
	check_set(&set);
	before = set.n;
	memset(reason, 'X', sizeof(reason));
	rc2 = snow_parse_page(body, size, 0, &set, &n2, reason, sizeof(reason));
	check_reason(rc2, reason, sizeof(reason));
	check_set(&set);
	if (rc1 == PW_OK) {
		if (rc2 != PW_OK || n2 != n1 || set.n != before)
			abort();
		for (i = 0; i < set.n; i++)
			if (!set.v[i].is_open || !set.v[i].in_period)
				abort();
	}
	snow_set_free(&set);

	memset(text, 'X', sizeof(text));
	if (snow_error_text(body, size, text, sizeof(text)) == 0 &&
	    (!memchr(text, '\0', sizeof(text)) || text[0] == '\0'))
		abort();
	return 0;
}
