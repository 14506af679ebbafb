/*
 * fuzz_proc_pressure.c - /proc/pressure/{cpu,memory,io} through
 * proc_pressure_read().
 *
 * The input is the three files separated by NUL bytes, in that order; a
 * file after the last NUL is absent, so the fuzzer also plays kernels
 * without PSI or with only some of the files.
 */
#include "harness.h"
#include "proc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const rel[] = { "pressure/cpu", "pressure/memory",
					   "pressure/io" };
	struct fuzz_part part[3];
	struct proc_pressure out;
	size_t n, i;

	n = fuzz_split(data, size, '\0', part, 3);
	for (i = 0; i < 3; i++) {
		if (i < n)
			fuzz_put(rel[i], part[i].p, part[i].len);
		else
			fuzz_remove(rel[i]);
	}
	(void)proc_pressure_read(fuzz_root(), &out);
	return 0;
}
