/*
 * test_mime.c - the mail message byte by byte: base64 against RFC 4648's
 * test vectors, quoted-printable soft breaks, encoded trailing blanks and
 * '=', RFC 2047 words that never split a UTF-8 character, header folding,
 * the Date format, a whole message's structure, the subject template.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"
#include "mime.h"

static char *
encode(enum pw_status (*f)(struct buf *, const char *, size_t), const char *in,
       size_t len)
{
	struct buf b;

	buf_init(&b, 1 << 20);
	assert_int_equal(f(&b, in, len), PW_OK);
	assert_non_null(buf_add(&b, "", 0) == PW_OK ? b.data : NULL);
	return buf_steal(&b);
}

static void
test_base64_rfc4648(void **state)
{
	static const char *const v[][2] = {
		{ "f", "Zg==\r\n" },         { "fo", "Zm8=\r\n" },
		{ "foo", "Zm9v\r\n" },       { "foob", "Zm9vYg==\r\n" },
		{ "fooba", "Zm9vYmE=\r\n" }, { "foobar", "Zm9vYmFy\r\n" },
	};
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		s = encode(mime_base64, v[i][0], strlen(v[i][0]));
		assert_string_equal(s, v[i][1]);
		free(s);
	}
}

static void
test_base64_lines(void **state)
{
	char in[120], *s, *nl;

	(void)state;
	memset(in, 0xff, sizeof(in));
	s = encode(mime_base64, in, sizeof(in));
	/* 120 bytes = 160 characters: two lines of 76 and one of 8. */
	nl = strstr(s, "\r\n");
	assert_int_equal(nl - s, 76);
	nl = strstr(nl + 2, "\r\n");
	assert_int_equal(nl - s, 76 + 2 + 76);
	assert_int_equal(strlen(s), 160 + 3 * 2);
	free(s);
}

static void
test_qp(void **state)
{
	char line[100], *s;

	(void)state;
	s = encode(mime_qp, "a=b \nc\t\n", 8);
	assert_string_equal(s, "a=3Db=20\r\nc=09\r\n");
	free(s);
	s = encode(mime_qp, "caf\xc3\xa9\r\nend", 10);
	assert_string_equal(s, "caf=C3=A9\r\nend");
	free(s);
	/* 80 x: a soft break after 75 characters. */
	memset(line, 'x', 80);
	s = encode(mime_qp, line, 80);
	assert_int_equal(strlen(s), 80 + 3);
	assert_memory_equal(s + 75, "=\r\nxxxxx", 8);
	free(s);
	/* An =XX is never split by a soft break. */
	memset(line, 'x', 74);
	memcpy(line + 74, "\xc3\xa9", 2);
	s = encode(mime_qp, line, 76);
	assert_memory_equal(s + 74, "=\r\n=C3=A9", 9);
	free(s);
}

static void
test_header(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(mime_header(&b, "Subject",
				     "perfweek web01 "
				     "2026-W46: OK"),
			 PW_OK);
	assert_string_equal(b.data, "Subject: perfweek web01 2026-W46: OK\r\n");
	buf_reset(&b);
	/* 39 bytes fit the first word after "Subject: " within 76
	 * columns; the cut would fall inside the two-byte 'u with
	 * diaeresis', so it moves before it. */
	assert_int_equal(
		mime_header(&b, "Subject",
			    "Bericht fuer "
			    "0123456789012345678901234\xc3\xbc und mehr"),
		PW_OK);
	assert_string_equal(b.data,
			    "Subject: =?UTF-8?B?QmVyaWNodCBmdWVyIDAx"
			    "MjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ=?=\r\n"
			    " =?UTF-8?B?w7wgdW5kIG1laHI=?=\r\n");
	buf_reset(&b);
	assert_int_equal(mime_header(&b, "Subject", "a\r\nBcc: x@y"),
			 PW_ECONFIG);
	buf_reset(&b);
	/* A run of spaces longer than a line is not folded inside, which
	 * wrote a line of spaces only; the word after it is. */
	assert_int_equal(
		mime_header(
			&b, "Subject",
			"a                    "
			"                                                            "
			"      b"),
		PW_OK);
	assert_string_equal(
		b.data,
		"Subject: a                             "
		"                                                      "
		"  \r\n b\r\n");
	buf_free(&b);
}

static void
test_message(void **state)
{
	static const char *const to[] = { "a@example.org", "b@example.org" };
	static const char *const cc[] = { "c@example.org" };
	struct mime_part part = { "perfweek-h-2026-W46.pdf", "application/pdf",
				  "%PDF", 4 };
	struct mime_msg m = { "perfweek <p@example.org>",
			      to,
			      2,
			      cc,
			      1,
			      "perfweek h 2026-W46: OK",
			      0,
			      "id.1@example.org",
			      "=_pw_b",
			      "line 1\nline 2\n",
			      14,
			      &part,
			      1 };
	struct buf b;

	(void)state;
	setenv("TZ", "UTC", 1);
	buf_init(&b, 1 << 16);
	assert_int_equal(mime_build(&m, &b), PW_OK);
	assert_string_equal(
		b.data,
		"Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"
		"From: perfweek <p@example.org>\r\n"
		"To: a@example.org, b@example.org\r\n"
		"Cc: c@example.org\r\n"
		"Subject: perfweek h 2026-W46: OK\r\n"
		"Message-ID: <id.1@example.org>\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed;\r\n boundary=\"=_pw_b\"\r\n"
		"\r\nThis is a MIME message.\r\n\r\n"
		"--=_pw_b\r\n"
		"Content-Type: text/plain; charset=UTF-8\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n"
		"Content-Disposition: inline\r\n\r\n"
		"line 1\r\nline 2\r\n\r\n"
		"--=_pw_b\r\n"
		"Content-Type: application/pdf;\r\n"
		" name=\"perfweek-h-2026-W46.pdf\"\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"Content-Disposition: attachment;\r\n"
		" filename=\"perfweek-h-2026-W46.pdf\"\r\n\r\n"
		"JVBERg==\r\n"
		"--=_pw_b--\r\n");
	buf_free(&b);
}

/*
 * A From with a display name that is not ASCII puts its address on a line
 * of its own: an address of 1000 characters made a line longer than RFC
 * 5322's 998 and is refused now, as a long display name was.
 */
static void
test_from_too_long(void **state)
{
	static const char *const to[] = { "a@example.org" };
	char from[1100];
	struct mime_msg m = { from,   to,    1,  NULL, 0,    "s", 0,
			      "id@x", "=_b", "", 0,    NULL, 0 };
	struct buf b;

	(void)state;
	memcpy(from, "J\xc3\xb6rg <", 7);
	memset(from + 7, 'a', 1000);
	memcpy(from + 1007, "@x>", 4);
	buf_init(&b, 1 << 16);
	assert_int_equal(mime_build(&m, &b), PW_ECONFIG);
	buf_free(&b);
	/* 890 characters still fit */
	memcpy(from + 897, "@x>", 4);
	buf_init(&b, 1 << 16);
	assert_int_equal(mime_build(&m, &b), PW_OK);
	assert_non_null(strstr(b.data, "\r\n <aaa"));
	buf_free(&b);
}

static void
test_subject(void **state)
{
	struct mail_report r = {
		"web01", "2026-W46", "WARNING", "", 0, NULL, 0
	};
	char out[64];

	(void)state;
	assert_int_equal(mail_subject("perfweek {host} {week}: {status}", &r,
				      out, sizeof(out)),
			 PW_OK);
	assert_string_equal(out, "perfweek web01 2026-W46: WARNING");
	r.host = "evil\r\nBcc: x";
	assert_int_equal(mail_subject("{host} {other}", &r, out, sizeof(out)),
			 PW_OK);
	assert_string_equal(out, "evil  Bcc: x {other}");
	assert_int_equal(mail_subject("{host}{host}{host}{host}{host}{host}",
				      &r, out, sizeof(out)),
			 PW_ETOOBIG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_rfc4648),
		cmocka_unit_test(test_base64_lines),
		cmocka_unit_test(test_qp),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_from_too_long),
		cmocka_unit_test(test_subject),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
