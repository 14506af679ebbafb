/*
 * proc_parse.h - small text scanners shared by the /proc readers.
 *
 * A /proc file is lines of tokens separated by blanks (spaces and tabs).
 * These helpers walk a NUL-terminated buffer, as fileio_read() fills it,
 * without modifying it.  Scanning a token or a number never crosses a line
 * end, so a short line cannot borrow numbers from the next one, and a last
 * line without its newline is read like any other.
 *
 * Numbers are strict: decimal digits only (no sign, no "0x", no exponent),
 * overflow is an error, and the number must end at a blank or a line end
 * ("12kB" is not 12).  The scanners log nothing and return PW_EPARSE;
 * proc_load_strict, the two table parsers (proc_keys_parse,
 * proc_pairs_parse) and proc_keys_require log once, with the path they are
 * given.  Nothing here allocates but proc_load and proc_load_strict, into
 * the caller's buffer.
 */
#ifndef PW_PROC_PARSE_H
#define PW_PROC_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "status.h"

/*
 * Read root/rel into b, which this initialises with the /proc size cap, and
 * write the joined path into path (for messages).  Returns what
 * fileio_read() returns: PW_ENOTFOUND, unlogged, when the file is missing.
 * The caller calls buf_free(b) whatever the outcome.
 */
enum pw_status proc_load(const char *root, const char *rel, struct buf *b,
			 char *path, size_t pathsz);

/*
 * proc_load, and then a file that holds a NUL byte is PW_EPARSE, logged
 * with path: for readers that must not take a NUL for the end of the file
 * and silently drop what follows it.
 */
enum pw_status proc_load_strict(const char *root, const char *rel,
				struct buf *b, char *path, size_t pathsz);

/* p moved past spaces and tabs (never past a line end). */
const char *proc_skip_blanks(const char *p);

/* Nonzero when p, after blanks, is at a line end: '\n' or the final NUL. */
int proc_at_eol(const char *p);

/* The first byte after the token at p: a blank, '\n' or the final NUL. */
const char *proc_token_end(const char *p);

/*
 * The length of the token at p as an int, for printf's "%.*s"; INT_MAX for
 * a longer one.
 */
int proc_token_len(const char *p);

/*
 * The tokens of the line at p, from p to the line end: the first max
 * token starts are stored in tok, and the return value is the number of
 * tokens, which may be larger than max (0 for a blank line).
 */
size_t proc_tokens(const char *p, const char **tok, size_t max);

/*
 * The first byte c (neither '\n' nor NUL) from p to the end of its line,
 * or NULL.
 */
const char *proc_line_chr(const char *p, char c);

/* The start of the line after the one p points into; NULL on the last line. */
const char *proc_line_next(const char *p);

/*
 * The first line whose first token is exactly key ("cpu" matches "cpu  1 2"
 * but not "cpu0 1 2"); returns a pointer just past the key, or NULL.
 */
const char *proc_line_find(const char *text, const char *key);

/*
 * Parse the unsigned decimal number at *pp (blanks skipped first) into
 * *out and move *pp past it.  PW_EPARSE, with *pp and *out untouched, when
 * there is no number, it overflows, or garbage follows it.
 */
enum pw_status proc_scan_u64(const char **pp, uint64_t *out);

/*
 * Same for a fixed-point decimal as the kernel prints it ("350735.47",
 * "0.00", "12"): digits, optionally '.' and at least one digit.  Parsed by
 * hand, so the result does not depend on the locale's decimal point.
 */
enum pw_status proc_scan_decimal(const char **pp, double *out);

/* One number to pick out of a file; see proc_keys_parse and proc_pairs_parse. */
struct proc_key {
	const char *name; /* "MemTotal:", "pswpin", "CurrEstab" */
	uint64_t value;   /* set when found */
	int found;        /* set to 1 when found; the caller zeroes it */
};

/*
 * "key value" files (/proc/meminfo, /proc/vmstat, /proc/stat): for every
 * line whose first token equals keys[i].name, parse the number after it
 * into keys[i].value and set keys[i].found.  The first such line wins;
 * lines with other keys are skipped unparsed, so unknown lines never fail.
 * A wanted line without a valid number is PW_EPARSE (logged with path).
 * A key that is absent is not an error here: the caller checks found.
 */
enum pw_status proc_keys_parse(const char *path, const char *text,
			       struct proc_key *keys, size_t nkeys);

/*
 * Header and value line pairs (/proc/net/snmp, /proc/net/netstat):
 *
 *	Tcp: RtoAlgorithm RtoMin ... CurrEstab ...
 *	Tcp: 1 200 ... 37 ...
 *
 * prefix is the first token ("Tcp:").  Columns are matched by header name,
 * never by position; keys[i].found tells which names were present.  Logged
 * PW_EPARSE when there is no prefix line, no value line under the header,
 * the two lines have different numbers of columns, or a wanted value is
 * not an unsigned number (other columns may hold anything, e.g. "-1").
 */
enum pw_status
proc_pairs_parse(const char *path, const char *text, const char *prefix,
		 struct proc_key *keys, size_t nkeys);

/*
 * PW_OK when every one of keys was found; otherwise PW_EPARSE, logged for
 * the first key not found as "no 'NAME' line", or, with a prefix (keys
 * filled by proc_pairs_parse), as "no 'PREFIX NAME' column".  To require
 * only some keys, pass the part of the array that holds them.
 */
enum pw_status proc_keys_require(const char *path, const char *prefix,
				 const struct proc_key *keys, size_t nkeys);

#endif
