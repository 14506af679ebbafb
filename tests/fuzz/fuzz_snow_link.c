/*
 * fuzz_snow_link.c - a Link header value through snow_link_next(), as the
 * ServiceNow client reads it after each page.  The first byte picks the
 * size of the output buffer (1 to 256), so the ETOOBIG path is fuzzed too;
 * the rest is the header value.  A URL returned must fit, be terminated,
 * and be the text between a '<' and the next '>' of the header.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "snow_int.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header, *at, out[256];
	size_t outsz, n;
	enum pw_status rc;

	if (size == 0)
		return 0;
	outsz = (size_t)data[0] + 1;
	header = fuzz_strndup(data + 1, size - 1);
	memset(out, 'X', sizeof(out));
	rc = snow_link_next(header, out, outsz);
	if (rc != PW_OK && rc != PW_ENOTFOUND && rc != PW_EPARSE &&
	    rc != PW_ETOOBIG)
		abort();
	if (rc == PW_OK) {
		if (!memchr(out, '\0', outsz))
			abort();
		n = strlen(out);
		/* The URL is in the header, after a '<' and before a '>'. */
		if (memchr(out, '>', n))
			abort();
		for (at = header; (at = strchr(at, '<')) != NULL; at++)
			if (strncmp(at + 1, out, n) == 0 && at[1 + n] == '>')
				break;
		if (!at)
			abort();
	}
	free(header);
	return 0;
}
