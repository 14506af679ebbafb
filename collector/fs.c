/*
 * fs.c - size and usage of the real filesystems, as df(1) shows them.
 *
 * Reads the mount table (proc_root/self/mounts, else proc_root/mounts),
 * unescapes its octal escapes, drops what df drops (an over-mounted entry,
 * a bind mount of a source already listed at a shorter path) and the types
 * not wanted, then calls statvfs(3) on each filesystem.  A hung network
 * mount must never stall the collector, so each statvfs runs in its own
 * detached thread and the caller waits on a condition variable until all
 * have returned or the time limit has passed.  The threads share one
 * heap-allocated batch with a reference count: a thread still stuck in
 * statvfs at the deadline is abandoned, and whichever side lets go last
 * frees the batch, so no thread ever writes into memory already freed.
 * Workers only call statvfs and touch their batch: they never log,
 * allocate, or see the caller's structs.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "fs.h"
#include "fs_internal.h"
#include "log.h"

#define FS_STACK_BYTES	((size_t)256 << 10)	/* statvfs needs little */
#define FS_TIMEOUT_MAX_S 86400.0

/* One line of the mount table; the strings point into a private copy. */
struct fs_line {
	char *source;
	char *mount;
	char *fstype;
	size_t idx;	/* position in the file: later lines win over-mounts */
	int drop;
};

/* One statvfs call.  Written by its thread under the batch lock. */
struct fs_job {
	char path[FS_PATH_MAX];
	fs_statvfs_fn fn;
	struct fs_batch *batch;
	struct statvfs sv;
	int err;	/* errno of a failed call */
	int done;	/* the call returned (or the thread never started) */
	int started;	/* a thread was created for it */
};

/* Shared by the caller and every thread; freed by the last one out. */
struct fs_batch {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned refs;		/* the caller plus each running thread */
	size_t pending;		/* jobs not done yet */
	size_t njobs;
	struct fs_job jobs[];
};

/* Decode the kernel's \ooo escapes (\040 space, \011, \012, \134) in place. */
static void
fs_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
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
			log_err("cannot parse '%s' line %zu: fewer than 3 "
			    "fields", name, lineno);
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
	const char *kept = NULL;	/* source of the last bind mount kept */
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
			log_warn("more than %d filesystems; '%s' and later "
			    "ones left out", FS_MAX, v[i].mount);
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
fs_parse_mounts(const char *text, const char *name,
    const char *const *types, struct fs_mount **out, size_t *nout)
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

static void
fs_batch_free(struct fs_batch *b)
{
	pthread_cond_destroy(&b->cond);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

/* Drop one reference under the lock; free the batch if it was the last. */
static void
fs_batch_release_locked(struct fs_batch *b)
{
	int last = --b->refs == 0;

	pthread_mutex_unlock(&b->lock);
	if (last)
		fs_batch_free(b);
}

static void *
fs_worker(void *arg)
{
	struct fs_job *job = arg;
	struct fs_batch *b = job->batch;
	struct statvfs sv;
	int err = 0;

	memset(&sv, 0, sizeof(sv));
	if (job->fn(job->path, &sv) != 0)
		err = errno ? errno : EIO;
	pthread_mutex_lock(&b->lock);
	job->sv = sv;
	job->err = err;
	job->done = 1;
	b->pending--;
	pthread_cond_broadcast(&b->cond);
	fs_batch_release_locked(b);
	return NULL;
}

/* A batch of n jobs holding one reference per job plus the caller's. */
static struct fs_batch *
fs_batch_new(const struct fs_mount *mounts, size_t n, fs_statvfs_fn fn)
{
	struct fs_batch *b;
	pthread_condattr_t ca;
	size_t i;

	b = calloc(1, sizeof(*b) + n * sizeof(b->jobs[0]));
	if (!b)
		return NULL;
	if (pthread_condattr_init(&ca) != 0) {
		free(b);
		return NULL;
	}
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (pthread_cond_init(&b->cond, &ca) != 0) {
		pthread_condattr_destroy(&ca);
		free(b);
		return NULL;
	}
	pthread_condattr_destroy(&ca);
	if (pthread_mutex_init(&b->lock, NULL) != 0) {
		pthread_cond_destroy(&b->cond);
		free(b);
		return NULL;
	}
	b->refs = 1 + (unsigned)n;
	b->pending = n;
	b->njobs = n;
	for (i = 0; i < n; i++) {
		memcpy(b->jobs[i].path, mounts[i].mount,
		    sizeof(b->jobs[i].path));
		b->jobs[i].fn = fn;
		b->jobs[i].batch = b;
	}
	return b;
}

/* Start one detached thread per job, all signals blocked in the threads. */
static void
fs_batch_start(struct fs_batch *b)
{
	pthread_attr_t attr;
	sigset_t all, old;
	size_t i, stack = FS_STACK_BYTES;
	long min = sysconf(_SC_THREAD_STACK_MIN);

	if (min > 0 && (size_t)min > stack)
		stack = (size_t)min;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, stack);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < b->njobs; i++) {
		struct fs_job *job = &b->jobs[i];
		pthread_t tid;
		int rc = pthread_create(&tid, &attr, fs_worker, job);

		pthread_mutex_lock(&b->lock);
		if (rc != 0) {
			job->err = rc;
			job->done = 1;
			b->pending--;
			b->refs--;	/* never 0 here: the caller holds one */
		} else {
			job->started = 1;
		}
		pthread_mutex_unlock(&b->lock);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
}

static void
fs_fill_usage(struct fs_usage *u, const struct fs_mount *m,
    const struct statvfs *sv)
{
	uint64_t frsize = sv->f_frsize ? sv->f_frsize : sv->f_bsize;
	/* Never report more free than there is, whatever the fs says. */
	uint64_t bfree = sv->f_bfree < sv->f_blocks ?
	    sv->f_bfree : sv->f_blocks;
	uint64_t ffree = sv->f_ffree < sv->f_files ?
	    sv->f_ffree : sv->f_files;

	memset(u, 0, sizeof(*u));
	memcpy(u->mount, m->mount, sizeof(u->mount));
	memcpy(u->source, m->source, sizeof(u->source));
	memcpy(u->fstype, m->fstype, sizeof(u->fstype));
	u->size_bytes = (uint64_t)sv->f_blocks * frsize;
	u->used_bytes = ((uint64_t)sv->f_blocks - bfree) * frsize;
	u->avail_bytes = (uint64_t)sv->f_bavail * frsize;
	if (u->used_bytes > 0 || u->avail_bytes > 0)
		u->used_pct = (double)u->used_bytes /
		    ((double)u->used_bytes + (double)u->avail_bytes) * 100.0;
	if (sv->f_files > 0) {
		u->has_inodes = 1;
		u->inodes_used_pct = (double)(sv->f_files - ffree) /
		    (double)sv->f_files * 100.0;
	}
}

/* Wait until every job is done or the deadline passes; lock held. */
static void
fs_batch_wait_locked(struct fs_batch *b, double timeout_s)
{
	struct timespec deadline;
	time_t whole = (time_t)timeout_s;	/* at most FS_TIMEOUT_MAX_S */

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += whole;
	deadline.tv_nsec += (long)((timeout_s - (double)whole) * 1e9);
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	while (b->pending > 0) {
		int rc = pthread_cond_timedwait(&b->cond, &b->lock, &deadline);

		if (rc == ETIMEDOUT)
			break;
	}
}

/* Turn the finished jobs into out; log those that failed or hung. */
static void
fs_batch_collect_locked(const struct fs_batch *b,
    const struct fs_mount *mounts, double timeout_s, struct fs_list *out)
{
	size_t i;

	for (i = 0; i < b->njobs; i++) {
		const struct fs_job *job = &b->jobs[i];

		if (!job->done) {
			log_warn("statvfs on '%s' did not return within %g s; "
			    "skipped", mounts[i].mount, timeout_s);
			out->ntimeouts++;
		} else if (!job->started) {
			log_warn("cannot start a thread for statvfs on '%s': "
			    "%s; skipped", mounts[i].mount, strerror(job->err));
		} else if (job->err) {
			log_warn("statvfs on '%s' failed: %s; skipped",
			    mounts[i].mount, strerror(job->err));
		} else {
			fs_fill_usage(&out->fs[out->nfs++], &mounts[i],
			    &job->sv);
		}
	}
}

enum pw_status
fs_stat_mounts(const struct fs_mount *mounts, size_t n, double timeout_s,
    fs_statvfs_fn fn, struct fs_list *out)
{
	struct fs_list l = { NULL, 0, 0 };
	struct fs_batch *b;

	if (!(timeout_s > 0)) {
		log_err("bad statvfs time limit: %g s", timeout_s);
		return PW_ECONFIG;
	}
	if (timeout_s > FS_TIMEOUT_MAX_S)
		timeout_s = FS_TIMEOUT_MAX_S;
	if (n == 0) {
		*out = l;
		return PW_OK;
	}
	l.fs = calloc(n, sizeof(*l.fs));
	b = fs_batch_new(mounts, n, fn);
	if (!l.fs || !b) {
		free(l.fs);
		free(b);	/* no thread has seen it */
		return PW_ENOMEM;
	}
	fs_batch_start(b);
	pthread_mutex_lock(&b->lock);
	fs_batch_wait_locked(b, timeout_s);
	fs_batch_collect_locked(b, mounts, timeout_s, &l);
	fs_batch_release_locked(b);
	if (l.nfs == 0) {
		free(l.fs);
		l.fs = NULL;
	}
	*out = l;
	return PW_OK;
}

enum pw_status
fs_read(const char *proc_root, const char *const *types, double timeout_s,
    struct fs_list *out)
{
	struct fs_mount *mounts = NULL;
	size_t n = 0;
	struct buf text;
	char name[FS_PATH_MAX];
	const char *rel = "self/mounts";
	enum pw_status st;

	buf_init(&text, FILEIO_PROC_CAP);
	st = fileio_read(proc_root, rel, &text);
	if (st == PW_ENOTFOUND) {
		rel = "mounts";
		st = fileio_read(proc_root, rel, &text);
	}
	if (st)
		goto out;
	st = fileio_path(name, sizeof(name), proc_root, rel);
	if (st)
		goto out;
	st = fs_parse_mounts(text.data, name, types, &mounts, &n);
	if (st)
		goto out;
	st = fs_stat_mounts(mounts, n, timeout_s, statvfs, out);
out:
	free(mounts);
	buf_free(&text);
	return st;
}

void
fs_list_free(struct fs_list *l)
{
	if (!l)
		return;
	free(l->fs);
	l->fs = NULL;
	l->nfs = 0;
	l->ntimeouts = 0;
}
