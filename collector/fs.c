/*
 * fs.c - size and usage of the real filesystems, as df(1) shows them.
 *
 * Reads the mount table (proc_root/self/mounts, else proc_root/mounts),
 * has fs_mounts.c filter it, then calls statvfs(3) on each filesystem.  A
 * hung network mount must never stall the collector, so each statvfs runs
 * in its own detached thread and the caller waits on a condition variable
 * until all have returned or the time limit has passed.  The threads share
 * one heap-allocated batch with a reference count: a thread still stuck in
 * statvfs at the deadline is abandoned, and whichever side lets go last
 * frees the batch, so no thread ever writes into memory already freed.
 * Workers only call statvfs and touch their batch: they never log,
 * allocate, or see the caller's structs.
 */
#include <errno.h>
#include <math.h>
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

#define FS_STACK_BYTES   ((size_t)256 << 10) /* statvfs needs little */
#define FS_TIMEOUT_MAX_S 86400.0

/* One statvfs call.  Written by its thread under the batch lock. */
struct fs_job {
	char path[FS_PATH_MAX];
	fs_statvfs_fn fn;
	struct fs_batch *batch;
	struct statvfs sv;
	int err;     /* errno of a failed call */
	int done;    /* the call returned (or the thread never started) */
	int started; /* a thread was created for it */
};

/* Shared by the caller and every thread; freed by the last one out. */
struct fs_batch {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned refs;  /* the caller plus each running thread */
	size_t pending; /* jobs not done yet */
	size_t njobs;
	struct fs_job jobs[];
};

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
			b->refs--; /* never 0 here: the caller holds one */
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
	uint64_t bfree = sv->f_bfree < sv->f_blocks ? sv->f_bfree :
						      sv->f_blocks;
	uint64_t ffree = sv->f_ffree < sv->f_files ? sv->f_ffree : sv->f_files;

	memset(u, 0, sizeof(*u));
	memcpy(u->mount, m->mount, sizeof(u->mount));
	memcpy(u->source, m->source, sizeof(u->source));
	memcpy(u->fstype, m->fstype, sizeof(u->fstype));
	u->size_bytes = (uint64_t)sv->f_blocks * frsize;
	u->used_bytes = ((uint64_t)sv->f_blocks - bfree) * frsize;
	u->avail_bytes = (uint64_t)sv->f_bavail * frsize;
	if (u->used_bytes > 0 || u->avail_bytes > 0)
		u->used_pct = (double)u->used_bytes /
			((double)u->used_bytes + (double)u->avail_bytes) *
			100.0;
	u->inodes_used_pct = NAN; /* stored as NULL */
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
	time_t whole = (time_t)timeout_s; /* at most FS_TIMEOUT_MAX_S */

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
fs_batch_collect_locked(const struct fs_batch *b, const struct fs_mount *mounts,
			double timeout_s, struct fs_list *out)
{
	size_t i;

	for (i = 0; i < b->njobs; i++) {
		const struct fs_job *job = &b->jobs[i];

		if (!job->done) {
			log_warn(
				"statvfs on '%s' did not return within %g s; skipped",
				mounts[i].mount, timeout_s);
			out->ntimeouts++;
		} else if (!job->started) {
			log_warn(
				"cannot start a thread for statvfs on '%s': %s; skipped",
				mounts[i].mount, strerror(job->err));
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
		free(b); /* no thread has seen it */
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
