/*
 * fleet_io.c - fleet rows written to a file and read back (fleet.h), so
 * that worker processes can read their share of the hosts and hand the
 * rows to the process that builds the report.
 *
 * The format is private to one run of one program: the stats struct as
 * its bytes, the verdict's numbers, then each string as a 32-bit length
 * (all ones for NULL) and its bytes.  A string longer than
 * FLEET_IO_STR_MAX or a short file is PW_ERR: the writer was the same
 * program, so that is a bug or a dead worker, never a user's input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "fleet_int.h"

#define FLEET_IO_STR_MAX (1u << 20)
#define NSTR             6

static int
put_str(FILE *f, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;

	return fwrite(&n, sizeof(n), 1, f) == 1 &&
		(!s || fwrite(s, 1, n, f) == n);
}

/* A string into a's arena; *out NULL for a NULL string. */
static int
get_str(FILE *f, struct arena *a, const char **out)
{
	uint32_t n;
	char *s;

	*out = NULL;
	if (fread(&n, sizeof(n), 1, f) != 1)
		return 0;
	if (n == UINT32_MAX)
		return 1;
	if (n > FLEET_IO_STR_MAX || !(s = arena_alloc(a, n + 1, 1)) ||
	    fread(s, 1, n, f) != n)
		return 0;
	s[n] = '\0';
	*out = s;
	return 1;
}

enum pw_status
fleet_rows_write(const struct fleet_rows *rows, FILE *f)
{
	size_t i;
	int k;

	for (i = 0; i < rows->n; i++) {
		const struct fleet_row *r = &rows->v[i];
		const char *strs[NSTR] = { r->status,       r->reason,
					   r->top_title,    r->top_severity,
					   r->top_resource, r->top_device };
		double nums[4] = { r->critical, r->warning, r->open_incidents,
				   r->incidents_cut };
		int32_t worst = (int32_t)r->worst;

		if (fwrite(&r->st, sizeof(r->st), 1, f) != 1 ||
		    fwrite(nums, sizeof(nums), 1, f) != 1 ||
		    fwrite(&worst, sizeof(worst), 1, f) != 1 ||
		    !put_str(f, r->source))
			return PW_EIO;
		for (k = 0; k < NSTR; k++)
			if (!put_str(f, strs[k]))
				return PW_EIO;
	}
	return fflush(f) == 0 ? PW_OK : PW_EIO;
}

/* One row of f into rows; 0 at the end of f, -1 for a short row. */
/* The strings of a row in the order they are written. */
static void
row_strs(struct fleet_row *r, const char **strs[NSTR])
{
	strs[0] = &r->status;
	strs[1] = &r->reason;
	strs[2] = &r->top_title;
	strs[3] = &r->top_severity;
	strs[4] = &r->top_resource;
	strs[5] = &r->top_device;
}

/* One row of f into rows; 0 at the end of f, -1 for a short row. */
static int
read_one(struct fleet_rows *rows, FILE *f, enum pw_status *rc)
{
	struct fleet_row tmp, *r;
	const char **strs[NSTR];
	double nums[4];
	int32_t worst;
	int k;

	memset(&tmp, 0, sizeof(tmp));
	row_strs(&tmp, strs);
	if (fread(&tmp.st, sizeof(tmp.st), 1, f) != 1)
		return feof(f) ? 0 : -1;
	if (fread(nums, sizeof(nums), 1, f) != 1 ||
	    fread(&worst, sizeof(worst), 1, f) != 1 ||
	    !get_str(f, &rows->arena, &tmp.source))
		return -1;
	for (k = 0; k < NSTR; k++)
		if (!get_str(f, &rows->arena, strs[k]))
			return -1;
	if (!tmp.status || !tmp.source)
		return -1;
	if (!(r = fleet_row_add(rows, tmp.st.host, tmp.source, rc)))
		return *rc ? -1 : 1;
	tmp.source = r->source;
	tmp.critical = nums[0];
	tmp.warning = nums[1];
	tmp.open_incidents = nums[2];
	tmp.incidents_cut = nums[3] != 0;
	tmp.worst = (enum severity)worst;
	*r = tmp;
	return 1;
}

enum pw_status
fleet_rows_read(struct fleet_rows *rows, FILE *f)
{
	enum pw_status rc = PW_OK;
	int got;

	while ((got = read_one(rows, f, &rc)) > 0)
		;
	if (got < 0)
		return rc ? rc : PW_ERR;
	return PW_OK;
}
