/*
 * select.h - order statistics without sorting: what the reporter's
 * percentiles and medians are made of (select.c).
 */
#ifndef PW_SELECT_H
#define PW_SELECT_H

#include <stddef.h>

/* The 1-based nearest rank of percentile pct (0..100) among n values. */
size_t select_nearest_rank(unsigned pct, size_t n);

/*
 * Return the k-th smallest (k from 0) of buf[0..n), n > k, which must hold no
 * NaN.  Reorders buf: afterwards buf[k] is that value, nothing before it is
 * larger and nothing after it is smaller.  O(n) on average, O(n log n) at
 * worst (introselect).
 */
double select_kth(double *buf, size_t n, size_t k);

#endif
