/*
 * test_mime.c - what of the mail message is ours, byte by byte: RFC 2047
 * words that never split a UTF-8 character, header folding, the refusal
 * of a line break in a header, the header lines of a whole message and
 * their Date format, the size cap, the subject template.  The parts and
 * their encodings are libcurl's: mime_body() is only built and freed here,
 * and tests/e2e/t0250-mail.t decodes what a server received.
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
	assert_string_equal(b.data, "Subject: perfweek web01 2026-W46: OK");
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
			    " =?UTF-8?B?w7wgdW5kIG1laHI=?=");
	buf_reset(&b);
	assert_int_equal(mime_header(&b, "Subject", "a\r\nBcc: x@y"),
			 PW_ECONFIG);
	buf_reset(&b);
	assert_int_equal(mime_header(&b, "Subject", "a\nBcc: x@y"), PW_ECONFIG);
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
		"  \r\n b");
	buf_free(&b);
}

/* The entries of l, each followed by "|". */
static char *
joined(const struct curl_slist *l)
{
	struct buf b;

	buf_init(&b, 1 << 16);
	for (; l; l = l->next)
		assert_int_equal(buf_printf(&b, "%s|", l->data), PW_OK);
	return buf_steal(&b);
}

static void
test_headers(void **state)
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
			      "line 1\nline 2\n",
			      14,
			      &part,
			      1 };
	struct curl_slist *h = NULL;
	char *s;

	(void)state;
	setenv("TZ", "UTC", 1);
	assert_int_equal(mime_headers(&m, &h), PW_OK);
	s = joined(h);
	assert_string_equal(s,
			    "Date: Thu, 01 Jan 1970 00:00:00 +0000|"
			    "From: perfweek <p@example.org>|"
			    "To: a@example.org, b@example.org|"
			    "Cc: c@example.org|"
			    "Subject: perfweek h 2026-W46: OK|"
			    "Message-ID: <id.1@example.org>|");
	free(s);
	curl_slist_free_all(h);
	h = NULL;
	/* No Cc header without Cc; a display name that is not ASCII is
	 * encoded, its address follows on a line of its own. */
	m.ncc = 0;
	m.from = "J\xc3\xb6rg <p@example.org>";
	m.date = 1794808800;
	assert_int_equal(mime_headers(&m, &h), PW_OK);
	s = joined(h);
	assert_string_equal(s,
			    "Date: Mon, 16 Nov 2026 06:00:00 +0000|"
			    "From: =?UTF-8?B?SsO2cmc=?=\r\n <p@example.org>|"
			    "To: a@example.org, b@example.org|"
			    "Subject: perfweek h 2026-W46: OK|"
			    "Message-ID: <id.1@example.org>|");
	free(s);
	curl_slist_free_all(h);
	h = NULL;
	/* A header injection through the subject or the Message-ID. */
	m.subject = "ok\r\nBcc: x@example.org";
	assert_int_equal(mime_headers(&m, &h), PW_ECONFIG);
	assert_null(h);
	m.subject = "ok";
	m.message_id = "id\n@x";
	assert_int_equal(mime_headers(&m, &h), PW_ECONFIG);
	assert_null(h);
}

/* mime_headers() of a message with one attachment of len bytes. */
static enum pw_status
headers_with(size_t len)
{
	static const char *const to[] = { "a@example.org" };
	/* The data is not read: only its length counts here. */
	struct mime_part part = { "big.pdf", "application/pdf", "", len };
	struct mime_msg m = { "p@x", to,     1,  NULL, 0,     "s",
			      0,     "id@x", "", 0,    &part, 1 };
	struct curl_slist *h = NULL;
	enum pw_status rc = mime_headers(&m, &h);

	assert_true(rc == PW_OK ? h != NULL : h == NULL);
	curl_slist_free_all(h);
	return rc;
}

/* The base64 of the attachments counts against MIME_MAX. */
static void
test_too_big(void **state)
{
	(void)state;
	/* Base64 makes 48 MiB 64 MiB, and its line breaks more. */
	assert_int_equal(headers_with(MIME_MAX / 2), PW_OK);
	assert_int_equal(headers_with(MIME_MAX / 4 * 3), PW_ETOOBIG);
}

/*
 * A From with a display name that is not ASCII puts its address on a line
 * of its own: an address of 1000 characters made a line longer than RFC
 * 5322's 998 and is refused, as a long display name is.
 */
static void
test_from_too_long(void **state)
{
	static const char *const to[] = { "a@example.org" };
	char from[1100];
	struct mime_msg m = { from, to,     1,  NULL, 0,    "s",
			      0,    "id@x", "", 0,    NULL, 0 };
	struct curl_slist *h = NULL;

	(void)state;
	memcpy(from, "J\xc3\xb6rg <", 7);
	memset(from + 7, 'a', 1000);
	memcpy(from + 1007, "@x>", 4);
	assert_int_equal(mime_headers(&m, &h), PW_ECONFIG);
	/* 890 characters still fit */
	memcpy(from + 897, "@x>", 4);
	assert_int_equal(mime_headers(&m, &h), PW_OK);
	assert_non_null(strstr(h->next->data, "\r\n <aaa"));
	curl_slist_free_all(h);
}

/* The parts go to libcurl, a name that is not ASCII as RFC 2231. */
static void
test_body(void **state)
{
	static const char *const to[] = { "a@example.org" };
	struct mime_part parts[2] = {
		{ "perfweek-h-2026-W46.pdf", "application/pdf", "%PDF", 4 },
		{ "perfweek-web-\xc3\xbc"
		  "1-2026-W46.json",
		  "application/json", "{}", 2 },
	};
	struct mime_msg m = { "p@x", to,     1,          NULL, 0,     "s",
			      0,     "id@x", "a\nb\r\n", 5,    parts, 2 };
	curl_mime *mime = NULL;
	CURL *c = curl_easy_init();

	(void)state;
	assert_non_null(c);
	assert_int_equal(mime_body(c, &m, &mime), PW_OK);
	assert_non_null(mime);
	curl_mime_free(mime);
	curl_easy_cleanup(c);
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
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_from_too_long),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_subject),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
