/*
 * test_pdf.c - the PDF renderer on a struct model (model.h) built here:
 * the incidents and health sections with Greek, Cyrillic and accented
 * Latin text and characters DejaVu Sans lacks (CJK ideographs drawn with
 * a fallback font, an emoji beyond U+FFFF from a symbol font),
 * invalid UTF-8, a newline in a description (a space once cleaned for
 * display), a table long enough to break across pages, sections left out
 * when the model lacks them (their status NULL), identical bytes twice,
 * and a missing font.
 *
 * The result is checked with real tools: qpdf --check and pdftotext (the
 * test is skipped when they are not installed).
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
#include <unistd.h>

#include "buf.h"
#include "load.h"
#include "pdf.h"
#include "pdf_int.h"
#include "period.h"

#define FONT  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define BOLD  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#define START 1794182400 /* Mon 2026-11-09 00:00 UTC */
#define STEP  300

static const char *const descriptions[] = {
	"Καθυστέρηση στη βάση δεδομένων παραγγελιών μετά την ενημέρωση",
	"Медленный ответ сервера приложений в часы пик",
	"Échec de la sauvegarde nocturne à Zürich, reprise manuelle nécessaire",
	"数据库 slow \xf0\x9f\x94\xa5 on the primary",
	"broken \xff\xfe UTF-8 \xc3",
};

/* A week of 5-minute samples with a six-hour hole on Wednesday. */
static void
make_data(struct dataset *d)
{
	size_t i, k, n = 2016;

	memset(d, 0, sizeof(*d));
	d->t = calloc(n, sizeof(*d->t));
	d->dt = calloc(n, sizeof(*d->dt));
	for (k = 0; k < HM_COUNT; k++) {
		d->v[k] = malloc(n * sizeof(double));
		for (i = 0; i < n; i++)
			d->v[k][i] = NAN;
	}
	for (i = 0; i < n; i++) {
		if (i >= 600 && i < 672)
			continue;
		d->t[d->n] = START + (int64_t)(i + 1) * STEP;
		d->dt[d->n] = STEP;
		d->v[HM_cpu_idle_pct][d->n] = 60 - 30 * sin((double)i / 40);
		d->v[HM_cpu_user_pct][d->n] = 30 + 30 * sin((double)i / 40);
		d->v[HM_cpu_system_pct][d->n] = 10;
		d->v[HM_cpu_count][d->n] = 4;
		d->v[HM_load1][d->n] = 2 + sin((double)i / 30);
		d->n++;
	}
	d->nominal_interval_s = d->spacing_s = STEP;
}

static struct period_tz tz;

/* A model time: its local text in UTC. */
static struct model_time
at(int64_t ts)
{
	struct model_time t = { ts, "" };

	period_time_text(&tz, ts, t.text, sizeof(t.text));
	return t;
}

/* Tue 2026-11-10 10:00 UTC plus minutes. */
#define TUE(min) (START + 86400 + 10 * 3600 + (min)*60)

static struct model_finding finding = {
	.rule = "cpu_busy",
	.severity = SEV_WARNING,
	.resource = "cpu",
	.metric = "cpu_busy_pct",
	.title = "CPU saturation",
	.evidence = "CPU busy at or above 85% for 60 min",
	.recommendation = "Find the busy processes.",
};
static struct model_metric cpu_metric = {
	.id = "cpu_busy_pct",
	.label = "CPU busy",
	.unit = "%",
	.avg = 42.5,
	.p50 = 40,
	.p95 = 77.7,
	.p99 = 88.1,
	.max = 91.3,
	.warn = 85,
	.crit = 95,
	.minutes_above_warn = 60,
};
static struct model_section cpu_section = {
	.id = "cpu",
	.title = "CPU",
	.metrics = &cpu_metric,
	.nmetrics = 1,
};
static const char *notes[] = { "A note." };
static struct model_count by_priority[] = { { "1 - Critical", 1 },
					    { "3 - Moderate", 60 } };
static struct model_count by_state[] = { { "In Progress", 61 } };
static struct model_incident open_incidents[61];
static char numbers[61][16];
static struct model_outage outage;
static struct model_check check = {
	.name = "Πύλη πελατών",
	.url = "https://example.org/health",
	.samples = 2016,
	.failures = 1,
	.slo_pct = 99.9,
	.availability_pct = 99.95,
	.error_budget_spent_pct = 50,
	.latency_p50_ms = 80,
	.latency_p95_ms = 120,
	.latency_p99_ms = 300,
	.phase_dns_ms = 2,
	.phase_connect_ms = 10,
	.phase_tls_ms = 30,
	.phase_first_byte_ms = 70,
	.phase_total_ms = 80,
	.outages = &outage,
	.noutages = 1,
	.cert_days_left = 12,
	.cert_status = "WARNING",
	.has_live = 1,
	.live = { 1, 200, 85, NULL },
};

/* The incidents and health sections: open incidents enough to break. */
static void
add_services(struct model *m)
{
	struct model_incidents *inc = &m->incidents;
	size_t i;

	inc->status = "ok";
	inc->fetched = at(START + 7 * 86400 + 6 * 3600);
	inc->open_total = 61;
	inc->opened_in_period = 7;
	inc->resolved_in_period = 5;
	inc->mttr_hours = 12.5;
	inc->by_priority = by_priority;
	inc->nby_priority = 2;
	inc->by_state = by_state;
	inc->nby_state = 1;
	for (i = 0; i < 61; i++) { /* enough to break across pages */
		struct model_incident *o = &open_incidents[i];

		snprintf(numbers[i], sizeof(numbers[i]), "INC%07zu", 1000 + i);
		o->number = numbers[i];
		o->short_description = descriptions[i % 5];
		if (i == 1) /* taken from the model cleaned for display */
			o->short_description = "Disque plein\nsur db-01";
		o->priority = i ? "3 - Moderate" : "1 - Critical";
		o->state = "In Progress";
		o->opened = at(START + 8 * 3600);
		o->assignment_group = "Équipe réseau";
		o->cmdb_ci = "db-01";
	}
	inc->open = open_incidents;
	inc->nopen = 61;
	inc->open_more = NAN;
	outage.w.start = at(TUE(0));
	outage.w.end = at(TUE(5));
	outage.w.minutes = 5;
	m->health.status = "ok";
	m->health.slo_pct = 99.9;
	m->health.checks = &check;
	m->health.nchecks = 1;
}

/*
 * The model (with the incidents and health sections when services),
 * its series from make_data and its zone UTC; free with free_model.
 */
static void
make_model(int services, struct model *m)
{
	memset(m, 0, sizeof(*m));
	assert_int_equal(
		period_tz_open("UTC", START - 86400, START + 8 * 86400, &tz),
		PW_OK);
	m->tz = &tz;
	make_data(&m->data);
	m->host = "test-host";
	m->period.label = "2026-W46";
	m->period.timezone = "UTC";
	m->period.start = at(START);
	m->period.end = at(START + 7 * 86400);
	m->period.hours = 168;
	m->generated = at(START + 7 * 86400);
	m->coverage.stored = 1900;
	m->coverage.expected = 2016;
	m->coverage.pct = 94.2;
	m->coverage.gap_count = 1;
	m->summary.status = "WARNING";
	m->summary.warning = 1;
	m->summary.open_incidents = services ? 61 : NAN;
	m->summary.health_availability_pct = services ? 99.95 : NAN;
	finding.when.start = at(TUE(0));
	finding.when.end = at(TUE(60));
	finding.when.minutes = 60;
	m->findings = &finding;
	m->nfindings = 1;
	m->summary.ntop = 1;
	cpu_metric.max_at = at(TUE(5));
	cpu_metric.change_pct = NAN;
	m->resources = &cpu_section;
	m->nresources = 1;
	m->capacity.target_util_pct = 70;
	m->notes = notes;
	m->nnotes = 1;
	if (services)
		add_services(m);
}

static void
free_model(struct model *m)
{
	dataset_free(&m->data); /* the rest is static */
}

static enum pw_status
render(const struct model *m, const char *font, struct buf *out)
{
	struct pdf_input in = { .m = m,
				.font_path = font,
				.bold_path = BOLD,
				.paper = "a4",
				.lists = { 10, 10, 6, 15 } };

	buf_init(out, PDF_CAP);
	return pdf_render(&in, out);
}

/* Write the PDF, run pdftotext on it; the text, freed by the caller. */
static char *
pdf_to_text(const struct buf *pdf, const char *dir)
{
	char path[512], cmd[1200], *text;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/t.pdf", dir);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(pdf->data, 1, pdf->len, f), pdf->len);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "qpdf --check '%s' >/dev/null", path);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd),
		 "pdftotext -enc UTF-8 '%s' '%s/t.txt' "
		 "2>/dev/null",
		 path, dir);
	assert_int_equal(system(cmd), 0);
	if (getenv("TEST_PDF_KEEP"))
		fprintf(stderr, "kept %s\n", dir);
	snprintf(path, sizeof(path), "%s/t.txt", dir);
	assert_non_null(f = fopen(path, "rb"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL)
		n++, hay++;
	return n;
}

static void
test_services_text(void **state)
{
	char dir[] = "/tmp/test_pdf.XXXXXX", cmd[600], *text;
	struct model m;
	struct buf pdf;

	(void)state;
	if (system("command -v qpdf >/dev/null && command -v pdftotext "
		   ">/dev/null") != 0 ||
	    access(FONT, R_OK) != 0)
		skip();
	assert_non_null(mkdtemp(dir));
	make_model(1, &m);
	assert_int_equal(render(&m, FONT, &pdf), PW_OK);
	assert_memory_equal(pdf.data, "%PDF-", 5);
	text = pdf_to_text(&pdf, dir);
	/* Every script DejaVu covers comes out as written. */
	assert_non_null(strstr(text, "Καθυστέρηση στη βάση δεδομένων"));
	assert_non_null(strstr(text, "Медленный ответ сервера"));
	assert_non_null(strstr(text, "Zürich"));
	assert_non_null(strstr(text, "Équipe réseau"));
	assert_non_null(strstr(text, "Πύλη πελατών"));
	/*
	 * What it lacks comes from a fallback font (pdf_fallback.c) or is
	 * a visible placeholder naming the code point, never dropped or
	 * garbled (the CJK and emoji fonts of .ci/install-deps, or none).
	 */
	assert_true(strstr(text, "数据库 slow \xf0\x9f\x94\xa5 on") ||
		    strstr(text, "[U+6570][U+636E][U+5E93] slow [U+1F525] on"));
	assert_non_null(strstr(text, "broken \xef\xbf\xbd\xef\xbf\xbd UTF-8"));
	/* A control character is a space: the line does not break. */
	assert_non_null(strstr(text, "Disque plein sur db-01"));
	/* Page 1 and the sections. */
	assert_non_null(strstr(text, "WARNING"));
	assert_non_null(strstr(text, "Open incidents"));
	assert_non_null(strstr(text, "ServiceNow incidents"));
	assert_non_null(strstr(text, "Health URLs"));
	assert_non_null(strstr(text, "99.95 %"));
	assert_non_null(strstr(text, "77.7 %"));
	assert_non_null(strstr(text,
			       "61 open incidents; 7 opened and 5 "
			       "resolved"));
	assert_non_null(strstr(text, "INC0001060"));
	/* 61 incidents: the table breaks and repeats its header. */
	/* 61 incidents: the table breaks and repeats its header. */
	assert_true(count(text, "Assignment") >= 2);
	assert_non_null(strstr(text, "page 1 of "));
	free(text);
	buf_free(&pdf);
	free_model(&m);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (!getenv("TEST_PDF_KEEP"))
		assert_int_equal(system(cmd), 0);
}

static void
test_sections_absent(void **state)
{
	char dir[] = "/tmp/test_pdf.XXXXXX", cmd[600], *text;
	struct model m;
	struct buf pdf;

	(void)state;
	if (system("command -v qpdf >/dev/null && command -v pdftotext "
		   ">/dev/null") != 0 ||
	    access(FONT, R_OK) != 0)
		skip();
	assert_non_null(mkdtemp(dir));
	make_model(0, &m);
	assert_int_equal(render(&m, FONT, &pdf), PW_OK);
	text = pdf_to_text(&pdf, dir);
	assert_null(strstr(text, "ServiceNow"));
	assert_null(strstr(text, "Health URLs"));
	assert_null(strstr(text, "Open incidents"));
	assert_non_null(strstr(text, "CPU saturation"));
	free(text);
	buf_free(&pdf);
	free_model(&m);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_identical_bytes(void **state)
{
	struct model m;
	struct buf a, b;

	(void)state;
	if (access(FONT, R_OK) != 0)
		skip();
	make_model(1, &m);
	assert_int_equal(render(&m, FONT, &a), PW_OK);
	assert_int_equal(render(&m, FONT, &b), PW_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_free(&a);
	buf_free(&b);
	free_model(&m);
}

static void
test_missing_font(void **state)
{
	struct model m;
	struct buf pdf;

	(void)state;
	make_model(0, &m);
	assert_int_equal(render(&m, "/nonexistent/DejaVuSans.ttf", &pdf),
			 PW_ECONFIG);
	assert_int_equal(pdf.len, 0);
	buf_free(&pdf);
	/* Not a font at all: a clear error too, no crash. */
	assert_int_equal(render(&m, "/etc/hostname", &pdf), PW_ECONFIG);
	buf_free(&pdf);
	free_model(&m);
}

static void
test_font_and_wrap(void **state)
{
	struct pdf_doc doc;
	size_t next;
	const char *s = "alpha beta gamma";

	(void)state;
	if (access(FONT, R_OK) != 0)
		skip();
	memset(&doc, 0, sizeof(doc));
	assert_int_equal(pdf_font_load(FONT, "pdf_font", &doc.metrics[0]),
			 PW_OK);
	assert_true(pdf_font_glyph(&doc.metrics[0], 'A') > 0);
	assert_true(pdf_font_glyph(&doc.metrics[0], 0x03A9) > 0); /* Ω */
	assert_true(pdf_font_glyph(&doc.metrics[0], 0x0416) > 0); /* Ж */
	/* U+6570, a CJK ideograph */
	assert_int_equal(pdf_font_glyph(&doc.metrics[0], 0x6570), 0);
	assert_int_equal(pdf_font_glyph(&doc.metrics[0], 0x1F525), 0);
	/* Wide enough for "alpha beta" only: the break is at the space. */
	assert_int_equal(
		pdf_wrap_line(
			&doc, PDF_REGULAR, 10, s,
			pdf_text_width(&doc, PDF_REGULAR, 10, "alpha beta") + 1,
			&next),
		10);
	assert_int_equal(next, 11);
	/* A word longer than the line is cut inside. */
	assert_true(pdf_wrap_line(&doc, PDF_REGULAR, 10, "abcdefghijkl", 20,
				  &next) < 12);
	assert_int_equal(pdf_wrap_count(&doc, PDF_REGULAR, 10, s, 1000), 1);
	pdf_font_free(&doc.metrics[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_font_and_wrap),
		cmocka_unit_test(test_services_text),
		cmocka_unit_test(test_sections_absent),
		cmocka_unit_test(test_identical_bytes),
		cmocka_unit_test(test_missing_font),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
