/*
 * proc_parse.c - the line, token and number scanners the /proc readers share.
 *
 * Owns nothing: but for the two loaders, which fill a caller's struct buf,
 * every function works on a caller's NUL-terminated buffer and never
 * writes to it.  Must never cross a line end while scanning a token or a
 * number, never accept a number it did not fully understand, and never
 * allocate outside the loaders.  Which functions log: see proc_parse.h.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "log.h"
#include "proc_parse.h"

_Static_assert(sizeof(unsigned long long) == sizeof(uint64_t),
	       "strtoull must fill exactly a uint64_t");

/* Fraction digits kept by proc_scan_decimal; 10^18 still fits a uint64_t. */
#define DECIMAL_MAX_DIGITS 18

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A byte that may end a token or a number. */
static int
is_delim(char c)
{
	return is_blank(c) || c == '\n' || c == '\0';
}

enum pw_status
proc_load(const char *root, const char *rel, struct buf *b, char *path,
	  size_t pathsz)
{
	enum pw_status st;

	buf_init(b, FILEIO_PROC_CAP);
	st = fileio_path(path, pathsz, root, rel);
	if (st)
		return st;
	return fileio_read(root, rel, b);
}

enum pw_status
proc_load_strict(const char *root, const char *rel, struct buf *b, char *path,
		 size_t pathsz)
{
	enum pw_status st;

	st = proc_load(root, rel, b, path, pathsz);
	if (st)
		return st;
	if (strlen(b->data) != b->len) {
		log_err("cannot parse '%s': contains a NUL byte", path);
		return PW_EPARSE;
	}
	return PW_OK;
}

const char *
proc_skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

int
proc_at_eol(const char *p)
{
	p = proc_skip_blanks(p);
	return *p == '\n' || *p == '\0';
}

const char *
proc_token_end(const char *p)
{
	while (!is_delim(*p))
		p++;
	return p;
}

int
proc_token_len(const char *p)
{
	size_t len = (size_t)(proc_token_end(p) - p);

	return len > INT_MAX ? INT_MAX : (int)len;
}

size_t
proc_tokens(const char *p, const char **tok, size_t max)
{
	size_t n = 0;

	while (!proc_at_eol(p)) {
		p = proc_skip_blanks(p);
		if (n < max)
			tok[n] = p;
		n++;
		p = proc_token_end(p);
	}
	return n;
}

const char *
proc_line_chr(const char *p, char c)
{
	for (; *p != '\n' && *p != '\0'; p++) {
		if (*p == c)
			return p;
	}
	return NULL;
}

const char *
proc_line_next(const char *p)
{
	const char *nl = strchr(p, '\n');

	if (!nl || nl[1] == '\0')
		return NULL;
	return nl + 1;
}

/* Past key when the first token of line is exactly key, else NULL. */
static const char *
line_key(const char *line, const char *key)
{
	const char *tok = proc_skip_blanks(line);
	size_t len = strlen(key);

	if (strncmp(tok, key, len) != 0 || !is_delim(tok[len]))
		return NULL;
	return tok + len;
}

const char *
proc_line_find(const char *text, const char *key)
{
	const char *line;

	for (line = text; line; line = proc_line_next(line)) {
		const char *p = line_key(line, key);

		if (p)
			return p;
	}
	return NULL;
}

enum pw_status
proc_scan_u64(const char **pp, uint64_t *out)
{
	const char *p = proc_skip_blanks(*pp);
	unsigned long long v;
	char *end;

	/* strtoull alone would accept blanks, newlines and a minus sign. */
	if (!isdigit((unsigned char)*p))
		return PW_EPARSE;
	errno = 0;
	v = strtoull(p, &end, 10);
	if (errno == ERANGE || !is_delim(*end))
		return PW_EPARSE;
	*out = (uint64_t)v;
	*pp = end;
	return PW_OK;
}

enum pw_status
proc_scan_decimal(const char **pp, double *out)
{
	const char *p = proc_skip_blanks(*pp);
	unsigned long long whole;
	uint64_t frac = 0;
	double scale = 1.0;
	char *end;

	if (!isdigit((unsigned char)*p))
		return PW_EPARSE;
	errno = 0;
	whole = strtoull(p, &end, 10);
	if (errno == ERANGE)
		return PW_EPARSE;
	p = end;
	if (*p == '.') {
		int ndigits = 0;

		p++;
		if (!isdigit((unsigned char)*p))
			return PW_EPARSE;
		for (; isdigit((unsigned char)*p); p++) {
			if (ndigits == DECIMAL_MAX_DIGITS)
				continue; /* beyond a double's precision */
			frac = frac * 10 + (uint64_t)(*p - '0');
			scale *= 10.0;
			ndigits++;
		}
	}
	if (!is_delim(*p))
		return PW_EPARSE;
	*out = (double)whole + (double)frac / scale;
	*pp = p;
	return PW_OK;
}

/* The not yet found key named by the len bytes at tok, or NULL. */
static struct proc_key *
key_lookup(struct proc_key *keys, size_t nkeys, const char *tok, size_t len)
{
	size_t i;

	for (i = 0; i < nkeys; i++) {
		if (!keys[i].found && strlen(keys[i].name) == len &&
		    memcmp(keys[i].name, tok, len) == 0)
			return &keys[i];
	}
	return NULL;
}

enum pw_status
proc_keys_parse(const char *path, const char *text, struct proc_key *keys,
		size_t nkeys)
{
	const char *line;

	for (line = text; line; line = proc_line_next(line)) {
		const char *tok = proc_skip_blanks(line);
		const char *p = proc_token_end(tok);
		struct proc_key *k;

		k = key_lookup(keys, nkeys, tok, (size_t)(p - tok));
		if (!k)
			continue;
		if (proc_scan_u64(&p, &k->value)) {
			log_err("cannot parse '%s': bad number after '%s'",
				path, k->name);
			return PW_EPARSE;
		}
		k->found = 1;
	}
	return PW_OK;
}

enum pw_status
proc_pairs_parse(const char *path, const char *text, const char *prefix,
		 struct proc_key *keys, size_t nkeys)
{
	const char *names, *values, *next, *end;
	struct proc_key *k;

	names = proc_line_find(text, prefix);
	if (!names) {
		log_err("cannot parse '%s': no '%s' lines", path, prefix);
		return PW_EPARSE;
	}
	next = proc_line_next(names);
	values = next ? line_key(next, prefix) : NULL;
	if (!values) {
		log_err("cannot parse '%s': no values under the '%s' header",
			path, prefix);
		return PW_EPARSE;
	}
	/* Walk the two lines in step, one column at a time. */
	while (!proc_at_eol(names) && !proc_at_eol(values)) {
		names = proc_skip_blanks(names);
		end = proc_token_end(names);
		k = key_lookup(keys, nkeys, names, (size_t)(end - names));
		if (k) {
			if (proc_scan_u64(&values, &k->value)) {
				log_err("cannot parse '%s': bad value for '%s %s'",
					path, prefix, k->name);
				return PW_EPARSE;
			}
			k->found = 1;
		} else
			values = proc_token_end(proc_skip_blanks(values));
		names = end;
	}
	if (!proc_at_eol(names) || !proc_at_eol(values)) {
		log_err("cannot parse '%s': the '%s' lines have different numbers of columns",
			path, prefix);
		return PW_EPARSE;
	}
	return PW_OK;
}

enum pw_status
proc_keys_require(const char *path, const char *prefix,
		  const struct proc_key *keys, size_t nkeys)
{
	size_t i;

	for (i = 0; i < nkeys; i++) {
		if (keys[i].found)
			continue;
		if (prefix)
			log_err("cannot parse '%s': no '%s %s' column", path,
				prefix, keys[i].name);
		else
			log_err("cannot parse '%s': no '%s' line", path,
				keys[i].name);
		return PW_EPARSE;
	}
	return PW_OK;
}
