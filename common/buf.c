/*
 * buf.c - growable buffer with a cap; frees itself when an append fails,
 * so that an error path never leaks a half-filled buffer.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/*
 * The cap is kept below SIZE_MAX / 2, so that neither doubling an
 * allocation nor cap + 1 can wrap in buf_add().
 */
void
buf_init(struct buf *b, size_t cap)
{
	if (cap > SIZE_MAX / 2)
		cap = SIZE_MAX / 2;
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void
buf_free(struct buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

enum pw_status
buf_add(struct buf *b, const void *p, size_t n)
{
	size_t need;

	if (n > b->cap || b->len > b->cap - n) {
		buf_free(b);
		return PW_ETOOBIG;
	}
	need = b->len + n + 1;
	if (need > b->alloc) {
		size_t na = b->alloc ? b->alloc : 256;
		char *nd;

		while (na < need)
			na *= 2;
		if (na > b->cap + 1)
			na = b->cap + 1;
		/* na >= need > 0: cap + 1 cannot wrap (buf_init). */
		/* NOLINTNEXTLINE(clang-analyzer-optin.portability.UnixAPI) */
		nd = realloc(b->data, na);
		if (!nd) {
			buf_free(b);
			return PW_ENOMEM;
		}
		b->data = nd;
		b->alloc = na;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return PW_OK;
}

enum pw_status
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

enum pw_status
buf_printf(struct buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;
	enum pw_status st;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		buf_free(b);
		return PW_ERR;
	}
	if ((size_t)n < sizeof(small))
		return buf_add(b, small, (size_t)n);

	/* Long output: make room, then format straight into the buffer. */
	st = buf_add(b, "", 0);
	if (st)
		return st;
	if ((size_t)n > b->cap || b->len > b->cap - (size_t)n) {
		buf_free(b);
		return PW_ETOOBIG;
	}
	{
		char *tmp = malloc((size_t)n + 1);

		if (!tmp) {
			buf_free(b);
			return PW_ENOMEM;
		}
		va_start(ap, fmt);
		if (vsnprintf(tmp, (size_t)n + 1, fmt, ap) != n) {
			va_end(ap);
			free(tmp);
			buf_free(b);
			return PW_ERR;
		}
		va_end(ap);
		st = buf_add(b, tmp, (size_t)n);
		free(tmp);
	}
	return st;
}

char *
buf_steal(struct buf *b)
{
	char *p = b->data;

	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	return p;
}
