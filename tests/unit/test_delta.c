/*
 * test_delta.c - rates from two snapshots: the normal case, a reboot, a
 * boot-time jump, a counter reset on one device, devices appearing and
 * vanishing, the kernel's idle/iowait step-back, and the counters' round
 * trip through the raw_counter table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "counters.h"
#include "db.h"
#include "delta.h"

static struct disk_raw disks_a[2], disks_b[2];
static struct netif_raw ifs_a[1], ifs_b[1];

/* A snapshot at uptime_s with the given CPU counters and two disks. */
static void
make_snap(struct snapshot *s, double uptime_s, int64_t btime, uint64_t user,
	  uint64_t idle, uint64_t iowait, struct disk_raw *disks,
	  struct netif_raw *ifs)
{
	memset(s, 0, sizeof(*s));
	s->ts = 1700000000;
	s->uptime.uptime_s = uptime_s;
	s->stat.btime = btime;
	s->stat.ncpu = 4;
	s->stat.user = user;
	s->stat.idle = idle;
	s->stat.iowait = iowait;
	s->stat.ctxt = (uint64_t)(uptime_s * 1000);
	s->mem.total_bytes = 1000;
	s->mem.available_bytes = 250;
	s->has_loadavg = 1;
	s->loadavg.load1 = 2.5;
	s->disks.disks = disks;
	s->disks.ndisks = 2;
	s->net.ifs = ifs;
	s->net.nifs = 1;
}

static void
fill_disk(struct disk_raw *d, const char *name, uint64_t ios, uint64_t ticks)
{
	memset(d, 0, sizeof(*d));
	strcpy(d->name, name);
	d->rd_ios = ios;
	d->rd_sectors = ios * 8;
	d->rd_ticks = ticks;
	d->io_ticks = ticks;
	d->time_in_queue = ticks * 2;
}

static void
setup_devices(void)
{
	fill_disk(&disks_a[0], "sda", 1000, 5000);
	fill_disk(&disks_a[1], "sdb", 1000, 5000);
	fill_disk(&disks_b[0], "sda", 1000 + 2000, 5000 + 5000);
	fill_disk(&disks_b[1], "sdb", 1000 + 100, 5000 + 300);
	memset(ifs_a, 0, sizeof(ifs_a));
	memset(ifs_b, 0, sizeof(ifs_b));
	strcpy(ifs_a[0].name, "eth0");
	strcpy(ifs_b[0].name, "eth0");
	ifs_a[0].rx_bytes = 1000;
	ifs_b[0].rx_bytes = 1000 + 10 * 4096;
}

/* Counters of a (as the previous snapshot), sorted as counter_load does. */
static void
prev_of(const struct snapshot *a, struct counter_set *prev)
{
	struct sample tmp;
	struct counter_set none = { NULL, 0, 0 };

	memset(prev, 0, sizeof(*prev));
	assert_int_equal(delta_compute(a, &none, &tmp, prev), PW_OK);
	sample_free(&tmp);
	/* round trip through a real database, as between two runs */
	{
		sqlite3 *db;
		struct counter_set loaded;
		int64_t host;

		assert_int_equal(db_open(":memory:", DB_READWRITE, 1000, &db),
				 PW_OK);
		assert_int_equal(db_host_id(db, "h", &host), PW_OK);
		assert_int_equal(counter_save(db, host, 1, prev), PW_OK);
		assert_int_equal(counter_load(db, host, &loaded), PW_OK);
		assert_int_equal(loaded.n, prev->n);
		counter_set_free(prev);
		*prev = loaded;
		db_close(db);
	}
}

static void
test_first_is_baseline(void **state)
{
	struct snapshot a;
	struct counter_set none = { NULL, 0, 0 }, next = { NULL, 0, 0 };
	struct sample s;

	(void)state;
	setup_devices();
	make_snap(&a, 100, 1600000000, 1000, 9000, 0, disks_a, ifs_a);
	assert_int_equal(delta_compute(&a, &none, &s, &next), PW_OK);
	assert_true(s.baseline);
	assert_true(isnan(s.interval_s));
	assert_true(isnan(s.cpu.user_pct));
	assert_true(isnan(s.cpu.ctxt_per_s));
	assert_true(isnan(s.disks[0].reads_per_s));
	assert_int_equal(s.cpu.ncpu, 4);
	assert_true(s.cpu.load1 == 2.5);
	assert_true(s.mem.used_pct == 75.0);
	assert_true(next.n > 0);
	sample_free(&s);
	counter_set_free(&next);
}

static void
test_normal_delta(void **state)
{
	struct snapshot a, b;
	struct counter_set prev, next = { NULL, 0, 0 };
	struct sample s;

	(void)state;
	setup_devices();
	make_snap(&a, 100, 1600000000, 1000, 9000, 0, disks_a, ifs_a);
	make_snap(&b, 110, 1600000000, 1000 + 250, 9000 + 750, 0, disks_b,
		  ifs_b);
	prev_of(&a, &prev);
	assert_int_equal(delta_compute(&b, &prev, &s, &next), PW_OK);
	assert_false(s.baseline);
	assert_true(s.interval_s == 10.0);
	assert_true(s.cpu.user_pct == 25.0);
	assert_true(s.cpu.idle_pct == 75.0);
	assert_true(s.cpu.ctxt_per_s == 1000.0);
	/* sda: 2000 reads in 10 s, 5000 ms busy of 10000 */
	assert_true(s.disks[0].reads_per_s == 200.0);
	assert_true(s.disks[0].read_bytes_per_s == 2000.0 * 8 * 512 / 10);
	assert_true(s.disks[0].await_ms == 2.5);
	assert_true(s.disks[0].util_pct == 50.0);
	assert_true(s.disks[0].queue_size == 1.0);
	assert_true(s.netifs[0].rx_bytes_per_s == 4096.0);
	sample_free(&s);
	counter_set_free(&prev);
	counter_set_free(&next);
}

static void
test_reboot_is_baseline(void **state)
{
	struct snapshot a, b;
	struct counter_set prev, next = { NULL, 0, 0 };
	struct sample s;

	(void)state;
	setup_devices();
	make_snap(&a, 5000, 1600000000, 90000, 900000, 0, disks_a, ifs_a);
	/* uptime went back: rebooted; counters are smaller too */
	make_snap(&b, 30, 1600004990, 100, 2000, 0, disks_b, ifs_b);
	prev_of(&a, &prev);
	assert_int_equal(delta_compute(&b, &prev, &s, &next), PW_OK);
	assert_true(s.baseline);
	assert_true(isnan(s.cpu.user_pct));
	assert_true(isnan(s.disks[0].reads_per_s));
	assert_true(isnan(s.netifs[0].rx_bytes_per_s));
	sample_free(&s);
	counter_set_free(&next);

	/* a boot time that moved by hours with a larger uptime: a reboot */
	make_snap(&b, 6000, 1600090000, 90000, 900000, 0, disks_b, ifs_b);
	memset(&next, 0, sizeof(next));
	assert_int_equal(delta_compute(&b, &prev, &s, &next), PW_OK);
	assert_true(s.baseline);
	sample_free(&s);
	counter_set_free(&next);

	/* a boot time that moved by 2 s (NTP): not a reboot */
	make_snap(&b, 5010, 1600000002, 90010, 900090, 0, disks_b, ifs_b);
	memset(&next, 0, sizeof(next));
	assert_int_equal(delta_compute(&b, &prev, &s, &next), PW_OK);
	assert_false(s.baseline);
	assert_true(s.cpu.user_pct == 10.0);
	sample_free(&s);
	counter_set_free(&prev);
	counter_set_free(&next);
}

static void
test_reset_and_churn(void **state)
{
	struct snapshot a, b;
	struct counter_set prev, next = { NULL, 0, 0 };
	struct disk_raw churn[2];
	struct sample s;
	struct disk_raw probe;

	(void)state;
	setup_devices();
	make_snap(&a, 100, 1600000000, 1000, 9000, 50, disks_a, ifs_a);
	/* sda reset (replaced), sdb gone, sdc new; iowait stepped back 5 */
	fill_disk(&churn[0], "sda", 10, 20);
	fill_disk(&churn[1], "sdc", 500, 600);
	make_snap(&b, 110, 1600000000, 1000 + 100, 9000 + 900, 45, churn,
		  ifs_b);
	prev_of(&a, &prev);
	assert_int_equal(delta_compute(&b, &prev, &s, &next), PW_OK);
	assert_false(s.baseline);
	assert_int_equal(s.ndisks, 2);
	assert_string_equal(s.disks[0].raw->name, "sda");
	assert_true(isnan(s.disks[0].reads_per_s)); /* went backwards */
	assert_string_equal(s.disks[1].raw->name, "sdc");
	assert_true(isnan(s.disks[1].await_ms)); /* first seen */
	/* iowait step-back counts as no time, not as a reset */
	assert_true(s.cpu.user_pct == 10.0);
	assert_true(s.cpu.iowait_pct == 0.0);
	sample_free(&s);
	counter_set_free(&prev);
	/* the counters saved after b know sda and sdc, not sdb */
	prev_of(&b, &prev);
	assert_int_equal(counter_get(&prev, CK_DISK, "disk:sda", &probe), 1);
	assert_int_equal(probe.rd_ios, 10);
	assert_int_equal(counter_get(&prev, CK_DISK, "disk:sdc", &probe), 1);
	assert_int_equal(counter_get(&prev, CK_DISK, "disk:sdb", &probe), 0);
	counter_set_free(&prev);
	counter_set_free(&next);
}

/*
 * The counters text, written without printf at every snapshot, is byte for
 * byte the text it parses from (as read, with the newline the SELECT
 * appends): the extremes of int64, zero, negatives.
 */
static void
test_counter_text_round_trip(void **state)
{
	static const char text[] = "cpu\tctxt\t-9223372036854775808\n"
				   "cpu\tidle\t0\n"
				   "disk:sda\trd_ios\t9223372036854775807\n"
				   "net:eth0\trx_bytes\t-42\n"
				   "vm\tpswpin\t1234567890";
	struct counter_set cs = { NULL, 0, 0 };
	char read[sizeof(text) + 1];
	struct buf out;

	(void)state;
	memcpy(read, text, sizeof(text) - 1);
	memcpy(read + sizeof(text) - 1, "\n", 2);
	buf_init(&out, COUNTER_TEXT_MAX);
	assert_int_equal(counter_from_text(read, &cs), PW_OK);
	assert_int_equal(cs.n, 5);
	assert_int_equal(counter_text(&cs, &out), PW_OK);
	assert_string_equal(out.data, text);
	assert_int_equal(out.len, sizeof(text) - 1);
	counter_set_free(&cs);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_is_baseline),
		cmocka_unit_test(test_normal_delta),
		cmocka_unit_test(test_reboot_is_baseline),
		cmocka_unit_test(test_reset_and_churn),
		cmocka_unit_test(test_counter_text_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
