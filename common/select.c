/*
 * select.c - the k-th smallest of an array, and the nearest rank of a
 * percentile (select.h): introselect, Hoare's partition around a median
 * of three, heap sort when the partitions keep coming out lopsided.
 */
#include <stddef.h>

#include "select.h"

/* Below this many values, insertion sort is faster than partitioning. */
#define SELECT_SMALL 16

size_t
select_nearest_rank(unsigned pct, size_t n)
{
	size_t r;

	if (pct > 100)
		pct = 100;
	/* ceil(pct * n / 100) without overflowing pct * n */
	r = n / 100 * pct + ((n % 100) * pct + 99) / 100;
	return r > 0 ? r : 1;
}

static void
swap_d(double *a, double *b)
{
	double tmp = *a;

	*a = *b;
	*b = tmp;
}

static double
median3(double a, double b, double c)
{
	if (a < b) {
		if (b < c)
			return b;
		return a < c ? c : a;
	}
	if (a < c)
		return a;
	return b < c ? c : b;
}

static void
sift_down(double *a, size_t root, size_t n)
{
	size_t child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && a[child] < a[child + 1])
			child++;
		if (!(a[root] < a[child]))
			return;
		swap_d(&a[root], &a[child]);
		root = child;
	}
}

static void
heap_sort(double *a, size_t n)
{
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (i = n; i-- > 1;) {
		swap_d(&a[0], &a[i]);
		sift_down(a, 0, i);
	}
}

static void
insertion_sort(double *a, size_t n)
{
	size_t i, j;
	double x;

	for (i = 1; i < n; i++) {
		x = a[i];
		for (j = i; j > 0 && a[j - 1] > x; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/*
 * Hoare's partition of a[lo..hi] (inclusive) around p, a value found in that
 * range.  Afterwards *j < *i, a[lo..*j] <= p, a[*i..hi] >= p and anything
 * between equals p; both parts are shorter than the range.  Both scans stop
 * on values equal to p, so runs of equal values split in the middle.
 */
static void
partition(double *a, ptrdiff_t lo, ptrdiff_t hi, double p, ptrdiff_t *i_out,
	  ptrdiff_t *j_out)
{
	ptrdiff_t i = lo, j = hi;

	do {
		while (a[i] < p)
			i++;
		while (p < a[j])
			j--;
		if (i <= j)
			swap_d(&a[i++], &a[j--]);
	} while (i <= j);
	*i_out = i;
	*j_out = j;
}

double
select_kth(double *buf, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k, i, j;
	unsigned budget = 2;
	size_t m;
	double p;

	for (m = n; m > 1; m >>= 1)
		budget += 2;
	while (hi - lo >= SELECT_SMALL) {
		if (budget-- == 0) {
			heap_sort(buf + lo, (size_t)(hi - lo + 1));
			return buf[k];
		}
		p = median3(buf[lo], buf[lo + (hi - lo) / 2], buf[hi]);
		partition(buf, lo, hi, p, &i, &j);
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			return buf[k];
	}
	insertion_sort(buf + lo, (size_t)(hi - lo + 1));
	return buf[k];
}
