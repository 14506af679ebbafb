/*
 * fuzz_proc_loadavg.c - /proc/loadavg through proc_loadavg_read(), from a
 * file in a scratch proc root, as the collector reads it.
 */
#include "harness.h"
#include "proc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_loadavg out;

	fuzz_put("loadavg", data, size);
	(void)proc_loadavg_read(fuzz_root(), &out);
	return 0;
}
