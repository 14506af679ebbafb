/*
 * load_cols.c - the names of the history tables' metric columns.
 *
 * metrics.h lists the columns once; this turns the lists into names and
 * looks names up, for the loader of raw snapshots (load.c), the loader of
 * hourly rollups (load_rollup.c, whose rows name their column) and the
 * renderers.
 */
#include <string.h>

#include "load.h"

#define NAME_STR(t, c, type) #c,
static const char *const disk_cols[] = { PW_DISK_METRICS(NAME_STR) };
static const char *const fs_cols[] = { PW_FS_METRICS(NAME_STR) };
static const char *const netif_cols[] = { PW_NETIF_METRICS(NAME_STR) };
#define HOST_STR(c, type, field) #c,
static const char *const host_cols[] = { PW_HOST_METRICS(HOST_STR) };
/* a struct dev_data holds DEV_MAX_COLS columns of any kind */
_Static_assert(sizeof(disk_cols) / sizeof(disk_cols[0]) <= DEV_MAX_COLS &&
		       sizeof(fs_cols) / sizeof(fs_cols[0]) <= DEV_MAX_COLS &&
		       sizeof(netif_cols) / sizeof(netif_cols[0]) <=
			       DEV_MAX_COLS,
	       "DEV_MAX_COLS is smaller than a metrics.h list");

size_t
load_dev_ncols(enum dev_kind kind)
{
	static const size_t n[DEV_KINDS] = {
		sizeof(disk_cols) / sizeof(disk_cols[0]),
		sizeof(fs_cols) / sizeof(fs_cols[0]),
		sizeof(netif_cols) / sizeof(netif_cols[0]),
	};
	return n[kind];
}

const char *
load_dev_col(enum dev_kind kind, size_t col)
{
	static const char *const *const cols[DEV_KINDS] = { disk_cols, fs_cols,
							    netif_cols };
	return cols[kind][col];
}

const char *
load_host_col(enum host_metric m)
{
	return host_cols[m];
}

int
load_host_index(const char *name)
{
	int i;

	for (i = 0; i < HM_COUNT; i++)
		if (strcmp(host_cols[i], name) == 0)
			return i;
	return -1;
}

int
load_dev_index(enum dev_kind kind, const char *name)
{
	size_t i;

	for (i = 0; i < load_dev_ncols(kind); i++)
		if (strcmp(load_dev_col(kind, i), name) == 0)
			return (int)i;
	return -1;
}
