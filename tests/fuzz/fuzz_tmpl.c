/*
 * fuzz_tmpl.c - the Mustache engine: tmpl_parse() of a template, then
 * tmpl_render() of it against JSON data with JSON partials.
 *
 * The input is "TEMPLATE\0DATA\0PARTIALS": DATA is any JSON value (absent
 * or invalid: render with no data), PARTIALS an object of name -> template
 * text as in the specification's tests.  Output is capped at 1 MiB, as the
 * text renderer caps a report.
 */
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "harness.h"
#include "tmpl.h"

#define FUZZ_OUT_CAP (1024 * 1024)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part part[3];
	struct tmpl_partials partials = { tmpl_partials_json, NULL };
	struct tmpl_error err;
	struct tmpl *t = NULL;
	cJSON *json = NULL, *parts = NULL;
	struct buf out;
	size_t n;

	(void)fuzz_root(); /* quiet logging */
	n = fuzz_split(data, size, '\0', part, 3);
	if (tmpl_parse("fuzz", (const char *)part[0].p, part[0].len, &t,
		       &err) != PW_OK)
		return 0;
	if (n > 1)
		json = cJSON_ParseWithLength((const char *)part[1].p,
					     part[1].len);
	if (n > 2)
		parts = cJSON_ParseWithLength((const char *)part[2].p,
					      part[2].len);
	partials.ctx = parts;
	buf_init(&out, FUZZ_OUT_CAP);
	(void)tmpl_render(t, json, cJSON_IsObject(parts) ? &partials : NULL,
			  &out, &err);
	buf_free(&out);
	cJSON_Delete(parts);
	cJSON_Delete(json);
	tmpl_free(t);
	return 0;
}
