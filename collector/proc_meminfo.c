/*
 * proc_meminfo.c - read /proc/meminfo: total, free, available, buffers,
 * cached and swap, converted from the kernel's kB to bytes.
 *
 * MemTotal, MemFree, SwapTotal and SwapFree are required (every kernel
 * has them, so one missing means a cut-off file), and so is a NUL-free
 * file.  MemAvailable appeared in 3.14; before that it is estimated as
 * MemFree + Buffers + Cached, the figure free(1) used, and those two are
 * required then.  A value too large to be counted in bytes is a
 * parse error, not a wrapped number.  Pure: reads one file, fills one
 * struct, never touches the database and never exits.
 */
#include <limits.h>
#include <stdint.h>

#include "buf.h"
#include "log.h"
#include "proc.h"
#include "proc_parse.h"

enum meminfo_key {
	MI_TOTAL,
	MI_FREE,
	MI_AVAILABLE,
	MI_BUFFERS,
	MI_CACHED,
	MI_SWAP_TOTAL,
	MI_SWAP_FREE,
	MI_NKEYS
};

/* kB to bytes; PW_EPARSE (logged) if the result would not fit. */
static enum pw_status
meminfo_bytes(const char *path, const struct proc_key *k, uint64_t *out)
{
	if (k->value > UINT64_MAX / 1024) {
		log_err("cannot parse '%s': '%s' value %llu kB is too large",
			path, k->name, (unsigned long long)k->value);
		return PW_EPARSE;
	}
	*out = k->value * 1024;
	return PW_OK;
}

static enum pw_status
meminfo_parse(const char *path, const char *text, struct proc_meminfo *m)
{
	struct proc_key keys[MI_NKEYS] = {
		[MI_TOTAL] = { "MemTotal:", 0, 0 },
		[MI_FREE] = { "MemFree:", 0, 0 },
		[MI_AVAILABLE] = { "MemAvailable:", 0, 0 },
		[MI_BUFFERS] = { "Buffers:", 0, 0 },
		[MI_CACHED] = { "Cached:", 0, 0 },
		[MI_SWAP_TOTAL] = { "SwapTotal:", 0, 0 },
		[MI_SWAP_FREE] = { "SwapFree:", 0, 0 },
	};
	uint64_t *const dst[MI_NKEYS] = {
		[MI_TOTAL] = &m->total_bytes,
		[MI_FREE] = &m->free_bytes,
		[MI_AVAILABLE] = &m->available_bytes,
		[MI_BUFFERS] = &m->buffers_bytes,
		[MI_CACHED] = &m->cached_bytes,
		[MI_SWAP_TOTAL] = &m->swap_total_bytes,
		[MI_SWAP_FREE] = &m->swap_free_bytes,
	};
	enum pw_status st;
	size_t i;

	st = proc_keys_parse(path, text, keys, MI_NKEYS);
	if (st)
		return st;
	/* every kernel has these: one missing means a cut-off file */
	st = proc_keys_require(path, NULL, &keys[MI_TOTAL], 2);
	if (!st)
		st = proc_keys_require(path, NULL, &keys[MI_SWAP_TOTAL], 2);
	/* without MemAvailable, the estimate needs Buffers and Cached */
	if (!st && !keys[MI_AVAILABLE].found)
		st = proc_keys_require(path, NULL, &keys[MI_BUFFERS], 2);
	if (st)
		return st;
	for (i = 0; i < MI_NKEYS; i++) {
		st = meminfo_bytes(path, &keys[i], dst[i]);
		if (st)
			return st;
	}
	/* Each term is below 2^54 after meminfo_bytes: the sum cannot wrap. */
	if (!keys[MI_AVAILABLE].found) {
		log_debug("'%s' has no MemAvailable, estimating it", path);
		m->available_bytes = m->free_bytes + m->buffers_bytes +
			m->cached_bytes;
	}
	return PW_OK;
}

enum pw_status
proc_meminfo_read(const char *proc_root, struct proc_meminfo *out)
{
	struct proc_meminfo m;
	struct buf b;
	char path[PATH_MAX];
	enum pw_status st;

	st = proc_load_strict(proc_root, "meminfo", &b, path, sizeof(path));
	if (st)
		goto out;
	st = meminfo_parse(path, b.data, &m);
	if (st)
		goto out;
	*out = m;
out:
	buf_free(&b);
	return st;
}
