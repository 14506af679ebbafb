/*
 * buf.h - a growable byte buffer with a size cap.
 *
 * Everything perfweek reads from outside (files under /proc, plugin output,
 * HTTP bodies, templates) lands in a struct buf whose cap is set by the caller.
 * Going past the cap fails with PW_ETOOBIG; any failure frees the buffer, so
 * a caller has nothing to clean up but what it already owned.  The contents
 * are always NUL-terminated after a successful append.
 */
#ifndef PW_BUF_H
#define PW_BUF_H

#include <stddef.h>

#include "status.h"

struct buf {
	char *data;   /* NUL-terminated when len > 0 or after buf_init */
	size_t len;   /* bytes used, excluding the terminator */
	size_t alloc; /* bytes allocated */
	size_t cap;   /* most bytes len may reach */
};

void buf_init(struct buf *b, size_t cap);
/* Free the contents; the struct may be reused after buf_init.  NULL is fine. */
void buf_free(struct buf *b);
/* Empty the buffer but keep its memory. */
void buf_reset(struct buf *b);
/* Append n bytes.  On failure the buffer is freed. */
enum pw_status buf_add(struct buf *b, const void *p, size_t n);
enum pw_status buf_adds(struct buf *b, const char *s);
enum pw_status buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hand the data over to the caller, who frees it; the buffer is left empty. */
char *buf_steal(struct buf *b);

#endif
