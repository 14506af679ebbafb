/*
 * test_metrics.c - the metric lists of metrics.h against the tables the
 * schema migrations make.  Every line of a list names a column of its table
 * with the type the line declares, and every column of the table but its
 * keys has a line: a migration that adds a column without a line, or a line
 * without its migration, fails here.  So does a table of per-snapshot rows
 * that no list describes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "metrics.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct list_col {
	const char *table; /* as the line names it */
	const char *column;
	const char *type;
};

#define HOST_LINE(col, type, field) { "snapshot", #col, #type },
#define DEV_LINE(tbl, col, type)    { #tbl, #col, #type },
static const struct list_col host_list[] = { PW_HOST_METRICS(HOST_LINE) };
static const struct list_col disk_list[] = { PW_DISK_METRICS(DEV_LINE) };
static const struct list_col fs_list[] = { PW_FS_METRICS(DEV_LINE) };
static const struct list_col netif_list[] = { PW_NETIF_METRICS(DEV_LINE) };

/* The columns that are no metric: ids, and the snapshot's clock. */
static const char *const snapshot_keys[] = {
	"id", "host_id", "ts", "interval_s", "boot_time", "uptime_s", NULL
};
static const char *const device_keys[] = { "snapshot_id", "device_id", NULL };

/* Every table a list describes; a new list needs a line here. */
static const struct {
	const char *name;
	const char *const *keys;
	const struct list_col *list;
	size_t n;
} tables[] = {
	{ "snapshot", snapshot_keys, host_list, N(host_list) },
	{ "disk", device_keys, disk_list, N(disk_list) },
	{ "filesystem", device_keys, fs_list, N(fs_list) },
	{ "netif", device_keys, netif_list, N(netif_list) },
};

#define MAX_LIST 64

static int
db_setup(void **state)
{
	sqlite3 *db = NULL;

	if (db_open(":memory:", DB_READWRITE, 1000, &db) != PW_OK)
		return -1;
	*state = db;
	return 0;
}

static int
db_teardown(void **state)
{
	db_close(*state);
	return 0;
}

static int
is_key(const char *const *keys, const char *name)
{
	for (; *keys; keys++)
		if (strcmp(*keys, name) == 0)
			return 1;
	return 0;
}

/* Index of the line of list naming column, or -1. */
static int
find_line(const struct list_col *list, size_t n, const char *column)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i].column, column) == 0)
			return (int)i;
	return -1;
}

/*
 * The columns of table t: each a key or a line of its list with the type
 * the line declares.  Marks the lines seen and counts the keys; prints
 * every disagreement and returns their number.
 */
static int
check_columns(sqlite3 *db, size_t t, unsigned char *seen, int *keys)
{
	const struct list_col *list = tables[t].list;
	const char *name = tables[t].name;
	sqlite3_stmt *st = NULL;
	int bad = 0, k;

	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT name, type FROM "
					    "pragma_table_info(?1)",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(st, 0);
		const char *type = (const char *)sqlite3_column_text(st, 1);

		if (is_key(tables[t].keys, col)) {
			(*keys)++;
		} else if ((k = find_line(list, tables[t].n, col)) < 0) {
			print_error("%s.%s has no line in metrics.h\n", name,
				    col);
			bad++;
		} else {
			seen[k] = 1;
			if (strcasecmp(type, list[k].type) != 0) {
				print_error("%s.%s is %s in the schema, %s in "
					    "metrics.h\n",
					    name, col, type, list[k].type);
				bad++;
			}
		}
	}
	sqlite3_finalize(st);
	return bad;
}

/* Table t against its list and keys, both ways; the disagreements. */
static int
check_table(sqlite3 *db, size_t t)
{
	const struct list_col *list = tables[t].list;
	const char *name = tables[t].name;
	unsigned char seen[MAX_LIST] = { 0 };
	int bad, keys = 0, nkeys = 0;
	size_t i;

	assert_true(tables[t].n <= MAX_LIST);
	bad = check_columns(db, t, seen, &keys);
	for (i = 0; i < tables[t].n; i++) {
		if (strcmp(list[i].table, name) != 0) {
			print_error("metrics.h lists %s.%s among the %s "
				    "metrics\n",
				    list[i].table, list[i].column, name);
			bad++;
		} else if (!seen[i]) {
			print_error("metrics.h lists %s.%s, which the "
				    "migrations do not create\n",
				    name, list[i].column);
			bad++;
		}
	}
	while (tables[t].keys[nkeys])
		nkeys++;
	if (keys != nkeys) {
		print_error("%s has %d of its %d key columns\n", name, keys,
			    nkeys);
		bad++;
	}
	return bad;
}

static void
test_lists_match_tables(void **state)
{
	size_t t;
	int bad = 0;

	for (t = 0; t < N(tables); t++)
		bad += check_table(*state, t);
	assert_int_equal(bad, 0);
}

/*
 * Every table of rows per snapshot and device is one a list describes:
 * a new such table needs a list (app_metric holds named values instead).
 */
static void
test_every_device_table_listed(void **state)
{
	static const char sql[] =
		"SELECT m.name FROM sqlite_master m "
		"JOIN pragma_table_info(m.name) c ON c.name = 'device_id' "
		"WHERE m.type = 'table' ORDER BY m.name";
	sqlite3_stmt *st = NULL;
	int listed = 0, unlisted = 0;
	size_t t;

	assert_int_equal(sqlite3_prepare_v2(*state, sql, -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		for (t = 0; t < N(tables); t++)
			if (strcmp(tables[t].name, name) == 0)
				break;
		if (t < N(tables)) {
			listed++;
		} else {
			print_error("table %s has no metric list\n", name);
			unlisted++;
		}
	}
	sqlite3_finalize(st);
	assert_int_equal(unlisted, 0);
	assert_int_equal(listed, (int)N(tables) - 1); /* all but snapshot */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lists_match_tables,
						db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_every_device_table_listed,
						db_setup, db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
