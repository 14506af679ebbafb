/*
 * test_pdf.c - the PDF renderer on a model built here: the incidents and
 * health sections with Greek, Cyrillic and accented Latin text and
 * characters DejaVu Sans lacks (a CJK ideograph, an emoji), invalid UTF-8,
 * a table long enough to break across pages, sections left out when the
 * model lacks them, identical bytes twice, and a missing font.
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

#include <cjson/cJSON.h>

#include "buf.h"
#include "load.h"
#include "pdf.h"
#include "pdf_int.h"
#include "period.h"

#define FONT  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define BOLD  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#define START 1794182400 /* Mon 2026-11-09 00:00 UTC */
#define STEP  300

static const char model_text[] =
	"{\"schema\":\"perfweek-report/1\",\"host\":\"test-host\","
	"\"period\":{\"label\":\"2026-W46\",\"timezone\":\"UTC\","
	"\"start\":\"Mon 2026-11-09 00:00 UTC\",\"start_ts\":1794182400,"
	"\"end\":\"Mon 2026-11-16 00:00 UTC\",\"end_ts\":1794787200,\"hours\":168,"
	"\"dst_note\":null},\"generated\":\"Mon 2026-11-16 00:00 UTC\","
	"\"generated_ts\":1794787200,\"simulated\":null,"
	"\"coverage\":{\"stored\":1900,\"expected\":2016,\"pct\":94.2,\"gaps\":[],"
	"\"reboots\":[],\"gap_count\":1,\"warning\":null},"
	"\"summary\":{\"status\":\"WARNING\",\"critical\":0,\"warning\":1,"
	"\"open_incidents\":61,\"health_availability_pct\":99.95,"
	"\"top_findings\":[{\"rule\":\"cpu_busy\",\"severity\":\"WARNING\","
	"\"resource\":\"cpu\",\"device\":null,\"title\":\"CPU saturation\","
	"\"evidence\":\"CPU busy at or above 85% for 60 min\",\"when\":{\"start\":"
	"\"Tue 2026-11-10 10:00 UTC\",\"end\":\"Tue 2026-11-10 11:00 UTC\","
	"\"minutes\":60},\"recommendation\":\"Find the busy processes.\"}]},"
	"\"findings\":[],"
	"\"resources\":[{\"id\":\"cpu\",\"title\":\"CPU\",\"metrics\":[{\"id\":"
	"\"cpu_busy_pct\",\"label\":\"CPU busy\",\"unit\":\"%\",\"avg\":42.5,"
	"\"p50\":40,\"p95\":77.7,\"p99\":88.1,\"max\":91.3,\"max_at\":\"Tue "
	"2026-11-10 10:05 UTC\",\"warn\":85,\"crit\":95,\"minutes_above_warn\":60,"
	"\"change_pct\":null}]}],"
	"\"capacity\":{\"target_util_pct\":70},\"notes\":[\"A note.\"]}";

static const char incidents_text[] =
	"{\"status\":\"ok\",\"reason\":null,\"fetched\":\"Mon 2026-11-16 06:00 UTC\","
	"\"demo\":false,\"open_total\":61,\"by_priority\":[{\"priority\":"
	"\"1 - Critical\",\"count\":1},{\"priority\":\"3 - Moderate\",\"count\":60}],"
	"\"by_state\":[{\"state\":\"In Progress\",\"count\":61}],"
	"\"opened_in_period\":7,\"resolved_in_period\":5,\"mttr_hours\":12.5,"
	"\"open\":[]}";

static const char health_text[] =
	"{\"status\":\"ok\",\"slo_pct\":99.9,\"checks\":[{\"name\":\"Πύλη πελατών\","
	"\"url\":\"https://example.org/health\",\"samples\":2016,\"failures\":1,"
	"\"availability_pct\":99.95,\"error_budget_spent_pct\":50,"
	"\"latency_ms\":{\"p50\":80,\"p95\":120,\"p99\":300},\"phases_ms\":{\"dns\":"
	"2,\"connect\":10,\"tls\":30,\"first_byte\":70,\"total\":80},\"outages\":"
	"[{\"start\":\"Tue 2026-11-10 10:00 UTC\",\"end\":\"Tue 2026-11-10 10:05 "
	"UTC\",\"minutes\":5}],\"cert_days_left\":12,\"cert_status\":\"WARNING\","
	"\"live\":{\"ok\":true,\"status\":200,\"total_ms\":85,\"error\":null}}]}";

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

/* The model with incidents and health sections (when wanted). */
static cJSON *
make_model(int services)
{
	cJSON *m = cJSON_Parse(model_text), *inc, *open, *o;
	char num[32];
	int i;

	assert_non_null(m);
	if (!services)
		return m;
	assert_non_null(inc = cJSON_Parse(incidents_text));
	open = cJSON_GetObjectItem(inc, "open");
	for (i = 0; i < 61; i++) { /* enough to break across pages */
		o = cJSON_CreateObject();
		snprintf(num, sizeof(num), "INC%07d", 1000 + i);
		cJSON_AddStringToObject(o, "number", num);
		cJSON_AddStringToObject(o, "short_description",
					descriptions[i % 5]);
		cJSON_AddStringToObject(o, "priority",
					i ? "3 - Moderate" : "1 - Critical");
		cJSON_AddStringToObject(o, "state", "In Progress");
		cJSON_AddStringToObject(o, "opened",
					"Mon 2026-11-09 08:00 UTC");
		cJSON_AddStringToObject(o, "assignment_group", "Équipe réseau");
		cJSON_AddStringToObject(o, "cmdb_ci", "db-01");
		cJSON_AddItemToArray(open, o);
	}
	cJSON_AddItemToObject(m, "incidents", inc);
	cJSON_AddItemToObject(m, "health", cJSON_Parse(health_text));
	return m;
}

static enum pw_status
render(const cJSON *model, const char *font, struct buf *out)
{
	static struct period_tz tz;
	struct dataset d;
	struct pdf_input in = { model, &d, &tz, font, BOLD, "a4" };
	enum pw_status rc;

	assert_int_equal(
		period_tz_open("UTC", START - 86400, START + 8 * 86400, &tz),
		PW_OK);
	make_data(&d);
	buf_init(out, PDF_CAP);
	rc = pdf_render(&in, out);
	dataset_free(&d);
	return rc;
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
	cJSON *m = make_model(1);
	struct buf pdf;

	(void)state;
	if (system("command -v qpdf >/dev/null && command -v pdftotext "
		   ">/dev/null") != 0 ||
	    access(FONT, R_OK) != 0)
		skip();
	assert_non_null(mkdtemp(dir));
	assert_int_equal(render(m, FONT, &pdf), PW_OK);
	assert_memory_equal(pdf.data, "%PDF-", 5);
	text = pdf_to_text(&pdf, dir);
	/* Every script DejaVu covers comes out as written. */
	assert_non_null(strstr(text, "Καθυστέρηση στη βάση δεδομένων"));
	assert_non_null(strstr(text, "Медленный ответ сервера"));
	assert_non_null(strstr(text, "Zürich"));
	assert_non_null(strstr(text, "Équipe réseau"));
	assert_non_null(strstr(text, "Πύλη πελατών"));
	/* What it lacks is a visible U+FFFD, never dropped or garbled. */
	assert_null(strstr(text, "数"));
	assert_non_null(strstr(text,
			       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
			       "slow \xef\xbf\xbd on"));
	assert_non_null(strstr(text, "broken \xef\xbf\xbd\xef\xbf\xbd UTF-8"));
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
	cJSON_Delete(m);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (!getenv("TEST_PDF_KEEP"))
		assert_int_equal(system(cmd), 0);
}

static void
test_sections_absent(void **state)
{
	char dir[] = "/tmp/test_pdf.XXXXXX", cmd[600], *text;
	cJSON *m = make_model(0);
	struct buf pdf;

	(void)state;
	if (system("command -v qpdf >/dev/null && command -v pdftotext "
		   ">/dev/null") != 0 ||
	    access(FONT, R_OK) != 0)
		skip();
	assert_non_null(mkdtemp(dir));
	assert_int_equal(render(m, FONT, &pdf), PW_OK);
	text = pdf_to_text(&pdf, dir);
	assert_null(strstr(text, "ServiceNow"));
	assert_null(strstr(text, "Health URLs"));
	assert_null(strstr(text, "Open incidents"));
	assert_non_null(strstr(text, "CPU saturation"));
	free(text);
	buf_free(&pdf);
	cJSON_Delete(m);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void
test_identical_bytes(void **state)
{
	cJSON *m = make_model(1);
	struct buf a, b;

	(void)state;
	if (access(FONT, R_OK) != 0)
		skip();
	assert_int_equal(render(m, FONT, &a), PW_OK);
	assert_int_equal(render(m, FONT, &b), PW_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_free(&a);
	buf_free(&b);
	cJSON_Delete(m);
}

static void
test_missing_font(void **state)
{
	cJSON *m = make_model(0);
	struct buf pdf;

	(void)state;
	assert_int_equal(render(m, "/nonexistent/DejaVuSans.ttf", &pdf),
			 PW_ECONFIG);
	assert_int_equal(pdf.len, 0);
	buf_free(&pdf);
	/* Not a font at all: a clear error too, no crash. */
	assert_int_equal(render(m, "/etc/hostname", &pdf), PW_ECONFIG);
	buf_free(&pdf);
	cJSON_Delete(m);
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
