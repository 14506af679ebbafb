/*
 * fuzz_appmetric.c - what a metrics plugin prints, through
 * appmetric_parse_output() as the plugin runner calls it, and the same
 * bytes as a --gauge NAME=VALUE argument.
 */
#include <stdlib.h>

#include "appmetric.h"
#include "appmetric_internal.h"
#include "harness.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app_metrics am = { NULL, 0, 0 };
	char *text;

	(void)fuzz_root(); /* quiet logging */
	text = fuzz_strndup(data, size);
	(void)appmetric_parse_output("fuzz", text, size, &am);
	appmetric_free(&am);
	free(text);

	text = fuzz_strndup(data, size);
	(void)appmetric_parse_gauge(text, &am);
	appmetric_free(&am);
	free(text);
	return 0;
}
