/*
 * fuzz_proc_vmstat.c - /proc/vmstat through proc_vmstat_read(), from a
 * file in a scratch proc root, as the collector reads it.
 */
#include "harness.h"
#include "proc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_vmstat out;

	fuzz_put("vmstat", data, size);
	(void)proc_vmstat_read(fuzz_root(), &out);
	return 0;
}
