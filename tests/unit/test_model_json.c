/*
 * test_model_json.c - the report model's JSON form, from structs made in
 * C (no database): a period, coverage with a gap and a reboot, two
 * findings (one sustained, with two episodes), a host section and a
 * device section, capacity, comparison, two open incidents, a health
 * check with an outage, notes.  render_json() must give the bytes of
 * tests/golden/unit/model.json (TEST_MODEL_JSON_WRITE=1 rewrites it);
 * a difference is shown as the first line that differs.  Also the
 * display cleaning of json_model_tree(), stats_round(), the arena and
 * model_free().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "fileio.h"
#include "json.h"
#include "model.h"
#include "period.h"
#include "stats.h"

#define GOLDEN "tests/golden/unit/model.json"
#define T0     ((int64_t)1794182400) /* Mon 2026-11-09 00:00 UTC */
#define H      ((int64_t)3600)

static struct period_tz tz;

static const char *
src_dir(void)
{
	const char *s = getenv("PERFWEEK_SRC");

	return s && *s ? s : ".";
}

static struct model_window
win(int64_t start, int64_t end)
{
	struct model_window w;

	stats_time(&w.start, &tz, start);
	stats_time(&w.end, &tz, end);
	w.minutes = stats_round((double)(end - start) / 60, 0);
	return w;
}

static void
fill_head(struct model *m)
{
	m->host = arena_strdup(&m->arena, "unit-host");
	m->period.label = "2026-W46";
	m->period.timezone = "UTC";
	stats_time(&m->period.start, &tz, T0);
	stats_time(&m->period.end, &tz, T0 + 168 * H);
	m->period.hours = 168;
	stats_time(&m->generated, &tz, T0 + 168 * H);
	m->source = "snapshots";
	m->coverage = (struct model_coverage){ .interval_s = 300,
					       .expected = 2016,
					       .stored = 2004,
					       .pct = 99.4,
					       .gap_count = 1,
					       .gap_minutes = 60,
					       .min_pct = 50 };
	m->coverage.gaps = arena_alloc(&m->arena, 1, sizeof(struct model_gap));
	m->coverage.gaps[0].w = win(T0 + 30 * H, T0 + 31 * H);
	m->coverage.gaps[0].missed = 12;
	m->coverage.ngaps = 1;
	m->coverage.reboots = arena_alloc(&m->arena, 1,
					  sizeof(struct model_reboot));
	stats_time(&m->coverage.reboots[0].booted, &tz, T0 + 75 * H - 60);
	stats_time(&m->coverage.reboots[0].first_snapshot, &tz, T0 + 75 * H);
	m->coverage.nreboots = 1;
	stats_time(&m->coverage.last_snapshot, &tz, T0 + 168 * H - 300);
}

static void
fill_findings(struct model *m)
{
	struct model_finding *f = arena_alloc(&m->arena, 2,
					      sizeof(struct model_finding));

	f[0] = (struct model_finding){
		"cpu_busy",
		SEV_CRITICAL,
		"cpu",
		NULL,
		"cpu_busy_pct",
		"CPU saturation",
		"CPU busy at or above 95% in 2 episodes, 90 min in all",
		win(T0 + 50 * H, T0 + 51 * H),
		"Find the processes behind the busy hours.",
		1,
		arena_alloc(&m->arena, 2, sizeof(struct model_episode)),
		2,
		2,
		90
	};
	f[0].episodes[0] = (struct model_episode){
		win(T0 + 26 * H, T0 + 26 * H + 1800), 97.5
	};
	f[0].episodes[1] = (struct model_episode){
		win(T0 + 50 * H, T0 + 51 * H), 99.25
	};
	f[1] = (struct model_finding){ "fs_used",
				       SEV_WARNING,
				       "filesystem",
				       "/var",
				       "filesystem.used_pct",
				       "Filesystem nearly full",
				       "86.0 % used at the end of the period",
				       win(T0 + 168 * H - 300, T0 + 168 * H),
				       "Free space now.",
				       0,
				       NULL,
				       0,
				       NAN,
				       NAN };
	m->findings = f;
	m->nfindings = 2;
	m->summary = (struct model_summary){
		"CRITICAL", NULL, "CRITICAL", { 0, 1 }, 2, 1, 1, 0, 2, 99.5
	};
}

static struct model_metric
metric(const char *id, const char *label, const char *unit, double avg)
{
	struct model_metric x = { .id = id,
				  .label = label,
				  .unit = unit,
				  .samples = 2004,
				  .avg = avg,
				  .min = 1,
				  .p50 = avg,
				  .p90 = avg + 10,
				  .p95 = avg + 20,
				  .p99 = avg + 30,
				  .max = 100 };

	stats_time(&x.max_at, &tz, T0 + 50 * H);
	x.warn = 85;
	x.crit = 95;
	x.minutes_above_warn = 120;
	x.minutes_above_crit = 90;
	x.busiest_hour = 14;
	x.busiest_day = "Tuesday";
	x.prev_avg = 40;
	x.change_pct = 12.5;
	x.change_4w_pct = NAN;
	x.change_4w_weeks = 0;
	x.change_4w_reason = "none of the 4 weeks before is 50 % covered";
	return x;
}

static void
fill_resources(struct model *m)
{
	struct model_section *s = arena_alloc(&m->arena, 2,
					      sizeof(struct model_section));
	struct model_device *d = arena_alloc(&m->arena, 1,
					     sizeof(struct model_device));

	s[0].id = "cpu";
	s[0].title = "CPU";
	s[0].metrics = arena_alloc(&m->arena, 1, sizeof(struct model_metric));
	s[0].metrics[0] = metric("cpu_busy_pct", "CPU busy", "%", 45);
	s[0].nmetrics = 1;
	s[1].id = "disk";
	s[1].title = "Disks";
	s[1].per_device = 1;
	d->name = "sda";
	d->metrics = arena_alloc(&m->arena, 1, sizeof(struct model_metric));
	d->metrics[0] = metric("disk.util_pct", "utilisation", "%", 20.5);
	d->metrics[0].busiest_day = NULL;
	d->metrics[0].busiest_hour = NAN;
	d->metrics[0].change_pct = NAN;
	d->metrics[0].change_reason = "no data last week";
	d->nmetrics = 1;
	s[1].devices = d;
	s[1].ndevices = 1;
	m->resources = s;
	m->nresources = 2;
}

static void
fill_capacity(struct model *m)
{
	static struct model_disk_capacity disk = { "sda", 60.5, 2.53, 41 };
	static struct model_service svc = { "web", 12.5, 0.0125, 0.16 };

	m->capacity = (struct model_capacity){
		70, 1, { 4, 88.2, 0.7191, 1.527, -21 }, &disk, 1, &svc, 1
	};
	m->comparison = (struct model_comparison){ 50,
						   { { "2026-W45", 100, 1 },
						     { "2026-W44", 0, 0 },
						     { "2026-W43", 0, 0 },
						     { "2026-W42", 0, 0 } },
						   4,
						   1,
						   NULL,
						   NULL };
}

static void
fill_incidents(struct model *m)
{
	static struct model_count prio[] = { { "1 - Critical", 1 },
					     { "3 - Moderate", 1 } };
	static struct model_count state[] = { { "In Progress", 2 } };
	struct model_incidents *inc = &m->incidents;
	struct model_incident *o = arena_alloc(&m->arena, 2,
					       sizeof(struct model_incident));

	o[0] = (struct model_incident){
		"INC0010001",   "Web shop down\tagain\x1b[31m \xff",
		"1 - Critical", "In Progress",
		{ 0, "" },      "Web",
		"unit-host"
	};
	stats_time(&o[0].opened, &tz, T0 + 50 * H);
	o[1] = (struct model_incident){ "INC0010002",
					"Disk slow",
					"3 - Moderate",
					"In Progress",
					{ 0, "" },
					"",
					"" };
	stats_time(&o[1].opened, &tz, T0 - 400 * 86400); /* UTC text */
	*inc = (struct model_incidents){ "ok",  NULL, { 0, "" }, 0,    5,
					 3,     2,    4.25,      prio, 2,
					 state, 1,    o,         2,    3 };
	stats_time(&inc->fetched, &tz, T0 + 168 * H + 60);
}

static void
fill_health(struct model *m)
{
	static struct model_outage out;
	static struct model_check c;

	out.w = win(T0 + 40 * H, T0 + 40 * H + 600);
	out.w.minutes = 10;
	out.ongoing = 0;
	c = (struct model_check){ "shop",    "https://shop.example/health",
				  2016,      2,
				  99.9,      99.901,
				  99.2,      120.5,
				  340,       NAN,
				  1.5,       10.25,
				  30,        80,
				  121,       &out,
				  1,         20.5,
				  { 0, "" }, NULL,
				  0,         { 0, NAN, NAN, NULL } };
	stats_time(&c.cert_expires, &tz, T0 + 168 * H + 20 * 86400 + 43200);
	c.cert_status = "WARNING";
	c.has_live = 1;
	c.live = (struct model_live){ 0, 503, 45.5, "HTTP status 503" };
	m->health = (struct model_health){ "ok", 99.9, 2016, 2, 99.901, &c, 1 };
	m->notes = arena_alloc(&m->arena, 2, sizeof(*m->notes));
	m->notes[0] = "Averages are time-weighted.";
	m->notes[1] = arena_strdup(&m->arena,
				   "Health URLs: \xe2\x80\x9c"
				   "availability\xe2\x80\x9d.");
	m->nnotes = 2;
}

static void
fixture(struct model *m)
{
	memset(m, 0, sizeof(*m));
	assert_int_equal(
		period_tz_open("UTC", T0 - 500 * 86400, T0 + 400 * 86400, &tz),
		PW_OK);
	m->tz = &tz;
	fill_head(m);
	fill_findings(m);
	fill_resources(m);
	fill_capacity(m);
	fill_incidents(m);
	fill_health(m);
}

/* The first line where got and want differ, shown with both. */
static void
show_diff(const char *got, const char *want)
{
	int line = 1;
	const char *g = got, *w = want;

	while (*g && *g == *w) {
		if (*g == '\n') {
			line++;
			got = g + 1;
			want = w + 1;
		}
		g++, w++;
	}
	fprintf(stderr, "# %s differs at line %d:\n# - %.*s\n# + %.*s\n",
		GOLDEN, line, (int)strcspn(want, "\n"), want,
		(int)strcspn(got, "\n"), got);
}

static void
test_golden(void **state)
{
	struct model m;
	struct buf out, want;
	char path[4096];

	(void)state;
	fixture(&m);
	buf_init(&out, (size_t)1 << 20);
	buf_init(&want, (size_t)1 << 20);
	assert_int_equal(render_json(&m, &out), PW_OK);
	if (getenv("TEST_MODEL_JSON_WRITE")) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", src_dir(), GOLDEN);
		f = fopen(path, "w");
		assert_non_null(f);
		assert_int_equal(fwrite(out.data, 1, out.len, f), out.len);
		assert_int_equal(fclose(f), 0);
	}
	assert_int_equal(fileio_read(src_dir(), GOLDEN, &want), PW_OK);
	if (out.len != want.len || memcmp(out.data, want.data, out.len) != 0) {
		show_diff(out.data, want.data);
		fail_msg("render_json differs from %s", GOLDEN);
	}
	buf_free(&out);
	buf_free(&want);
	model_free(&m);
}

/* The view's text is cleaned for display; the JSON keeps tabs. */
static void
test_clean(void **state)
{
	struct model m;
	cJSON *t, *o;
	struct buf out;

	(void)state;
	fixture(&m);
	t = json_model_tree(&m, UTF8_FOR_DISPLAY);
	assert_non_null(t);
	o = cJSON_GetArrayItem(
		cJSON_GetObjectItem(cJSON_GetObjectItem(t, "incidents"),
				    "open"),
		0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    o, "short_description")),
			    "Web shop down again [31m \xef\xbf\xbd");
	cJSON_Delete(t);
	buf_init(&out, (size_t)1 << 20);
	assert_int_equal(render_json(&m, &out), PW_OK);
	assert_non_null(strstr(out.data,
			       "\"Web shop down\\tagain\\u001b[31m "
			       "\xef\xbf\xbd\""));
	buf_free(&out);
	model_free(&m);
	assert_null(m.host);
	assert_int_equal(m.nfindings, 0);
	assert_null(m.arena.head);
}

static void
test_round(void **state)
{
	(void)state;
	assert_true(stats_round(1.25, 1) == 1.3);
	assert_true(stats_round(-1.25, 1) == -1.3);
	assert_true(stats_round(1234.5678, 0) == 1235);
	assert_true(stats_round(99.90149, 3) == 99.901);
	assert_true(stats_round(-0.0001, 2) == 0);
	assert_false(signbit(stats_round(-0.0001, 2)));
	assert_true(isnan(stats_round(NAN, 2)));
	assert_true(isinf(stats_round(INFINITY, 2)));
	assert_string_equal(model_severity_name(SEV_CRITICAL), "CRITICAL");
	assert_string_equal(model_severity_name(SEV_INFO), "INFO");
}

static void
test_arena(void **state)
{
	struct arena a = { NULL };
	char *big, *s[1000];
	size_t i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		char name[32];

		snprintf(name, sizeof(name), "string %zu", i);
		assert_non_null(s[i] = arena_strdup(&a, name));
	}
	for (i = 0; i < 1000; i += 111) {
		char name[32];

		snprintf(name, sizeof(name), "string %zu", i);
		assert_string_equal(s[i], name);
	}
	big = arena_alloc(&a, 1, (size_t)1 << 20); /* a block of its own */
	assert_non_null(big);
	for (i = 0; i < (size_t)1 << 20; i += 4096)
		assert_int_equal(big[i], 0);
	assert_null(arena_strdup(&a, NULL));
	assert_null(arena_alloc(&a, SIZE_MAX, 2)); /* overflow */
	arena_free(&a);
	assert_null(a.head);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_round),
		cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
