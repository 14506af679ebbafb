/*
 * fuzz_proc_snmp.c - /proc/net/snmp through proc_snmp_read(), from a file
 * in a scratch proc root, as the collector reads it.
 */
#include "harness.h"
#include "proc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_snmp out;

	fuzz_put("net/snmp", data, size);
	(void)proc_snmp_read(fuzz_root(), &out);
	return 0;
}
