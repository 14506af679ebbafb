/*
 * array.c - doubling growth with a cap; see array.h.
 */
#include <stdint.h>
#include <stdlib.h>

#include "array.h"

enum pw_status
array_reserve(void **v, size_t *alloc, size_t n, size_t elem, size_t cap)
{
	size_t na;
	void *nv;

	if (n >= cap)
		return PW_ETOOBIG;
	if (n < *alloc)
		return PW_OK;
	na = *alloc ? *alloc * 2 : 16;
	if (na > cap)
		na = cap;
	if (na > SIZE_MAX / elem)
		return PW_ENOMEM;
	nv = realloc(*v, na * elem);
	if (!nv)
		return PW_ENOMEM;
	*v = nv;
	*alloc = na;
	return PW_OK;
}
