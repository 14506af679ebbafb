/*
 * fuzz_proc_stat.c - /proc/stat through proc_stat_read(), from a
 * file in a scratch proc root, as the collector reads it.
 */
#include "harness.h"
#include "proc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_stat out;

	fuzz_put("stat", data, size);
	(void)proc_stat_read(fuzz_root(), &out);
	return 0;
}
