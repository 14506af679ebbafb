/*
 * fuzz_proc_meminfo.c - /proc/meminfo through proc_meminfo_read(), from a
 * file in a scratch proc root, as the collector reads it.
 */
#include "harness.h"
#include "proc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_meminfo out;

	fuzz_put("meminfo", data, size);
	(void)proc_meminfo_read(fuzz_root(), &out);
	return 0;
}
