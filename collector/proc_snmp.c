/*
 * proc_snmp.c - read the TCP counters of /proc/net/snmp: established
 * connections, segments sent and segments retransmitted.
 *
 * The file is pairs of lines, a header of column names and a line of
 * values, per protocol.  Columns are found by name, never by position,
 * because kernels add columns (InCsumErrors in 3.10, for one).  Pure: reads
 * one file, fills one struct, never touches the database and never exits.
 */
#include <limits.h>

#include "buf.h"
#include "proc.h"
#include "proc_parse.h"

enum snmp_key {
	SNMP_CURR_ESTAB,
	SNMP_OUT_SEGS,
	SNMP_RETRANS_SEGS,
	SNMP_NKEYS
};

static enum pw_status
snmp_parse(const char *path, const char *text, struct proc_snmp *s)
{
	struct proc_key keys[SNMP_NKEYS] = {
		[SNMP_CURR_ESTAB] = { "CurrEstab", 0, 0 },
		[SNMP_OUT_SEGS] = { "OutSegs", 0, 0 },
		[SNMP_RETRANS_SEGS] = { "RetransSegs", 0, 0 },
	};
	enum pw_status st;

	st = proc_pairs_parse(path, text, "Tcp:", keys, SNMP_NKEYS);
	if (st)
		return st;
	st = proc_keys_require(path, "Tcp:", keys, SNMP_NKEYS);
	if (st)
		return st;
	s->tcp_curr_estab = keys[SNMP_CURR_ESTAB].value;
	s->tcp_out_segs = keys[SNMP_OUT_SEGS].value;
	s->tcp_retrans_segs = keys[SNMP_RETRANS_SEGS].value;
	return PW_OK;
}

enum pw_status
proc_snmp_read(const char *proc_root, struct proc_snmp *out)
{
	struct proc_snmp s;
	struct buf b;
	char path[PATH_MAX];
	enum pw_status st;

	st = proc_load_strict(proc_root, "net/snmp", &b, path, sizeof(path));
	if (st)
		goto out;
	st = snmp_parse(path, b.data, &s);
	if (st)
		goto out;
	*out = s;
out:
	buf_free(&b);
	return st;
}
