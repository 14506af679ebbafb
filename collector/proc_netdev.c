/*
 * proc_netdev.c - read /proc/net/dev into a list of interfaces.
 *
 * After two header lines, each line is "name:" and 16 counters, eight for
 * receive (bytes packets errs drop fifo frame compressed multicast) and eight
 * for transmit (bytes packets errs drop fifo colls carrier compressed).  The
 * name is right-aligned in six columns, and old kernels glue it to a wide
 * first number ("eth0:1234567"), so the line is split at the first ':'
 * (Linux interface names cannot contain one).  All 16 counters are checked;
 * the bytes, packets, errors and drops of each direction are kept.  The
 * reader owns the array it returns and never guesses a number: a line that
 * is not exactly this shape makes the whole file PW_EPARSE.
 */
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "buf.h"
#include "log.h"
#include "proc.h"
#include "proc_parse.h"

#define NETDEV_COUNTERS     16
#define NETDEV_HEADER_LINES 2

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Which of the 16 counters are kept, and where they go. */
static const struct {
	size_t col;
	size_t off;
} netdev_kept[] = {
	{ 0, offsetof(struct netif_raw, rx_bytes) },
	{ 1, offsetof(struct netif_raw, rx_packets) },
	{ 2, offsetof(struct netif_raw, rx_errors) },
	{ 3, offsetof(struct netif_raw, rx_drops) },
	{ 8, offsetof(struct netif_raw, tx_bytes) },
	{ 9, offsetof(struct netif_raw, tx_packets) },
	{ 10, offsetof(struct netif_raw, tx_errors) },
	{ 11, offsetof(struct netif_raw, tx_drops) },
};

/*
 * Parse one interface line into nif.  *skip is set for a blank line and for
 * a name too long to keep (warned); PW_EPARSE for anything else not right.
 */
static enum pw_status
netdev_parse_line(const char *line, const char *path, unsigned lineno,
		  struct netif_raw *nif, int *skip)
{
	const char *f[NETDEV_COUNTERS], *name, *colon;
	uint64_t v[NETDEV_COUNTERS];
	size_t n, i, len;

	*skip = 0;
	if (proc_at_eol(line)) {
		*skip = 1;
		return PW_OK;
	}
	name = proc_skip_blanks(line);
	colon = proc_line_chr(name, ':');
	if (!colon || colon == name) {
		log_err("cannot parse '%s' line %u: no 'name:' at the start",
			path, lineno);
		return PW_EPARSE;
	}
	n = proc_tokens(colon + 1, f, NELEMS(f));
	if (n != NETDEV_COUNTERS) {
		log_err("cannot parse '%s' line %u: %zu counters, expected %d",
			path, lineno, n, NETDEV_COUNTERS);
		return PW_EPARSE;
	}
	for (i = 0; i < n; i++) {
		const char *p = f[i];

		if (proc_scan_u64(&p, &v[i])) {
			log_err("cannot parse '%s' line %u: counter %zu '%.*s' is not a 64-bit unsigned number",
				path, lineno, i + 1, proc_token_len(f[i]),
				f[i]);
			return PW_EPARSE;
		}
	}
	len = (size_t)(colon - name);
	if (len >= PROC_NAME_MAX) {
		log_warn(
			"'%s' line %u: interface name longer than %d bytes, line skipped",
			path, lineno, PROC_NAME_MAX - 1);
		*skip = 1;
		return PW_OK;
	}
	memset(nif, 0, sizeof(*nif));
	memcpy(nif->name, name, len);
	for (i = 0; i < NELEMS(netdev_kept); i++)
		*(uint64_t *)((char *)nif +
			      netdev_kept[i].off) = v[netdev_kept[i].col];
	return PW_OK;
}

static int
netdev_ignored(const char *name, const char *const *ignore)
{
	size_t i;

	for (i = 0; ignore && ignore[i]; i++)
		if (fnmatch(ignore[i], name, 0) == 0)
			return 1;
	return 0;
}

/* Append nif to the array, growing it; PW_ETOOBIG at PROC_MAX_NETIFS. */
static enum pw_status
netdev_push(struct proc_netdev *nd, size_t *alloc, const struct netif_raw *nif)
{
	enum pw_status rc;

	rc = array_reserve((void **)&nd->ifs, alloc, nd->nifs, sizeof(*nd->ifs),
			   PROC_MAX_NETIFS);
	if (rc == PW_ENOMEM)
		log_err("out of memory reading network statistics");
	if (rc)
		return rc;
	nd->ifs[nd->nifs++] = *nif;
	return PW_OK;
}

static int
netdev_cmp(const void *a, const void *b)
{
	const struct netif_raw *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Parse the lines of text (path is for messages) into nd. */
static enum pw_status
netdev_parse_all(const char *text, const char *path, const char *const *ignore,
		 struct proc_netdev *nd)
{
	struct netif_raw nif;
	size_t alloc = 0;
	unsigned lineno;
	const char *line;
	enum pw_status st;
	int skip;

	for (lineno = 1, line = text; line && *line;
	     lineno++, line = proc_line_next(line)) {
		if (lineno <= NETDEV_HEADER_LINES) {
			if (proc_line_chr(line, '|') == NULL) {
				log_err("cannot parse '%s' line %u: expected a header line",
					path, lineno);
				return PW_EPARSE;
			}
			continue;
		}
		st = netdev_parse_line(line, path, lineno, &nif, &skip);
		if (st)
			return st;
		if (skip || netdev_ignored(nif.name, ignore))
			continue;
		st = netdev_push(nd, &alloc, &nif);
		if (st == PW_ETOOBIG) {
			log_warn(
				"'%s' has more than %d interfaces, the rest are ignored",
				path, PROC_MAX_NETIFS);
			break;
		}
		if (st)
			return st;
	}
	if (lineno <= NETDEV_HEADER_LINES) {
		log_err("cannot parse '%s': header lines missing", path);
		return PW_EPARSE;
	}
	return PW_OK;
}

/*
 * Read proc_root/net/dev.  On success out->ifs is allocated (or NULL when no
 * interface is kept) and the caller frees it with proc_netdev_free().
 */
enum pw_status
proc_netdev_read(const char *proc_root, const char *const *ignore,
		 struct proc_netdev *out)
{
	struct proc_netdev nd = { NULL, 0 };
	char path[PATH_MAX];
	struct buf b;
	enum pw_status st;

	st = proc_load_strict(proc_root, "net/dev", &b, path, sizeof(path));
	if (st)
		goto out;
	st = netdev_parse_all(b.data, path, ignore, &nd);
	if (st)
		goto out;
	if (nd.nifs > 1)
		qsort(nd.ifs, nd.nifs, sizeof(*nd.ifs), netdev_cmp);
	*out = nd;
	nd.ifs = NULL;
out:
	free(nd.ifs);
	buf_free(&b);
	return st;
}

void
proc_netdev_free(struct proc_netdev *n)
{
	if (!n)
		return;
	free(n->ifs);
	n->ifs = NULL;
	n->nifs = 0;
}
