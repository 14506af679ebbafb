/*
 * utf8.h - UTF-8 text for fixed-column output: decoding, display width,
 * cutting and padding to a number of columns, and cleaning text from
 * outside before it is shown.
 *
 * Display width is wcwidth-like, from tables generated out of the Unicode
 * database (common/gen-utf8-width.py): East Asian Wide and Fullwidth
 * characters (CJK, kana, Hangul, most emoji) take two columns; combining
 * and enclosing marks and format characters take none; the rest one.
 *
 * Cleaning (utf8_clean) is what both the text and the PDF report do to
 * every string of the model: each invalid UTF-8 sequence becomes U+FFFD;
 * C0 and C1 control characters (tab, newline and ESC included), DEL, the
 * line and paragraph separators U+2028 and U+2029 and the bidirectional
 * controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) become
 * a space.  Nothing here allocates but utf8_clean; nothing logs.
 */
#ifndef PW_UTF8_H
#define PW_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "status.h"

#define UTF8_REPLACEMENT 0xFFFDu
#define UTF8_ELLIPSIS    "\xe2\x80\xa6" /* U+2026, one column */

/*
 * Decode the character at s (NUL-terminated).  Returns its length in bytes
 * (at least 1; 0 only at the terminator) and sets *cp; an invalid or cut
 * sequence gives *cp = UTF8_REPLACEMENT and the length of the bytes that
 * belong to it, so decoding goes on after them.
 */
size_t utf8_decode(const char *s, uint32_t *cp);

/* Encode cp (at most 0x10FFFF) into out; returns the bytes written, 1-4. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* Columns cp takes on a terminal: 0, 1 or 2 (control characters: 0). */
int utf8_cp_width(uint32_t cp);

/* Columns s takes; invalid sequences count as U+FFFD, one column. */
size_t utf8_width(const char *s);

/* Columns the first n bytes of s take (whole characters only). */
size_t utf8_width_n(const char *s, size_t n);

/* 1 when cp is replaced by a space in cleaned text (see above). */
int utf8_is_unsafe(uint32_t cp);

/*
 * Append s to b in exactly cols columns: s itself, padded with spaces
 * when pad; or, when s is wider, its first whole characters and "…" in
 * cols columns (a space more when a wide character did not fit and pad).
 * Never cuts a character or separates a combining mark from its base.
 * On failure b is freed, as struct buf does.
 */
enum pw_status utf8_fit(struct buf *b, const char *s, size_t cols, int pad);

enum utf8_clean {
	UTF8_FIX_INVALID, /* invalid sequences only: text to store */
	UTF8_FOR_DISPLAY  /* and the unsafe characters: text to show */
};

/*
 * A cleaned copy of s (see above), NUL-terminated; the caller frees it.
 * NULL when memory runs out.
 */
char *utf8_clean(const char *s, enum utf8_clean how);

/* 1 when utf8_clean(s, how) would change nothing. */
int utf8_is_clean(const char *s, enum utf8_clean how);

#endif
