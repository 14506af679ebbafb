/*
 * fuzz_proc_uptime.c - /proc/uptime through proc_uptime_read(), from a
 * file in a scratch proc root, as the collector reads it.
 */
#include "harness.h"
#include "proc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_uptime out;

	fuzz_put("uptime", data, size);
	(void)proc_uptime_read(fuzz_root(), &out);
	return 0;
}
