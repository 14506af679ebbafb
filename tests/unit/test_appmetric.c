/*
 * test_appmetric.c - --gauge parsing, metric names, and running plugins.
 *
 * The plugin test builds a scratch directory of #!/bin/sh plugins that
 * behave well, exit 1, hang, print a malformed line, print 100 KB, die by a
 * signal, print inf, lack a #! line, leave a child holding stdout, close
 * stdout and hang, flood stderr, plus files that must be ignored (not
 * executable, a dotfile, a backup~, a directory).  It asserts the exact
 * metrics kept, the failure count, that the hung plugin and its child were
 * killed within the limit, and that no zombie child is left behind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "appmetric.h"
#include "log.h"

struct plugin_file {
	const char *name;
	mode_t mode; /* 0: a directory */
	const char *text;
};

static const struct plugin_file plugin_files[] = {
	{ "10-good", 0755,
	  "#!/bin/sh\n"
	  "echo 'web.requests 42'\n"
	  "echo '# a comment'\n"
	  "echo ''\n"
	  "echo '   '\n"
	  "printf 'queue_depth\\t7.5\\n'\n"
	  "printf 'last_line 3'\n" },
	{ "20-exit1", 0755,
	  "#!/bin/sh\n"
	  "echo 'exit1.metric 1'\n"
	  "echo 'boom: config missing' >&2\n"
	  "echo 'second line' >&2\n"
	  "exit 1\n" },
	{ "30-sleep", 0755,
	  "#!/bin/sh\n"
	  "echo $$ > \"$(dirname \"$0\")/sleep.pid\"\n"
	  "echo 'sleep.metric 1'\n"
	  "sleep 10\n" },
	{ "40-malformed", 0755,
	  "#!/bin/sh\n"
	  "echo 'ok.metric 1'\n"
	  "echo 'this line is not a metric'\n" },
	{ "50-big", 0755,
	  "#!/bin/sh\n"
	  "yes 'big.metric 1' | head -c 102400\n" },
	{ "55-signal", 0755,
	  "#!/bin/sh\n"
	  "echo 'sig.metric 1'\n"
	  "kill -TERM $$\n" },
	{ "60-override", 0755,
	  "#!/bin/sh\n"
	  "echo 'web.requests 43'\n"
	  "echo 'late.metric -1e3'\n" },
	{ "65-inf", 0755,
	  "#!/bin/sh\n"
	  "echo 'fine.metric 1'\n"
	  "echo 'inf.metric inf'\n" },
	{ "67-noshebang", 0755, "echo 'noshebang.metric 1'\n" },
	{ "68-background", 0755,
	  "#!/bin/sh\n"
	  "echo 'bg.metric 1'\n"
	  "(sleep 10 &)\n" },
	{ "69-closed-stdout", 0755,
	  "#!/bin/sh\n"
	  "echo 'closed.metric 1'\n"
	  "exec >&- 2>&-\n"
	  "sleep 10\n" },
	{ "69-stderr-flood", 0755,
	  "#!/bin/sh\n"
	  "echo 'flood.metric 1'\n"
	  "yes 'flooding stderr' >&2\n" },
	{ "70-notexec", 0644, "#!/bin/sh\necho 'notexec.metric 1'\n" },
	{ ".hidden", 0755, "#!/bin/sh\necho 'hidden.metric 1'\n" },
	{ "80-backup~", 0755, "#!/bin/sh\necho 'backup.metric 1'\n" },
	{ "90-dir", 0, NULL },
};

#define NPLUGIN_FILES (sizeof(plugin_files) / sizeof(plugin_files[0]))

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
make_name(char *dst, size_t len, char c)
{
	memset(dst, c, len);
	dst[len] = '\0';
}

static void
test_name_ok(void **state)
{
	char name[APPMETRIC_NAME_MAX + 1];

	(void)state;
	assert_true(appmetric_name_ok("a"));
	assert_true(appmetric_name_ok("nginx.requests_total:rate-5m"));
	assert_true(appmetric_name_ok("A9"));
	make_name(name, APPMETRIC_NAME_MAX - 1, 'x');
	assert_true(appmetric_name_ok(name));
	make_name(name, APPMETRIC_NAME_MAX, 'x');
	assert_false(appmetric_name_ok(name));
	assert_false(appmetric_name_ok(""));
	assert_false(appmetric_name_ok("a b"));
	assert_false(appmetric_name_ok("a/b"));
	assert_false(appmetric_name_ok("a=b"));
	assert_false(appmetric_name_ok("caf\xc3\xa9"));
}

static void
test_gauge_good(void **state)
{
	struct app_metrics am = { NULL, 0, 0 };

	(void)state;
	assert_int_equal(appmetric_parse_gauge("cpu.temp=41.5", &am), PW_OK);
	assert_int_equal(appmetric_parse_gauge("a-b:c_d.e=-2", &am), PW_OK);
	assert_int_equal(appmetric_parse_gauge("big=1e3", &am), PW_OK);
	assert_int_equal(appmetric_parse_gauge("cpu.temp=40", &am), PW_OK);
	assert_int_equal(appmetric_parse_gauge("tiny=0x10", &am), PW_OK);
	assert_int_equal(am.n, 4);
	assert_string_equal(am.m[0].name, "cpu.temp");
	assert_true(am.m[0].value == 40.0);
	assert_string_equal(am.m[1].name, "a-b:c_d.e");
	assert_true(am.m[1].value == -2.0);
	assert_string_equal(am.m[2].name, "big");
	assert_true(am.m[2].value == 1000.0);
	assert_string_equal(am.m[3].name, "tiny");
	assert_true(am.m[3].value == 16.0);
	assert_int_equal(am.nfailed, 0);
	appmetric_free(&am);
	assert_null(am.m);
	assert_int_equal(am.n, 0);
	appmetric_free(NULL);
}

static void
test_gauge_bad(void **state)
{
	static const char *const bad[] = {
		"",        "novalue", "=1",     "bad name=1", "caf\xc3\xa9=1",
		"a/b=1",   "x=",      "x=abc",  "x=1.5x",     "x= 1",
		"x=1 ",    "x=inf",   "x=-inf", "x=nan",      "x=NAN",
		"x=1e999", "x=1=2",
	};
	struct app_metrics am = { NULL, 0, 0 };
	char arg[APPMETRIC_NAME_MAX + 8];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(appmetric_parse_gauge(bad[i], &am),
				 PW_ECONFIG);
	make_name(arg, APPMETRIC_NAME_MAX, 'n');
	strcat(arg, "=1");
	assert_int_equal(appmetric_parse_gauge(arg, &am), PW_ECONFIG);
	make_name(arg, APPMETRIC_NAME_MAX - 1, 'n');
	strcat(arg, "=1");
	assert_int_equal(appmetric_parse_gauge(arg, &am), PW_OK);
	assert_int_equal(am.n, 1);
	appmetric_free(&am);
}

static void
test_set_cap(void **state)
{
	struct app_metrics am = { NULL, 0, 0 };
	char name[32];

	(void)state;
	assert_int_equal(appmetric_set(&am, "bad name", 1.0), PW_ECONFIG);
	assert_int_equal(appmetric_set(&am, "x", NAN), PW_ECONFIG);
	for (int i = 0; i < APPMETRIC_MAX; i++) {
		snprintf(name, sizeof(name), "m%d", i);
		assert_int_equal(appmetric_set(&am, name, i), PW_OK);
	}
	assert_int_equal(am.n, APPMETRIC_MAX);
	assert_int_equal(appmetric_set(&am, "one.too.many", 1.0), PW_ETOOBIG);
	assert_int_equal(appmetric_set(&am, "m17", -5.0), PW_OK);
	assert_int_equal(am.n, APPMETRIC_MAX);
	assert_string_equal(am.m[17].name, "m17");
	assert_true(am.m[17].value == -5.0);
	assert_string_equal(am.m[APPMETRIC_MAX - 1].name, "m4095");
	assert_true(am.m[APPMETRIC_MAX - 1].value == 4095.0);
	assert_int_equal(appmetric_parse_gauge("another=1", &am), PW_ECONFIG);
	appmetric_free(&am);
}

static void
make_plugin_dir(char *dir)
{
	char path[PATH_MAX];

	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < NPLUGIN_FILES; i++) {
		const struct plugin_file *pf = &plugin_files[i];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, pf->name);
		if (pf->mode == 0) {
			assert_int_equal(mkdir(path, 0755), 0);
			continue;
		}
		f = fopen(path, "w");
		assert_non_null(f);
		assert_true(fputs(pf->text, f) >= 0);
		assert_int_equal(fclose(f), 0);
		assert_int_equal(chmod(path, pf->mode), 0);
	}
}

static void
remove_plugin_dir(const char *dir)
{
	char path[PATH_MAX];

	for (size_t i = 0; i < NPLUGIN_FILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir,
			 plugin_files[i].name);
		if (plugin_files[i].mode == 0)
			assert_int_equal(rmdir(path), 0);
		else
			assert_int_equal(unlink(path), 0);
	}
	snprintf(path, sizeof(path), "%s/sleep.pid", dir);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
}

/* Members of process group pgid that are still alive (not zombies). */
static int
count_live_in_group(int pgid)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int live = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char path[300], line[512], *rp, state;
		int ppid, pgrp;
		FILE *f;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue; /* exited meanwhile */
		rp = fgets(line, sizeof(line), f) ? strrchr(line, ')') : NULL;
		fclose(f);
		if (rp &&
		    sscanf(rp + 1, " %c %d %d", &state, &ppid, &pgrp) == 3 &&
		    pgrp == pgid && state != 'Z')
			live++;
	}
	closedir(d);
	return live;
}

/*
 * The hung plugin's process group is dead, its sleep child included.  The
 * orphaned child may stay a zombie until init reaps it: that is not ours.
 */
static void
assert_sleep_group_gone(const char *dir)
{
	char path[PATH_MAX];
	FILE *f;
	int pgid = 0, live = -1;

	snprintf(path, sizeof(path), "%s/sleep.pid", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%d", &pgid), 1);
	fclose(f);
	assert_true(pgid > 1);
	for (int i = 0; i < 100 && live != 0; i++) {
		struct timespec ts = { 0, 10 * 1000000L };

		live = count_live_in_group(pgid);
		if (live)
			nanosleep(&ts, NULL);
	}
	assert_int_equal(live, 0);
}

static void
test_run_plugins(void **state)
{
	struct app_metrics am = { NULL, 0, 0 };
	char dir[] = "/tmp/pw-am-XXXXXX";
	double t0, took;

	(void)state;
	make_plugin_dir(dir);
	assert_int_equal(appmetric_parse_gauge("gauge.first=5", &am), PW_OK);
	t0 = now_s();
	assert_int_equal(appmetric_run_plugins(dir, 0.5, &am), PW_OK);
	took = now_s() - t0;
	assert_true(took >= 0.45);
	assert_true(took < 3.0);

	/*
	 * 20, 30, 40, 50, 55, 65, 67, 68, 69 (both) failed; 70, .hidden,
	 * 80-backup~ and 90-dir were ignored.
	 */
	assert_int_equal(am.nfailed, 10);
	assert_int_equal(am.n, 5);
	assert_string_equal(am.m[0].name, "gauge.first");
	assert_true(am.m[0].value == 5.0);
	assert_string_equal(am.m[1].name, "web.requests");
	assert_true(am.m[1].value == 43.0);
	assert_string_equal(am.m[2].name, "queue_depth");
	assert_true(am.m[2].value == 7.5);
	assert_string_equal(am.m[3].name, "last_line");
	assert_true(am.m[3].value == 3.0);
	assert_string_equal(am.m[4].name, "late.metric");
	assert_true(am.m[4].value == -1000.0);

	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	assert_sleep_group_gone(dir);
	appmetric_free(&am);
	remove_plugin_dir(dir);
}

static void
test_run_plugins_missing_dir(void **state)
{
	struct app_metrics am = { NULL, 0, 0 };

	(void)state;
	assert_int_equal(
		appmetric_run_plugins("/nonexistent/perfweek.d", 1.0, &am),
		PW_OK);
	assert_int_equal(am.n, 0);
	assert_int_equal(am.nfailed, 0);
	assert_int_equal(appmetric_run_plugins("/tmp", 0.0, &am), PW_ECONFIG);
	assert_int_equal(appmetric_run_plugins("/dev/null", 1.0, &am), PW_EIO);
	appmetric_free(&am);
}

/*
 * An empty directory is no plugin and no failure.  It used to hand qsort()
 * a NULL array, which UBSan (check-sanitize) reports (found by clang-tidy).
 */
static void
test_run_plugins_empty_dir(void **state)
{
	struct app_metrics am = { NULL, 0, 0 };
	char dir[] = "/tmp/perfweek-test-empty.XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(appmetric_run_plugins(dir, 1.0, &am), PW_OK);
	assert_int_equal(am.n, 0);
	assert_int_equal(am.nfailed, 0);
	assert_int_equal(rmdir(dir), 0);
	appmetric_free(&am);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_ok),
		cmocka_unit_test(test_gauge_good),
		cmocka_unit_test(test_gauge_bad),
		cmocka_unit_test(test_set_cap),
		cmocka_unit_test(test_run_plugins),
		cmocka_unit_test(test_run_plugins_missing_dir),
		cmocka_unit_test(test_run_plugins_empty_dir),
	};

	log_init("test_appmetric", LOG_LVL_WARN, LOG_DEST_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
