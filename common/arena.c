/*
 * arena.c - chained blocks, freed together (arena.h).
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_BLOCK ((size_t)16 << 10)

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

void *
arena_alloc(struct arena *a, size_t n, size_t size)
{
	const size_t align = alignof(max_align_t);
	struct arena_block *b = a->head;
	size_t want, off;

	if (size && n > SIZE_MAX / size)
		return NULL;
	want = n * size;
	if (want == 0)
		want = 1;
	if (want > SIZE_MAX - align)
		return NULL;
	off = b ? (b->used + align - 1) / align * align : 0;
	if (!b || off > b->size || b->size - off < want) {
		int large = want > ARENA_BLOCK;
		size_t bsize = large ? want : ARENA_BLOCK;

		if (bsize > SIZE_MAX - sizeof(*b) ||
		    !(b = malloc(sizeof(*b) + bsize)))
			return NULL;
		b->size = bsize;
		b->used = 0;
		off = 0;
		if (a->head && large) {
			/* a large request: keep the current block in front */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	b->used = off + want;
	memset(b->data + off, 0, want);
	return b->data + off;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	if ((p = arena_alloc(a, n, 1)))
		memcpy(p, s, n);
	return p;
}

void
arena_free(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}
