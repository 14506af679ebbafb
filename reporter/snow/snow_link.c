/*
 * snow_link.c - the rel="next" URL of an HTTP Link header (RFC 8288).
 *
 * ServiceNow pages with Link: <URL>;rel="first",<URL>;rel="next",...; the
 * next page is where the server says, because a page may be short without
 * being the last (access control filters records after the limit).  Pure:
 * a string in, a URL out.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "snow_int.h"

static const char *
skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/*
 * Does the rel value v (len bytes, space-separated types) name "next"?
 * A quoted value may hold quoted pairs (a backslash before any byte stands
 * for that byte, an escaped space included); they are read unescaped.
 */
static int
rel_has_next(const char *v, size_t len)
{
	size_t i, word = 0;
	int match = 1;
	char c;

	for (i = 0; i <= len; i++) {
		if (i == len || v[i] == ' ') {
			if (word == 4 && match)
				return 1;
			word = 0;
			match = 1;
			continue;
		}
		if (v[i] == '\\' && i + 1 < len)
			i++;
		c = v[i];
		if (word >= 4 || tolower((unsigned char)c) != "next"[word])
			match = 0;
		if (word < 5)
			word++;
	}
	return 0;
}

/*
 * Parse the parameters after one link's "<URL>" up to the next link;
 * *p is left after the comma.  1 if rel names next, 0 if not, -1 if
 * malformed.
 */
static int
link_params(const char **pp)
{
	const char *p = *pp, *name, *val;
	size_t nlen, vlen;
	int next = 0;

	for (;;) {
		p = skip_ws(p);
		if (*p == ',' || *p == '\0')
			break;
		if (*p++ != ';')
			return -1;
		p = skip_ws(p);
		name = p;
		while (*p &&
		       (isalnum((unsigned char)*p) || *p == '-' || *p == '*'))
			p++;
		nlen = (size_t)(p - name);
		p = skip_ws(p);
		val = "";
		vlen = 0;
		if (*p == '=') {
			p = skip_ws(p + 1);
			if (*p == '"') {
				/* A quoted string, where a backslash escapes a byte. */
				val = ++p;
				while (*p && *p != '"')
					p += p[0] == '\\' && p[1] ? 2 : 1;
				if (*p != '"')
					return -1;
				vlen = (size_t)(p++ - val);
			} else {
				val = p;
				while (*p && *p != ';' && *p != ',' &&
				       *p != ' ' && *p != '\t')
					p++;
				vlen = (size_t)(p - val);
			}
		}
		if (nlen == 3 && strncasecmp(name, "rel", 3) == 0 &&
		    rel_has_next(val, vlen))
			next = 1;
	}
	if (*p == ',')
		p++;
	*pp = p;
	return next;
}

enum pw_status
snow_link_next(const char *header, char *out, size_t outsz)
{
	const char *p = header, *url, *end;
	int r;

	for (;;) {
		p = skip_ws(p);
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return PW_ENOTFOUND;
		if (*p != '<')
			return PW_EPARSE;
		url = p + 1;
		if (!(end = strchr(url, '>')))
			return PW_EPARSE;
		p = end + 1;
		r = link_params(&p);
		if (r < 0)
			return PW_EPARSE;
		if (r == 1) {
			if ((size_t)(end - url) >= outsz)
				return PW_ETOOBIG;
			memcpy(out, url, (size_t)(end - url));
			out[end - url] = '\0';
			return PW_OK;
		}
	}
}
