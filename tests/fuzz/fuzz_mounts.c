/*
 * fuzz_mounts.c - the mount table parser, fs_parse_mounts(), on a
 * /proc/self/mounts text: once keeping a few types, once keeping every
 * type.  Kept entries must be NUL-terminated.
 */
#include <stdlib.h>
#include <string.h>

#include "fs_internal.h"
#include "harness.h"

static const char *const fs_types[] = { "ext4", "xfs", "nfs4", "vfat", NULL };

static void
mounts_check(const char *text, const char *const *types)
{
	struct fs_mount *m = NULL;
	size_t n = 0, i;

	if (fs_parse_mounts(text, "mounts", types, &m, &n))
		return;
	for (i = 0; i < n; i++)
		if (!memchr(m[i].mount, '\0', sizeof(m[i].mount)) ||
		    !memchr(m[i].source, '\0', sizeof(m[i].source)) ||
		    !memchr(m[i].fstype, '\0', sizeof(m[i].fstype)))
			abort();
	free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);

	(void)fuzz_root(); /* quiet logging */
	mounts_check(text, fs_types);
	mounts_check(text, NULL);
	free(text);
	return 0;
}
