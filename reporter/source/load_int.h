/*
 * load_int.h - what load.c (the snapshots of the host) and load_dev.c (the
 * rows of its disks, filesystems and interfaces) share.
 */
#ifndef PW_LOAD_INT_H
#define PW_LOAD_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "load.h"
#include "status.h"

/*
 * Grow the arrays of one series set to hold want rows: the times, the
 * intervals, the boot times (when boot is not NULL) and the nidx columns
 * v[idx[0..nidx)], the ones read; the other columns stay NULL.
 */
enum pw_status
load_grow(size_t want, size_t *alloc, int64_t **t, double **dt, int64_t **boot,
	  double **v, const int *idx, size_t nidx);
/* A REAL column, NAN for NULL. */
double load_col_real(sqlite3_stmt *st, int i);
/* Bind ?1, ?2 and ?3. */
enum pw_status
load_bind3(sqlite3 *db, sqlite3_stmt *st, int64_t a, int64_t b, int64_t c);

/*
 * The devices of one kind with a row in the period, appended to d->dev (its
 * d->n host rows loaded).  snap_ids, when not NULL, holds the snapshot id
 * of each host row, ascending like the rows' times: the device table is
 * then read in its stored order over that range of ids, without a join.
 */
enum pw_status load_devices(sqlite3 *db, enum dev_kind kind, int64_t host_id,
			    int64_t start, int64_t end, const int64_t *snap_ids,
			    struct dataset *d, size_t *dev_alloc);

#endif
