/*
 * pdf_sections.c - the sections after page 1: the findings table, one
 * section per resource (its charts, declared in chart_defs[], and its
 * statistics table), the hour-of-week heatmap, capacity, notes, and the
 * incidents and health URL sections, which are drawn only when the model
 * has them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "metric.h"
#include "pdf_int.h"

static const struct pdf_rgb palette[CHART_MAX_SERIES] = {
	{ 0.16f, 0.42f, 0.75f }, { 0.93f, 0.5f, 0.1f }, { 0.2f, 0.6f, 0.3f },
	{ 0.55f, 0.3f, 0.7f },   { 0.8f, 0.2f, 0.2f },  { 0.5f, 0.35f, 0.2f },
};

/* A chart of a section: up to four metrics, thresholds from the first. */
struct chart_def {
	const char *section;
	const char *title; /* for a device, after its name */
	const char *unit;
	const char *metrics[4];
	const char *threshold_of; /* metric whose warn/crit to draw */
	int stacked;
	double ymax;
};

static const struct chart_def chart_defs[] = {
	{ "cpu",
	  "CPU utilisation by kind (stacked)",
	  "%",
	  { "cpu_user_pct", "cpu_system_pct", "cpu_iowait_pct",
	    "cpu_steal_pct" },
	  "cpu_busy_pct",
	  1,
	  100 },
	{ "cpu",
	  "Load (1 min) against the CPU count",
	  "",
	  { "load1" },
	  NULL,
	  0,
	  NAN },
	{ "memory",
	  "Memory and swap used",
	  "%",
	  { "mem_used_pct", "swap_used_pct" },
	  "mem_used_pct",
	  0,
	  100 },
	{ "pressure",
	  "Pressure stalls (share of time)",
	  "%",
	  { "psi_cpu_some_pct", "psi_memory_some_pct", "psi_io_some_pct",
	    "psi_io_full_pct" },
	  NULL,
	  0,
	  NAN },
	{ "network",
	  "TCP retransmitted segments",
	  "%",
	  { "tcp_retrans_pct" },
	  "tcp_retrans_pct",
	  0,
	  NAN },
	{ "disk",
	  "Throughput",
	  "B/s",
	  { "disk.read_bytes_per_s", "disk.write_bytes_per_s" },
	  NULL,
	  0,
	  NAN },
	{ "disk", "Await", "ms", { "disk.await_ms" }, "disk.await_ms", 0, NAN },
	{ "disk",
	  "Utilisation",
	  "%",
	  { "disk.util_pct" },
	  "disk.util_pct",
	  0,
	  100 },
	{ "filesystem",
	  "Space and inodes used",
	  "%",
	  { "filesystem.used_pct", "filesystem.inodes_used_pct" },
	  "filesystem.used_pct",
	  0,
	  100 },
	{ "netif",
	  "Traffic",
	  "B/s",
	  { "netif.rx_bytes_per_s", "netif.tx_bytes_per_s" },
	  NULL,
	  0,
	  NAN },
	{ "netif",
	  "Errors and drops",
	  "1/s",
	  { "netif.errors_per_s", "netif.drops_per_s" },
	  NULL,
	  0,
	  NAN },
};

static const cJSON *
find_metric(const cJSON *metrics, const char *id)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, metrics)
		if (strcmp(model_str(m, "id"), id) == 0)
			return m;
	return NULL;
}

/* The CPU count the load is measured against: the last one stored. */
static double
cpu_count(const struct dataset *d)
{
	size_t i;

	for (i = d->n; i > 0; i--)
		if (!isnan(d->v[HM_cpu_count][i - 1]))
			return d->v[HM_cpu_count][i - 1];
	return NAN;
}

static void
draw_chart(struct pdf_doc *doc, const struct chart_def *cd,
	   const cJSON *metrics, const struct dev_data *dev)
{
	const struct dataset *d = doc->in->data;
	const cJSON *thr = cd->threshold_of ?
		find_metric(metrics, cd->threshold_of) :
		NULL;
	struct chart c;
	char title[600], ref[64];
	int i;

	memset(&c, 0, sizeof(c));
	snprintf(title, sizeof(title), "%s", cd->title);
	c.title = title;
	c.unit = cd->unit;
	c.stacked = cd->stacked;
	c.warn = model_num(thr, "warn");
	c.crit = model_num(thr, "crit");
	c.ref = NAN;
	c.ymax = cd->ymax;
	c.spacing_s = d->spacing_s;
	for (i = 0; i < 4 && cd->metrics[i]; i++) {
		const struct metric_def *m = metric_find(cd->metrics[i]);
		double *buf = doc->pool + (size_t)c.ns * doc->pool_n;

		if (!m || !find_metric(metrics, cd->metrics[i]))
			continue;
		c.s[c.ns].label = m->label;
		c.s[c.ns].n = metric_series(m, d, dev, buf);
		c.s[c.ns].v = buf;
		c.s[c.ns].t = dev ? dev->t : d->t;
		c.s[c.ns].color = palette[c.ns];
		c.ns++;
	}
	if (c.ns == 0)
		return;
	if (strcmp(cd->metrics[0], "load1") == 0 &&
	    !isnan(c.ref = cpu_count(d))) {
		snprintf(ref, sizeof(ref), "%g CPUs", c.ref);
		c.ref_label = ref;
	}
	pdf_chart(doc, &c);
}

static const struct pdf_col stat_cols[] = {
	{ "Metric", 0.22, PDF_LEFT },
	{ "avg", 0.075, PDF_RIGHT },
	{ "p50", 0.075, PDF_RIGHT },
	{ "p95", 0.075, PDF_RIGHT },
	{ "p99", 0.075, PDF_RIGHT },
	{ "max", 0.075, PDF_RIGHT },
	{ "max at", 0.22, PDF_LEFT },
	{ "min above warning", 0.095, PDF_RIGHT },
	{ "change vs last week", 0.09, PDF_RIGHT },
};

/*
 * A statistic for the table: as the model has it, except that byte rates
 * of ten thousand or more are shown in k, M, G (the column is narrow;
 * the JSON has every digit).
 */
static void
table_num(const cJSON *v, const char *unit, char *buf, size_t n)
{
	static const char *const pre[] = { "k", "M", "G", "T" };
	double x;
	int i;

	if (!cJSON_IsNumber(v) || strcmp(unit, "B/s") != 0 ||
	    fabs(v->valuedouble) < 1e4) {
		pdf_num(v, buf, n);
		return;
	}
	x = v->valuedouble / 1e3; /* at least 10 k here */
	for (i = 0; fabs(x) >= 1e3 && i < 3; i++)
		x /= 1e3;
	snprintf(buf, n, "%.3g %s", x, pre[i]);
}

static void
stats_table(struct pdf_doc *doc, const cJSON *metrics)
{
	static const char *const keys[] = { "avg", "p50", "p95", "p99", "max" };
	struct pdf_table t = { stat_cols, 9, 7.5, 0 };
	char cell[9][160];
	const char *cells[9];
	const cJSON *m;
	size_t i;

	if (cJSON_GetArraySize(metrics) == 0)
		return;
	pdf_table_begin(doc, &t);
	cJSON_ArrayForEach(m, metrics) {
		snprintf(cell[0], sizeof(cell[0]), "%s%s%s%s",
			 model_str(m, "label"),
			 *model_str(m, "unit") ? " (" : "",
			 model_str(m, "unit"),
			 *model_str(m, "unit") ? ")" : "");
		for (i = 0; i < 5; i++)
			table_num(cJSON_GetObjectItem(m, keys[i]),
				  model_str(m, "unit"), cell[i + 1],
				  sizeof(cell[0]));
		snprintf(cell[6], sizeof(cell[6]), "%s",
			 model_str(m, "max_at"));
		pdf_num(cJSON_GetObjectItem(m, "minutes_above_warn"), cell[7],
			sizeof(cell[7]));
		pdf_num(cJSON_GetObjectItem(m, "change_pct"), cell[8],
			sizeof(cell[8]));
		if (strcmp(cell[8], "-") == 0 && *model_str(m, "change_reason"))
			snprintf(cell[8], sizeof(cell[8]), "n/a");
		else if (strcmp(cell[8], "-") != 0)
			strncat(cell[8], " %",
				sizeof(cell[8]) - strlen(cell[8]) - 1);
		for (i = 0; i < 9; i++)
			cells[i] = cell[i];
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
}

static const struct dev_data *
find_dev(const struct dataset *d, const char *section, const char *name)
{
	enum dev_kind kind = strcmp(section, "disk") == 0 ? DEV_DISK :
		strcmp(section, "filesystem") == 0        ? DEV_FS :
							    DEV_NETIF;
	size_t i;

	for (i = 0; i < d->ndev; i++)
		if (d->dev[i].kind == kind && strcmp(d->dev[i].name, name) == 0)
			return &d->dev[i];
	return NULL;
}

/* The charts of section id (of one device, under its subheading). */
static void
section_charts(struct pdf_doc *doc, const char *id, const cJSON *metrics,
	       const struct dev_data *dev)
{
	size_t i;

	for (i = 0; i < sizeof(chart_defs) / sizeof(chart_defs[0]); i++)
		if (strcmp(chart_defs[i].section, id) == 0)
			draw_chart(doc, &chart_defs[i], metrics, dev);
}

static void
device_section(struct pdf_doc *doc, const char *id, const cJSON *sec)
{
	const cJSON *dv;
	char name[1100];

	cJSON_ArrayForEach(dv, cJSON_GetObjectItem(sec, "devices")) {
		const cJSON *metrics = cJSON_GetObjectItem(dv, "metrics");
		const struct dev_data *dev = find_dev(doc->in->data, id,
						      model_str(dv, "name"));

		if (cJSON_GetArraySize(metrics) == 0)
			continue;
		snprintf(name, sizeof(name), "%s%s%s%s", model_str(dv, "name"),
			 *model_str(dv, "label") ? " (" : "",
			 model_str(dv, "label"),
			 *model_str(dv, "label") ? ")" : "");
		pdf_subheading(doc, name);
		if (dev)
			section_charts(doc, id, metrics, dev);
		stats_table(doc, metrics);
	}
}

/* Why "change vs last week" is n/a: last week's coverage. */
static void
comparison_note(struct pdf_doc *doc)
{
	const cJSON *cmp = cJSON_GetObjectItem(doc->in->model, "comparison");
	const cJSON *w0 = cJSON_GetArrayItem(cJSON_GetObjectItem(cmp, "weeks"),
					     0);
	char line[256], min[32];

	if (!w0 || cJSON_IsTrue(cJSON_GetObjectItem(w0, "used")))
		return;
	pdf_num(cJSON_GetObjectItem(cmp, "min_coverage_pct"), min, sizeof(min));
	snprintf(line, sizeof(line),
		 "Change vs last week: n/a (%s, %s; a comparison needs %s %%).",
		 model_str(cmp, "last_week_reason"), model_str(w0, "label"),
		 min);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, doc->right - doc->left, line);
	doc->y -= 4;
}

void
pdf_resources(struct pdf_doc *doc)
{
	const cJSON *sec;
	int noted = 0;

	cJSON_ArrayForEach(sec,
			   cJSON_GetObjectItem(doc->in->model, "resources")) {
		const char *id = model_str(sec, "id");
		const cJSON *metrics = cJSON_GetObjectItem(sec, "metrics");
		const cJSON *devs = cJSON_GetObjectItem(sec, "devices");

		if (cJSON_GetArraySize(metrics) == 0 &&
		    cJSON_GetArraySize(devs) == 0)
			continue;
		pdf_heading(doc, model_str(sec, "title"));
		/* under the first heading (cppcheck misses the loop) */
		/* cppcheck-suppress knownConditionTrueFalse */
		if (!noted++)
			comparison_note(doc);
		if (devs) {
			device_section(doc, id, sec);
			continue;
		}
		section_charts(doc, id, metrics, NULL);
		stats_table(doc, metrics);
		if (strcmp(id, "cpu") == 0) {
			pdf_subheading(doc,
				       "CPU busy by hour of the week "
				       "(local time)");
			pdf_heatmap(doc);
		}
	}
}

static const struct pdf_col finding_cols[] = {
	{ "Severity", 0.11, PDF_LEFT },
	{ "Finding", 0.19, PDF_LEFT },
	{ "Evidence and what to do", 0.49, PDF_LEFT },
	{ "When", 0.21, PDF_LEFT },
};

/* The episodes the findings table lists before "and N more". */
#define PDF_EPISODES_MAX 12

/* After the longest window: "7 episodes, 600 min:" and each start. */
static void
pdf_episodes(const cJSON *f, char *when, size_t sz)
{
	const cJSON *e;
	double count = model_num(f, "episode_count");
	size_t len = strlen(when);
	int i = 0;

	if (!(count > 1) || len >= sz)
		return;
	len += (size_t)snprintf(when + len, sz - len,
				"\n%.0f episodes, %.0f min:", count,
				model_num(f, "episode_minutes"));
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(f, "episodes")) {
		if (i++ == PDF_EPISODES_MAX || len >= sz)
			break;
		len += (size_t)snprintf(when + len, sz - len, "\n%s (%.0f min)",
					model_str(e, "start"),
					model_num(e, "minutes"));
	}
	if (count > PDF_EPISODES_MAX && len < sz)
		snprintf(when + len, sz - len, "\nand %.0f more (see the JSON)",
			 count - PDF_EPISODES_MAX);
}

void
pdf_findings(struct pdf_doc *doc)
{
	const cJSON *fs = cJSON_GetObjectItem(doc->in->model, "findings"), *f;
	struct pdf_table t = { finding_cols, 4, 8, 0 };
	char what[600], body[2400], when[1200], mins[32];
	const char *cells[4];

	pdf_heading(doc, "Findings");
	if (cJSON_GetArraySize(fs) == 0) {
		pdf_para(doc, PDF_REGULAR, 9.5, doc->left,
			 doc->right - doc->left, "No rule fired this week.");
		return;
	}
	pdf_table_begin(doc, &t);
	cJSON_ArrayForEach(f, fs) {
		const cJSON *w = cJSON_GetObjectItem(f, "when");

		snprintf(what, sizeof(what), "%s (%s%s%s)",
			 model_str(f, "title"), model_str(f, "resource"),
			 *model_str(f, "device") ? " " : "",
			 model_str(f, "device"));
		snprintf(body, sizeof(body), "%s\n%s", model_str(f, "evidence"),
			 model_str(f, "recommendation"));
		pdf_num(cJSON_GetObjectItem(w, "minutes"), mins, sizeof(mins));
		if (*model_str(w, "start"))
			snprintf(when, sizeof(when), "%s to %s (%s min)",
				 model_str(w, "start"), model_str(w, "end"),
				 mins);
		else
			snprintf(when, sizeof(when), "-");
		pdf_episodes(f, when, sizeof(when));
		cells[0] = model_str(f, "severity");
		cells[1] = what;
		cells[2] = body;
		cells[3] = when;
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
}

static const struct pdf_col cap_cols[] = {
	{ "Resource", 0.22, PDF_LEFT },
	{ "p95 utilisation", 0.16, PDF_RIGHT },
	{ "queueing", 0.3, PDF_RIGHT },
	{ "headroom to target", 0.32, PDF_RIGHT },
};

void
pdf_capacity(struct pdf_doc *doc)
{
	const cJSON *cap = cJSON_GetObjectItem(doc->in->model, "capacity");
	const cJSON *cpu = cJSON_GetObjectItem(cap, "cpu"), *dk;
	struct pdf_table t = { cap_cols, 4, 8, 0 };
	char c[4][160], a[32], b[32];
	const char *cells[4] = { c[0], c[1], c[2], c[3] };

	if (!cap)
		return;
	pdf_heading(doc, "Capacity");
	pdf_num(cJSON_GetObjectItem(cap, "target_util_pct"), a, sizeof(a));
	snprintf(c[0], sizeof(c[0]),
		 "Headroom is how much more load fits "
		 "before the p95 utilisation reaches the target of %s %%.",
		 a);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, doc->right - doc->left, c[0]);
	doc->y -= 4;
	pdf_table_begin(doc, &t);
	if (cpu) {
		pdf_num(cJSON_GetObjectItem(cpu, "cpus"), a, sizeof(a));
		snprintf(c[0], sizeof(c[0]), "CPU (%s CPUs)", a);
		pdf_num(cJSON_GetObjectItem(cpu, "p95_busy_pct"), a, sizeof(a));
		snprintf(c[1], sizeof(c[1]), "%s %%", a);
		pdf_num(cJSON_GetObjectItem(cpu, "erlang_c"), a, sizeof(a));
		pdf_num(cJSON_GetObjectItem(cpu, "wait_ratio"), b, sizeof(b));
		snprintf(c[2], sizeof(c[2]), "P(wait) %s, wait/service %s", a,
			 b);
		pdf_num(cJSON_GetObjectItem(cpu, "headroom_pct"), a, sizeof(a));
		snprintf(c[3], sizeof(c[3]), "%s %%", a);
		pdf_table_row(doc, &t, cells);
	}
	cJSON_ArrayForEach(dk, cJSON_GetObjectItem(cap, "disks")) {
		snprintf(c[0], sizeof(c[0]), "disk %s", model_str(dk, "name"));
		pdf_num(cJSON_GetObjectItem(dk, "p95_util_pct"), a, sizeof(a));
		snprintf(c[1], sizeof(c[1]), "%s %%", a);
		pdf_num(cJSON_GetObjectItem(dk, "stretch"), a, sizeof(a));
		snprintf(c[2], sizeof(c[2]), "response time x %s", a);
		pdf_num(cJSON_GetObjectItem(dk, "headroom_pct"), a, sizeof(a));
		snprintf(c[3], sizeof(c[3]), "%s %%", a);
		pdf_table_row(doc, &t, cells);
	}
	cJSON_ArrayForEach(dk, cJSON_GetObjectItem(cap, "services")) {
		char l[32];

		snprintf(c[0], sizeof(c[0]), "service %s",
			 model_str(dk, "service"));
		snprintf(c[1], sizeof(c[1]), "-");
		pdf_num(cJSON_GetObjectItem(dk, "requests_per_s"), a,
			sizeof(a));
		pdf_num(cJSON_GetObjectItem(dk, "response_time_s"), b,
			sizeof(b));
		pdf_num(cJSON_GetObjectItem(dk, "concurrency"), l, sizeof(l));
		snprintf(c[2], sizeof(c[2]),
			 "%s in flight (%s/s x %s s, "
			 "Little's law)",
			 l, a, b);
		snprintf(c[3], sizeof(c[3]), "-");
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
}

void
pdf_notes(struct pdf_doc *doc)
{
	const cJSON *n;

	if (cJSON_GetArraySize(cJSON_GetObjectItem(doc->in->model, "notes")) ==
	    0)
		return;
	pdf_heading(doc, "Notes");
	cJSON_ArrayForEach(n, cJSON_GetObjectItem(doc->in->model, "notes")) {
		if (!cJSON_IsString(n))
			continue;
		pdf_para(doc, PDF_REGULAR, 8.5, doc->left,
			 doc->right - doc->left, n->valuestring);
		doc->y -= 4;
	}
}
