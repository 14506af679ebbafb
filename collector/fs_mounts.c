/*
 * fs_mounts.c - the mount table, read the way df(1) reads it.
 *
 * Takes the text of a mounts file, splits it into lines of at least three
 * fields, unescapes the kernel's octal escapes, and drops what df drops: an
 * over-mounted entry (a later line at the same mount point wins), the types
 * not wanted, and a bind mount of a source already listed at a shorter
 * path.  The survivors come back sorted by mount point, capped at FS_MAX.
 * Pure: it works on a private copy of the text and never touches the
 * filesystems it lists (fs.c calls statvfs on them).
 */
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "fs_internal.h"
#include "log.h"

/* One line of the mount table; the strings point into a private copy. */
struct fs_line {
	char *source;
	char *mount;
	char *fstype;
	size_t idx; /* position in the file: later lines win over-mounts */
	int drop;
};

/* Decode the kernel's \ooo escapes (\040 space, \011, \012, \134) in place. */
static void
fs_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			int v = (s[1] - '0') * 64 + (s[2] - '0') * 8 +
				(s[3] - '0');

			if (v != 0) {
				*d++ = (char)v;
				s += 4;
				continue;
			}
		}
		*d++ = *s++;
	}
	*d = '\0';
}

static int
fs_type_wanted(const char *fstype, const char *const *types)
{
	if (!types)
		return 1;
	for (; *types; types++)
		if (strcmp(fstype, *types) == 0)
			return 1;
	return 0;
}

/*
 * A source that names one filesystem (a device, server:/export) rather
 * than a placeholder shared by unrelated mounts ("tmpfs", "none").
 */
static int
fs_source_is_device(const char *source)
{
	return source[0] == '/' || strchr(source, ':') != NULL;
}

static int
fs_cmp_mount_idx(const void *a, const void *b)
{
	const struct fs_line *x = a, *y = b;
	int c = strcmp(x->mount, y->mount);

	if (c)
		return c;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Same source together, then the shortest mount path first. */
static int
fs_cmp_source_len(const void *a, const void *b)
{
	const struct fs_line *x = a, *y = b;
	size_t lx, ly;
	int c = strcmp(x->source, y->source);

	if (c)
		return c;
	lx = strlen(x->mount);
	ly = strlen(y->mount);
	if (lx != ly)
		return (lx > ly) - (lx < ly);
	return fs_cmp_mount_idx(a, b);
}

/* Split text into lines of at least three fields, unescaped. */
static enum pw_status
fs_split(char *text, const char *name, struct fs_line **out, size_t *nout)
{
	struct fs_line *v = NULL, *nv;
	size_t n = 0, alloc = 0, lineno = 0;
	char *line, *next;

	for (line = text; line && *line; line = next) {
		char *save = NULL, *f[3];

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		f[0] = strtok_r(line, " \t", &save);
		if (!f[0])
			continue;
		f[1] = strtok_r(NULL, " \t", &save);
		f[2] = f[1] ? strtok_r(NULL, " \t", &save) : NULL;
		if (!f[2]) {
			log_err("cannot parse '%s' line %zu: fewer than 3 fields",
				name, lineno);
			free(v);
			return PW_EPARSE;
		}
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			nv = realloc(v, alloc * sizeof(*v));
			if (!nv) {
				free(v);
				return PW_ENOMEM;
			}
			v = nv;
		}
		for (int i = 0; i < 3; i++)
			fs_unescape(f[i]);
		v[n] = (struct fs_line){ f[0], f[1], f[2], n, 0 };
		n++;
	}
	*out = v;
	*nout = n;
	return PW_OK;
}

/* Mark over-mounted, unwanted and bind-mounted lines as dropped. */
static void
fs_mark_dropped(struct fs_line *v, size_t n, const char *const *types)
{
	const char *kept = NULL; /* source of the last bind mount kept */
	size_t i;

	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), fs_cmp_mount_idx);
	for (i = 0; i + 1 < n; i++)
		if (strcmp(v[i].mount, v[i + 1].mount) == 0)
			v[i].drop = 1;
	for (i = 0; i < n; i++)
		if (!v[i].drop && !fs_type_wanted(v[i].fstype, types))
			v[i].drop = 1;
	qsort(v, n, sizeof(*v), fs_cmp_source_len);
	for (i = 0; i < n; i++) {
		if (v[i].drop || !fs_source_is_device(v[i].source))
			continue;
		if (kept && strcmp(kept, v[i].source) == 0)
			v[i].drop = 1;
		else
			kept = v[i].source;
	}
	qsort(v, n, sizeof(*v), fs_cmp_mount_idx);
}

static int
fs_copy_field(char *dst, size_t dstsz, const char *src)
{
	size_t len = strlen(src);

	if (len >= dstsz)
		return -1;
	memcpy(dst, src, len + 1);
	return 0;
}

/* Copy the kept lines, in mount order, capped at FS_MAX. */
static enum pw_status
fs_collect(const struct fs_line *v, size_t n, struct fs_mount **out,
	   size_t *nout)
{
	struct fs_mount *m;
	size_t i, k = 0, nkeep = 0;

	for (i = 0; i < n; i++)
		nkeep += !v[i].drop;
	if (nkeep > FS_MAX)
		nkeep = FS_MAX;
	m = calloc(nkeep ? nkeep : 1, sizeof(*m));
	if (!m)
		return PW_ENOMEM;
	for (i = 0; i < n; i++) {
		if (v[i].drop)
			continue;
		if (k == FS_MAX) {
			log_warn(
				"more than %d filesystems; '%s' and later ones left out",
				FS_MAX, v[i].mount);
			break;
		}
		if (fs_copy_field(m[k].mount, sizeof(m[k].mount), v[i].mount) ||
		    fs_copy_field(m[k].source, sizeof(m[k].source),
				  v[i].source) ||
		    fs_copy_field(m[k].fstype, sizeof(m[k].fstype),
				  v[i].fstype)) {
			log_warn("mount entry '%.64s...' too long; skipped",
				 v[i].mount);
			continue;
		}
		k++;
	}
	if (k == 0) {
		free(m);
		m = NULL;
	}
	*out = m;
	*nout = k;
	return PW_OK;
}

enum pw_status
fs_parse_mounts(const char *text, const char *name, const char *const *types,
		struct fs_mount **out, size_t *nout)
{
	struct fs_line *v = NULL;
	size_t n = 0;
	char *copy;
	enum pw_status st;

	copy = strdup(text);
	if (!copy)
		return PW_ENOMEM;
	st = fs_split(copy, name, &v, &n);
	if (st)
		goto out;
	fs_mark_dropped(v, n, types);
	st = fs_collect(v, n, out, nout);
out:
	free(v);
	free(copy);
	return st;
}
