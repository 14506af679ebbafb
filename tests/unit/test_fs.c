/*
 * test_fs.c - the mount table parser and the statvfs time limit of fs.c.
 *
 * Parsing is checked on fixture text (tests/fixtures/mounts/mixed) whose
 * mount points need not exist; fs_read end to end on fixture proc roots whose
 * mount points exist on any Linux machine, and on a scratch proc root whose
 * escaped mount points the test creates.  The time limit is driven for real:
 * a statvfs stand-in blocks for up to 5 s on one path and must be abandoned
 * after 0.3 s while the other filesystems are still returned.  The test then
 * lets the abandoned thread finish, so that ASan and valgrind see it write
 * its result and free the batch after fs_stat_mounts has returned.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "fs.h"
#include "fs_internal.h"
#include "log.h"

static const char *const test_types[] = { "ext4", "xfs", "vfat", "nfs4", NULL };

/* The stand-in's controls: a pipe whose write end releases it early. */
static int slow_pipe[2] = { -1, -1 };
static atomic_int slow_returned;

static const char *
src_dir(void)
{
	const char *s = getenv("PERFWEEK_SRC");

	return s ? s : ".";
}

static void
fixture_path(char *dst, size_t dstsz, const char *rel)
{
	int n = snprintf(dst, dstsz, "%s/tests/fixtures/mounts/%s", src_dir(),
			 rel);

	assert_true(n > 0 && (size_t)n < dstsz);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
assert_mount(const struct fs_mount *m, const char *mount, const char *source,
	     const char *fstype)
{
	assert_string_equal(m->mount, mount);
	assert_string_equal(m->source, source);
	assert_string_equal(m->fstype, fstype);
}

static void
test_parse_mixed(void **state)
{
	struct fs_mount *m = NULL;
	struct buf text;
	char dir[PATH_MAX];
	size_t n = 0;

	(void)state;
	fixture_path(dir, sizeof(dir), "");
	buf_init(&text, FILEIO_PROC_CAP);
	assert_int_equal(fileio_read(dir, "mixed", &text), PW_OK);
	assert_int_equal(
		fs_parse_mounts(text.data, "mixed", test_types, &m, &n), PW_OK);
	assert_int_equal(n, 10);
	assert_mount(&m[0], "/", "/dev/vda1", "ext4");
	assert_mount(&m[1], "/boot/efi", "/dev/vda15", "vfat");
	assert_mount(&m[2], "/home", "nfs.example.com:/export/home", "nfs4");
	assert_mount(&m[3], "/media/usb", "/dev/disk/by-label/My Stick",
		     "vfat");
	assert_mount(&m[4], "/mnt/back\\slash", "/dev/vde1", "xfs");
	assert_mount(&m[5], "/mnt/backup disk", "/dev/vdc1", "ext4");
	/* over-mounted: the later xfs wins, the earlier ext4 is hidden */
	assert_mount(&m[6], "/mnt/over", "/dev/vdg1", "xfs");
	assert_mount(&m[7], "/mnt/tab\tand\nnewline", "/dev/vdd1", "ext4");
	assert_mount(&m[8], "/scratch", "nfs.example.com:/export/scratch",
		     "nfs4");
	/* bind mount: the shorter path wins although it came second */
	assert_mount(&m[9], "/srv/data", "/dev/vdb1", "xfs");
	free(m);
	buf_free(&text);
}

static void
test_parse_all_types(void **state)
{
	static const char text[] = "tmpfs /run tmpfs rw 0 0\n"
				   "\n"
				   "tmpfs /dev/shm tmpfs rw 0 0\n"
				   "/dev/vda1 / ext4 rw 0 0\n"
				   "none /a\\0b\\000\\9x ext4 rw 0 0\n";
	struct fs_mount *m = NULL;
	size_t n = 0;

	(void)state;
	/* NULL keeps every type; "tmpfs" sources are not bind mounts */
	assert_int_equal(fs_parse_mounts(text, "t", NULL, &m, &n), PW_OK);
	assert_int_equal(n, 4);
	assert_mount(&m[0], "/", "/dev/vda1", "ext4");
	/* not \ooo with a non-zero value: kept as written */
	assert_mount(&m[1], "/a\\0b\\000\\9x", "none", "ext4");
	assert_mount(&m[2], "/dev/shm", "tmpfs", "tmpfs");
	assert_mount(&m[3], "/run", "tmpfs", "tmpfs");
	free(m);
}

static void
test_parse_bad_and_empty(void **state)
{
	static const char *const none[] = { NULL };
	struct fs_mount *m = (struct fs_mount *)&m;
	size_t n = 99;

	(void)state;
	assert_int_equal(
		fs_parse_mounts("/dev/vda1 /\n", "bad", test_types, &m, &n),
		PW_EPARSE);
	assert_ptr_equal(m, (struct fs_mount *)&m); /* untouched */
	assert_int_equal(n, 99);
	assert_int_equal(fs_parse_mounts("", "empty", test_types, &m, &n),
			 PW_OK);
	assert_null(m);
	assert_int_equal(n, 0);
	assert_int_equal(
		fs_parse_mounts("/dev/vda1 / ext4 rw 0 0\n", "t", none, &m, &n),
		PW_OK);
	assert_int_equal(n, 0);
}

/* The same numbers statvfs gives, allowing for writes in between. */
static void
assert_usage_matches(const struct fs_usage *u, const struct statvfs *a,
		     const struct statvfs *b)
{
	uint64_t fr = a->f_frsize, slack = (uint64_t)64 << 20;
	uint64_t av_a = a->f_bavail * fr, av_b = b->f_bavail * fr;
	uint64_t lo = av_a < av_b ? av_a : av_b;
	uint64_t hi = av_a > av_b ? av_a : av_b;
	uint64_t used_a = (a->f_blocks - a->f_bfree) * fr;

	assert_int_equal(u->size_bytes, (uint64_t)a->f_blocks * fr);
	assert_true(u->avail_bytes + slack >= lo);
	assert_true(u->avail_bytes <= hi + slack);
	assert_true(u->used_bytes + slack >= used_a &&
		    u->used_bytes <= used_a + slack);
	assert_true(u->used_pct >= 0.0 && u->used_pct <= 100.0);
	assert_int_equal(u->has_inodes, a->f_files > 0);
	if (a->f_files > 0) {
		double ipct = (double)(a->f_files - a->f_ffree) /
			(double)a->f_files * 100.0;

		assert_true(u->inodes_used_pct > ipct - 1.0 &&
			    u->inodes_used_pct < ipct + 1.0);
	}
}

static void
test_read_realpaths(void **state)
{
	struct fs_list l = { NULL, 0, 0 };
	struct statvfs before, after, tmp;
	char root[PATH_MAX];
	double pct;

	(void)state;
	fixture_path(root, sizeof(root), "realpaths");
	assert_int_equal(statvfs("/", &before), 0);
	assert_int_equal(fs_read(root, test_types, 2.0, &l), PW_OK);
	assert_int_equal(statvfs("/", &after), 0);
	assert_int_equal(statvfs("/tmp", &tmp), 0);
	assert_int_equal(l.nfs, 2);
	assert_int_equal(l.ntimeouts, 0);
	assert_string_equal(l.fs[0].mount, "/");
	assert_string_equal(l.fs[0].source, "/dev/vda1");
	assert_string_equal(l.fs[0].fstype, "ext4");
	assert_usage_matches(&l.fs[0], &before, &after);
	/* used_pct is df's used / (used + avail) of the numbers returned */
	pct = (double)l.fs[0].used_bytes /
		((double)l.fs[0].used_bytes + (double)l.fs[0].avail_bytes) *
		100.0;
	assert_true(l.fs[0].used_pct > pct - 1e-9 &&
		    l.fs[0].used_pct < pct + 1e-9);
	assert_string_equal(l.fs[1].mount, "/tmp");
	assert_string_equal(l.fs[1].source, "/dev/vdb1");
	assert_string_equal(l.fs[1].fstype, "xfs");
	assert_int_equal(l.fs[1].size_bytes,
			 (uint64_t)tmp.f_blocks * tmp.f_frsize);
	fs_list_free(&l);
	assert_null(l.fs);
	fs_list_free(NULL);
}

static void
test_read_fallback_and_missing(void **state)
{
	struct fs_list l = { NULL, 0, 0 };
	char root[PATH_MAX];

	(void)state;
	fixture_path(root, sizeof(root), "noself");
	assert_int_equal(fs_read(root, test_types, 2.0, &l), PW_OK);
	assert_int_equal(l.nfs, 1);
	assert_string_equal(l.fs[0].mount, "/");
	fs_list_free(&l);
	fixture_path(root, sizeof(root), "no-such-root");
	assert_int_equal(fs_read(root, test_types, 2.0, &l), PW_ENOTFOUND);
	assert_null(l.fs);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* Mount points with a space, a tab and a backslash, made at run time. */
static void
test_read_escaped_scratch(void **state)
{
	static const char *const names[] = { "with space", "tab\there",
					     "back\\slash" };
	struct fs_list l = { NULL, 0, 0 };
	char base[] = "/tmp/pw-fs-XXXXXX", p[PATH_MAX], text[4096];
	int n;

	(void)state;
	assert_non_null(mkdtemp(base));
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", base, names[i]);
		assert_int_equal(mkdir(p, 0700), 0);
	}
	snprintf(p, sizeof(p), "%s/proc", base);
	assert_int_equal(mkdir(p, 0700), 0);
	n = snprintf(text, sizeof(text),
		     "proc /proc proc rw 0 0\n"
		     "/dev/vdx1 %s/with\\040space ext4 rw 0 0\n"
		     "/dev/vdx2 %s/tab\\011here xfs rw 0 0\n"
		     "/dev/vdx3 %s/back\\134slash ext4 rw 0 0\n"
		     "/dev/vdx4 %s/missing ext4 rw 0 0\n",
		     base, base, base, base);
	assert_true(n > 0 && (size_t)n < sizeof(text));
	snprintf(p, sizeof(p), "%s/proc/mounts", base);
	write_file(p, text);
	snprintf(p, sizeof(p), "%s/proc", base);
	assert_int_equal(fs_read(p, test_types, 2.0, &l), PW_OK);
	/* the missing mount point fails statvfs: warned and left out */
	assert_int_equal(l.nfs, 3);
	assert_int_equal(l.ntimeouts, 0);
	snprintf(p, sizeof(p), "%s/back\\slash", base);
	assert_string_equal(l.fs[0].mount, p);
	snprintf(p, sizeof(p), "%s/tab\there", base);
	assert_string_equal(l.fs[1].mount, p);
	assert_string_equal(l.fs[1].source, "/dev/vdx2");
	snprintf(p, sizeof(p), "%s/with space", base);
	assert_string_equal(l.fs[2].mount, p);
	assert_true(l.fs[2].size_bytes > 0);
	fs_list_free(&l);
	snprintf(p, sizeof(p), "%s/proc/mounts", base);
	assert_int_equal(unlink(p), 0);
	snprintf(p, sizeof(p), "%s/proc", base);
	assert_int_equal(rmdir(p), 0);
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", base, names[i]);
		assert_int_equal(rmdir(p), 0);
	}
	assert_int_equal(rmdir(base), 0);
}

/* statvfs, except that "/slow" blocks for 5 s unless released. */
static int
slow_statvfs(const char *path, struct statvfs *sv)
{
	if (strcmp(path, "/slow") == 0) {
		struct pollfd pfd = { slow_pipe[0], POLLIN, 0 };

		while (poll(&pfd, 1, 5000) < 0 && errno == EINTR)
			;
		atomic_store(&slow_returned, 1);
		errno = EIO;
		return -1;
	}
	return statvfs(path, sv);
}

static void
test_stat_timeout(void **state)
{
	struct fs_mount m[3];
	struct fs_list l = { NULL, 0, 0 };
	double t0, took;

	(void)state;
	memset(m, 0, sizeof(m));
	strcpy(m[0].mount, "/");
	strcpy(m[1].mount, "/slow");
	strcpy(m[2].mount, "/tmp");
	for (int i = 0; i < 3; i++) {
		strcpy(m[i].source, "/dev/test");
		strcpy(m[i].fstype, "ext4");
	}
	assert_int_equal(pipe2(slow_pipe, O_CLOEXEC), 0);
	atomic_store(&slow_returned, 0);
	t0 = now_s();
	assert_int_equal(fs_stat_mounts(m, 3, 0.3, slow_statvfs, &l), PW_OK);
	took = now_s() - t0;
	assert_true(took >= 0.29 && took < 1.5);
	assert_int_equal(atomic_load(&slow_returned), 0);
	assert_int_equal(l.ntimeouts, 1);
	assert_int_equal(l.nfs, 2);
	assert_string_equal(l.fs[0].mount, "/");
	assert_string_equal(l.fs[1].mount, "/tmp");
	assert_true(l.fs[0].size_bytes > 0);
	fs_list_free(&l);

	/* Let the abandoned call return into a batch only it still holds. */
	close(slow_pipe[1]);
	for (int i = 0; i < 500 && !atomic_load(&slow_returned); i++)
		sleep_ms(10);
	assert_int_equal(atomic_load(&slow_returned), 1);
	sleep_ms(200); /* the worker unlocks, frees and exits */
	close(slow_pipe[0]);
}

static void
test_stat_bad_limit(void **state)
{
	struct fs_mount m;
	struct fs_list l = { NULL, 0, 0 };

	(void)state;
	memset(&m, 0, sizeof(m));
	strcpy(m.mount, "/");
	assert_int_equal(fs_stat_mounts(&m, 1, 0.0, statvfs, &l), PW_ECONFIG);
	assert_int_equal(fs_stat_mounts(&m, 1, -1.0, statvfs, &l), PW_ECONFIG);
	assert_int_equal(fs_stat_mounts(NULL, 0, 1.0, statvfs, &l), PW_OK);
	assert_int_equal(l.nfs, 0);
	assert_null(l.fs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_mixed),
		cmocka_unit_test(test_parse_all_types),
		cmocka_unit_test(test_parse_bad_and_empty),
		cmocka_unit_test(test_read_realpaths),
		cmocka_unit_test(test_read_fallback_and_missing),
		cmocka_unit_test(test_read_escaped_scratch),
		cmocka_unit_test(test_stat_timeout),
		cmocka_unit_test(test_stat_bad_limit),
	};

	log_init("test_fs", LOG_LVL_WARN, LOG_DEST_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
