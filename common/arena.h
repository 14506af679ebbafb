/*
 * arena.h - memory freed all at once: the report model's strings and
 * arrays.
 *
 * A builder that makes hundreds of small strings (names, evidence, times)
 * allocates them from one arena and frees nothing until the whole model
 * goes.  Blocks are chained; a request larger than a block gets a block of
 * its own.  Memory from arena_alloc is zeroed and aligned for any type.
 */
#ifndef PW_ARENA_H
#define PW_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* newest first; NULL when empty */
};

/* n elements of size bytes, zeroed; NULL on overflow or out of memory. */
void *arena_alloc(struct arena *a, size_t n, size_t size);
/* A copy of s; NULL when s is NULL or memory runs out. */
char *arena_strdup(struct arena *a, const char *s);
/* Free every block; the arena is then empty and may be reused. */
void arena_free(struct arena *a);

#endif
