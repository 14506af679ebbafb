/*
 * test_proc_parse.c - unit tests of the proc_parse scanners: strict
 * numbers, line and token walking, and the two table parsers.
 *
 * Each test feeds a small buffer and checks the exact value, where the
 * cursor ended, and that a failure leaves cursor and value untouched.
 * Where a helper's message is its contract (proc_keys_require,
 * proc_load_strict), stderr is captured and the message checked.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "unit.h"
#include "log.h"
#include "proc_parse.h"

/* stderr sent to a temporary file while a helper logs. */
struct capture {
	FILE *f;
	int saved_fd;
};

static void
capture_start(struct capture *c)
{
	fflush(stderr);
	c->f = tmpfile();
	assert_non_null(c->f);
	c->saved_fd = dup(STDERR_FILENO);
	assert_true(c->saved_fd >= 0);
	assert_true(dup2(fileno(c->f), STDERR_FILENO) >= 0);
}

/* Restore stderr and put what was written to it into out. */
static void
capture_stop(struct capture *c, char *out, size_t outsz)
{
	size_t n;

	fflush(stderr);
	assert_true(dup2(c->saved_fd, STDERR_FILENO) >= 0);
	assert_int_equal(close(c->saved_fd), 0);
	rewind(c->f);
	n = fread(out, 1, outsz - 1, c->f);
	out[n] = '\0';
	assert_int_equal(fclose(c->f), 0);
}

static void
test_scan_u64(void **state)
{
	static const char *const bad[] = {
		"",
		"-1",
		"+1",
		"0x10",
		"12kB",
		"1.5",
		"18446744073709551616",
		"\n5",
	};
	const char *p;
	uint64_t v;
	size_t i;

	(void)state;
	p = " \t18446744073709551615 kB";
	assert_int_equal(proc_scan_u64(&p, &v), PW_OK);
	assert_true(v == UINT64_MAX);
	assert_string_equal(p, " kB");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = bad[i];
		v = 7;
		assert_int_equal(proc_scan_u64(&p, &v), PW_EPARSE);
		assert_ptr_equal(p, bad[i]);
		assert_int_equal(v, 7);
	}
}

static void
test_scan_decimal(void **state)
{
	static const char *const bad[] = { "",    ".5",  "1.",  "1,5",
					   "nan", "1e3", "-0.5" };
	const char *p;
	double d;
	size_t i;

	(void)state;
	p = "350735.47 234388.90";
	assert_int_equal(proc_scan_decimal(&p, &d), PW_OK);
	assert_near(d, 350735.47);
	assert_int_equal(proc_scan_decimal(&p, &d), PW_OK);
	assert_near(d, 234388.90);
	assert_true(proc_at_eol(p));
	p = "0.1234567890123456789999"; /* digits past 18 are dropped */
	assert_int_equal(proc_scan_decimal(&p, &d), PW_OK);
	assert_near(d, 0.123456789012345678);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = bad[i];
		assert_int_equal(proc_scan_decimal(&p, &d), PW_EPARSE);
		assert_ptr_equal(p, bad[i]);
	}
}

static void
test_lines(void **state)
{
	const char *text = "cpu0 1\ncpu  2 3\n  intr 4\nlast 5";
	const char *p;
	uint64_t v;

	(void)state;
	p = proc_line_find(text, "cpu");
	assert_non_null(p);
	assert_int_equal(proc_scan_u64(&p, &v), PW_OK);
	assert_int_equal(v, 2);
	p = proc_line_find(text, "intr"); /* leading blanks skipped */
	assert_int_equal(proc_scan_u64(&p, &v), PW_OK);
	assert_int_equal(v, 4);
	p = proc_line_find(text, "last"); /* no trailing newline */
	assert_int_equal(proc_scan_u64(&p, &v), PW_OK);
	assert_int_equal(v, 5);
	assert_null(proc_line_find(text, "cp"));
	assert_null(proc_line_find(text, "1"));
	/* A number is never taken from the next line. */
	p = proc_line_find("a\nb 1\n", "a");
	assert_int_equal(proc_scan_u64(&p, &v), PW_EPARSE);
	assert_null(proc_line_next("one line\n"));
	assert_string_equal(proc_line_next("a\nb"), "b");
}

static void
test_keys_and_pairs(void **state)
{
	struct proc_key keys[2] = { { "b:", 0, 0 }, { "zz", 0, 0 } };
	struct proc_key cols[2] = { { "Y", 0, 0 }, { "Q", 0, 0 } };

	(void)state;
	assert_int_equal(
		proc_keys_parse("t", "a: x\nb:   9 kB\nb: 8\n", keys, 2),
		PW_OK);
	assert_int_equal(keys[0].found, 1);
	assert_int_equal(keys[0].value, 9);
	assert_int_equal(keys[1].found, 0);
	keys[0].found = 0;
	assert_int_equal(proc_keys_parse("t", "b: -9\n", keys, 2), PW_EPARSE);

	assert_int_equal(
		proc_pairs_parse("t", "P: X Y Z\nP: -1 42 x\n", "P:", cols, 2),
		PW_OK);
	assert_int_equal(cols[0].found, 1);
	assert_int_equal(cols[0].value, 42);
	assert_int_equal(cols[1].found, 0);
	cols[0].found = 0;
	assert_int_equal(
		proc_pairs_parse("t", "P: X Y\nP: 1 2 3\n", "P:", cols, 2),
		PW_EPARSE);
	cols[0].found = 0;
	assert_int_equal(
		proc_pairs_parse("t", "P: X Y\nQ: 1 2\n", "P:", cols, 2),
		PW_EPARSE);
	assert_int_equal(proc_pairs_parse("t", "", "P:", cols, 2), PW_EPARSE);
}

static void
test_tokens(void **state)
{
	const char *text = "  8  0\tsda 1 \nnext line\n";
	const char *tok[2] = { NULL, NULL };

	(void)state;
	/* All four counted, the first two stored, the next line not read. */
	assert_int_equal(proc_tokens(text, tok, 2), 4);
	assert_ptr_equal(tok[0], text + 2);
	assert_ptr_equal(tok[1], text + 5);
	assert_int_equal(proc_tokens(text + 12, tok, 2), 0); /* " \n" */
	assert_int_equal(proc_tokens(" \t\nx y", tok, 2), 0);
	assert_int_equal(proc_tokens("", tok, 2), 0);
	assert_int_equal(proc_tokens("last", tok, 2), 1); /* no '\n' */
	assert_string_equal(tok[0], "last");
	tok[0] = NULL;
	assert_int_equal(proc_tokens("a b c", tok, 0), 3);
	assert_null(tok[0]);

	assert_int_equal(proc_token_len("sda\tx"), 3);
	assert_int_equal(proc_token_len("eth0:1234 x"), 9);
	assert_int_equal(proc_token_len("8O000\n1"), 5);
	assert_int_equal(proc_token_len("\n"), 0);
	assert_int_equal(proc_token_len(""), 0);
}

static void
test_line_chr(void **state)
{
	const char *text = "  eth0: 1 2\nlo: 3";

	(void)state;
	assert_ptr_equal(proc_line_chr(text, ':'), text + 6);
	assert_null(proc_line_chr(text + 7, ':')); /* this line only */
	assert_ptr_equal(proc_line_chr(text + 12, ':'), text + 14);
	assert_string_equal(proc_line_chr("Inter-|   Receive", '|'),
			    "|   Receive");
	assert_null(proc_line_chr("", ':'));
	assert_null(proc_line_chr("\n:", ':'));
}

static void
test_keys_require(void **state)
{
	const struct proc_key keys[3] = { { "pswpin", 1, 1 },
					  { "pswpout", 0, 0 },
					  { "pgmajfault", 3, 1 } };
	struct capture c;
	char msg[256];

	(void)state;
	capture_start(&c);
	assert_int_equal(proc_keys_require("p", NULL, keys, 1), PW_OK);
	assert_int_equal(proc_keys_require("p", NULL, &keys[2], 1), PW_OK);
	assert_int_equal(proc_keys_require("p", NULL, keys, 0), PW_OK);
	capture_stop(&c, msg, sizeof(msg));
	assert_string_equal(msg, "");

	capture_start(&c);
	assert_int_equal(proc_keys_require("p", NULL, keys, 3), PW_EPARSE);
	capture_stop(&c, msg, sizeof(msg));
	assert_string_equal(
		msg, "test_proc_parse: cannot parse 'p': no 'pswpout' line\n");

	capture_start(&c);
	assert_int_equal(proc_keys_require("p", "Tcp:", keys, 3), PW_EPARSE);
	capture_stop(&c, msg, sizeof(msg));
	assert_string_equal(
		msg,
		"test_proc_parse: cannot parse 'p': no 'Tcp: pswpout' column\n");
}

/* Write n bytes of text to dir/name. */
static void
write_file(const char *dir, const char *name, const char *text, size_t n)
{
	char path[PATH_MAX];
	FILE *f;

	assert_true(snprintf(path, sizeof(path), "%s/%s", dir, name) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void
test_load_strict(void **state)
{
	char dir[] = "/tmp/pw-pp-XXXXXX", path[PATH_MAX], want[PATH_MAX + 64];
	char msg[PATH_MAX + 128];
	struct capture c;
	struct buf b;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "ok", "a 1\n", 4);
	write_file(dir, "nul", "a 1\0b 2\n", 8);

	assert_int_equal(proc_load_strict(dir, "ok", &b, path, sizeof(path)),
			 PW_OK);
	assert_string_equal(b.data, "a 1\n");
	assert_int_equal(b.len, 4);
	buf_free(&b);

	capture_start(&c);
	assert_int_equal(
		proc_load_strict(dir, "/missing", &b, path, sizeof(path)),
		PW_ENOTFOUND); /* unlogged */
	buf_free(&b);
	assert_int_equal(proc_load_strict(dir, "nul", &b, path, sizeof(path)),
			 PW_EPARSE);
	buf_free(&b);
	capture_stop(&c, msg, sizeof(msg));
	snprintf(want, sizeof(want),
		 "test_proc_parse: cannot parse "
		 "'%s/nul': contains a NUL byte\n",
		 dir);
	assert_string_equal(msg, want);
	assert_true(snprintf(want, sizeof(want), "%s/nul", dir) > 0);
	assert_string_equal(path, want); /* for the caller's messages */

	/* proc_load itself keeps the NUL: the bytes after it are there. */
	assert_int_equal(proc_load(dir, "nul", &b, path, sizeof(path)), PW_OK);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data + 4, "b 2\n");
	buf_free(&b);

	assert_true(snprintf(path, sizeof(path), "%s/ok", dir) > 0);
	assert_int_equal(unlink(path), 0);
	assert_true(snprintf(path, sizeof(path), "%s/nul", dir) > 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_u64),
		cmocka_unit_test(test_scan_decimal),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_keys_and_pairs),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_line_chr),
		cmocka_unit_test(test_keys_require),
		cmocka_unit_test(test_load_strict),
	};

	/* The failing cases log errors on purpose: on stderr, not syslog. */
	log_init("test_proc_parse", LOG_LVL_ERR, LOG_DEST_STDERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
