/*
 * load.h - one host's snapshots of a period, out of the database.
 *
 * The reporter's only reader of the history tables: it fills a struct
 * dataset with parallel arrays (time, interval, one array per metric) for
 * the host-wide metrics, and one such set per disk, filesystem and
 * interface.  Missing values are NAN.  It knows the table layout; it
 * computes no statistics.
 */
#ifndef PW_LOAD_H
#define PW_LOAD_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "metrics.h"
#include "status.h"

enum host_metric {
#define HM_ENUM(c, type, field) HM_##c,
	PW_HOST_METRICS(HM_ENUM)
#undef HM_ENUM
	HM_COUNT
};

/* The columns of each device kind, in a struct dev_data's v[]. */
#define DCOL(t, c, type) t##_##c,
enum disk_col {
	PW_DISK_METRICS(DCOL)
};
enum fs_col {
	PW_FS_METRICS(DCOL)
};
enum netif_col {
	PW_NETIF_METRICS(DCOL)
};
#undef DCOL

enum dev_kind {
	DEV_DISK,
	DEV_FS,
	DEV_NETIF,
	DEV_KINDS
};

#define DEV_MAX_COLS  9
#define LOAD_NAME_MAX 512

struct dev_data {
	enum dev_kind kind;
	char name[LOAD_NAME_MAX];  /* sda, /var, eth0 */
	char label[LOAD_NAME_MAX]; /* dm name, fs source, or "" */
	size_t n;
	int64_t *t;              /* owned, ascending */
	double *dt;              /* owned, seconds each sample stands for */
	double *v[DEV_MAX_COLS]; /* owned, per column; NULL if not read */
	int host_times;          /* t and dt are the dataset's: not owned */
};

/* qsort() order of struct dev_data: by kind, then name. */
int load_dev_cmp(const void *a, const void *b);

struct dataset {
	size_t n;                  /* snapshots in the period */
	int64_t *t;                /* owned, ascending */
	double *dt;                /* owned; a baseline gets the nominal */
	int64_t *boot_time;        /* owned */
	double *v[HM_COUNT];       /* owned, NAN where NULL; NULL unread */
	double nominal_interval_s; /* median of the stored intervals */
	double spacing_s;          /* between samples: interval or 3600 */
	int from_rollups;          /* raw snapshots pruned: hourly rollups */
	int64_t snapshots;         /* snapshots behind the samples */
	struct dev_data *dev;      /* owned */
	size_t ndev;
};

/* Number, names and units of the columns of a device kind. */
size_t load_dev_ncols(enum dev_kind kind);
const char *load_dev_col(enum dev_kind kind, size_t col);
const char *load_host_col(enum host_metric m);

/*
 * Load host_id's snapshots with start <= ts < end; when there are none but
 * hourly rollups cover the period (raw snapshots pruned), load those: one
 * sample per hour, its average, standing for the hour (from_rollups set).
 * An empty period is PW_OK with n == 0.  Free with dataset_free (also after
 * a failure).
 */
enum pw_status load_dataset(sqlite3 *db, int64_t host_id, int64_t start,
			    int64_t end, struct dataset *out);
void dataset_free(struct dataset *d);

/* load_rollup.c: the rollup half of load_dataset. */
enum pw_status load_rollups(sqlite3 *db, int64_t host_id, int64_t start,
			    int64_t end, struct dataset *d);
/* Index of a host column or device column by name; -1 if unknown. */
int load_host_index(const char *name);
int load_dev_index(enum dev_kind kind, const char *name);

#endif
