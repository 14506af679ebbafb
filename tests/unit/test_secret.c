/*
 * test_secret.c - credentials from the environment or a private file
 * (common/secret.c): what is accepted, what is refused, and what is read.
 *
 * Each test works in its own scratch directory under TMPDIR.  The test of
 * a file owned by someone else needs root (to chown it) and is skipped
 * otherwise.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "secret.h"

#define ENV "PERFWEEK_TEST_SECRET"

struct scratch {
	char dir[256];
	char path[300];
};

static int
setup(void **state)
{
	static struct scratch s;
	const char *tmp = getenv("TMPDIR");

	snprintf(s.dir, sizeof(s.dir), "%s/pw-secret.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(s.dir))
		return -1;
	snprintf(s.path, sizeof(s.path), "%s/secret", s.dir);
	unsetenv(ENV);
	log_init("test_secret", LOG_LVL_ERR, LOG_DEST_STDERR);
	*state = &s;
	return 0;
}

static int
teardown(void **state)
{
	struct scratch *s = *state;
	char p[320];

	unlink(s->path);
	snprintf(p, sizeof(p), "%s/link", s->dir);
	unlink(p);
	rmdir(s->dir);
	unsetenv(ENV);
	return 0;
}

/* Write len bytes of data to path with mode. */
static void
put(const char *path, const char *data, size_t len, mode_t mode)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void
test_private_file_read(void **state)
{
	struct scratch *s = *state;
	char out[64];

	put(s->path, "hunter2\n", 8, 0600);
	assert_int_equal(secret_get("test", ENV, s->path, out, sizeof(out)),
			 PW_OK);
	assert_string_equal(out, "hunter2");
	put(s->path, "hunter2\r\n", 9, 0400);
	assert_int_equal(secret_read_file("test", s->path, out, sizeof(out)),
			 PW_OK);
	assert_string_equal(out, "hunter2");
	/* only one trailing newline is taken off */
	put(s->path, "a b\n\n", 5, 0600);
	assert_int_equal(secret_read_file("test", s->path, out, sizeof(out)),
			 PW_OK);
	assert_string_equal(out, "a b\n");
	put(s->path, "no-newline", 10, 0600);
	assert_int_equal(secret_read_file("test", s->path, out, sizeof(out)),
			 PW_OK);
	assert_string_equal(out, "no-newline");
}

static void
test_loose_modes_refused(void **state)
{
	static const mode_t modes[] = { 0644, 0640, 0604, 0660, 0606, 0610 };
	struct scratch *s = *state;
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		put(s->path, "hunter2\n", 8, modes[i]);
		strcpy(out, "untouched");
		assert_int_equal(
			secret_read_file("test", s->path, out, sizeof(out)),
			PW_ECONFIG);
		/* nothing of the secret is left in the buffer */
		assert_null(strstr(out, "hunter2"));
	}
}

static void
test_other_owner_refused(void **state)
{
	struct scratch *s = *state;
	char out[64];

	if (geteuid() != 0)
		skip();
	put(s->path, "hunter2\n", 8, 0600);
	assert_int_equal(chown(s->path, 65534, 65534), 0);
	assert_int_equal(secret_read_file("test", s->path, out, sizeof(out)),
			 PW_ECONFIG);
}

static void
test_symlink_and_directory_refused(void **state)
{
	struct scratch *s = *state;
	char link[320], out[64];

	put(s->path, "hunter2\n", 8, 0600);
	snprintf(link, sizeof(link), "%s/link", s->dir);
	assert_int_equal(symlink(s->path, link), 0);
	assert_int_equal(secret_read_file("test", link, out, sizeof(out)),
			 PW_ECONFIG);
	assert_int_equal(secret_read_file("test", s->dir, out, sizeof(out)),
			 PW_ECONFIG);
}

static void
test_empty_large_nul_missing_refused(void **state)
{
	struct scratch *s = *state;
	char out[16], missing[320];

	put(s->path, "", 0, 0600);
	assert_int_equal(secret_read_file("test", s->path, out, sizeof(out)),
			 PW_ECONFIG);
	put(s->path, "\n", 1, 0600);
	assert_int_equal(secret_read_file("test", s->path, out, sizeof(out)),
			 PW_ECONFIG);
	/* 15 bytes fit in 16, 16 do not */
	put(s->path, "123456789012345", 15, 0600);
	assert_int_equal(secret_read_file("test", s->path, out, sizeof(out)),
			 PW_OK);
	put(s->path, "1234567890123456", 16, 0600);
	assert_int_equal(secret_read_file("test", s->path, out, sizeof(out)),
			 PW_ECONFIG);
	put(s->path, "ab\0cd", 5, 0600);
	assert_int_equal(secret_read_file("test", s->path, out, sizeof(out)),
			 PW_ECONFIG);
	snprintf(missing, sizeof(missing), "%s/missing", s->dir);
	assert_int_equal(secret_read_file("test", missing, out, sizeof(out)),
			 PW_ECONFIG);
}

static void
test_environment_wins(void **state)
{
	struct scratch *s = *state;
	char out[64];

	/* a refused file does not matter when the variable is set */
	put(s->path, "from-file\n", 10, 0644);
	assert_int_equal(setenv(ENV, "from-env", 1), 0);
	assert_int_equal(secret_get("test", ENV, s->path, out, sizeof(out)),
			 PW_OK);
	assert_string_equal(out, "from-env");
	/* an empty variable is as good as none */
	assert_int_equal(setenv(ENV, "", 1), 0);
	assert_int_equal(secret_get("test", ENV, s->path, out, sizeof(out)),
			 PW_ECONFIG);
	unsetenv(ENV);
	assert_int_equal(secret_get("test", ENV, "", out, sizeof(out)),
			 PW_ENOTFOUND);
	assert_int_equal(secret_get("test", ENV, NULL, out, sizeof(out)),
			 PW_ENOTFOUND);
	assert_int_equal(setenv(ENV, "far-too-long-for-the-buffer", 1), 0);
	assert_int_equal(secret_get("test", ENV, NULL, out, 8), PW_ECONFIG);
}

static void
test_wipe(void **state)
{
	char b[8] = "secret!";
	size_t i;

	(void)state;
	secret_wipe(b, sizeof(b));
	for (i = 0; i < sizeof(b); i++)
		assert_int_equal(b[i], 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_private_file_read, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_loose_modes_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_other_owner_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_symlink_and_directory_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_empty_large_nul_missing_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_environment_wins, setup,
						teardown),
		cmocka_unit_test(test_wipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
