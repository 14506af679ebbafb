/*
 * fuzz_config.c - perfweek.conf through config_load(), from a file in the
 * scratch tree, over the built-in defaults, as every program reads it.  On
 * failure the message must be a terminated string.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "harness.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *path;
	struct config *cfg;
	char err[512];

	if (!path)
		path = fuzz_path("perfweek.conf");
	cfg = malloc(sizeof(*cfg));
	if (!cfg)
		abort();
	fuzz_put("perfweek.conf", data, size);
	config_defaults(cfg);
	err[0] = '\0';
	if (config_load(cfg, path, 1, err, sizeof(err)) != PW_OK &&
	    (!memchr(err, '\0', sizeof(err)) || err[0] == '\0'))
		abort();
	config_free(cfg);
	free(cfg);
	return 0;
}
