/*
 * fuzz_proc_netdev.c - /proc/net/dev through proc_netdev_read(), from a
 * file in a scratch proc root, with the default ignore pattern and a glob.
 * Every kept name must be NUL-terminated and none may match "lo".
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "proc.h"

static const char *const netif_ignore[] = { "lo", "veth*", NULL };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_netdev nd;
	size_t i;

	fuzz_put("net/dev", data, size);
	if (proc_netdev_read(fuzz_root(), netif_ignore, &nd))
		return 0;
	for (i = 0; i < nd.nifs; i++)
		if (!memchr(nd.ifs[i].name, '\0', PROC_NAME_MAX) ||
		    strcmp(nd.ifs[i].name, "lo") == 0)
			abort();
	proc_netdev_free(&nd);
	return 0;
}
