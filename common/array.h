/*
 * array.h - room for one more element in a growable array with a cap.
 *
 * The readers of /proc, the counter set and the report loader all append
 * to arrays that double as they fill; this is that one mechanism.  On
 * failure the array is left as it was, still owned by the caller.
 */
#ifndef PW_ARRAY_H
#define PW_ARRAY_H

#include <stddef.h>

#include "status.h"

/*
 * Make *v (holding n elements of elem bytes, *alloc allocated) hold at
 * least n + 1, doubling from 16; PW_ETOOBIG when n has reached cap,
 * PW_ENOMEM when memory is short.
 */
enum pw_status
array_reserve(void **v, size_t *alloc, size_t n, size_t elem, size_t cap);

#endif
