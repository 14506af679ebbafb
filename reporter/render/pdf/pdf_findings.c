/*
 * pdf_findings.c - the findings section: a table of every finding of the
 * model, worst first, with its severity, what and where, the evidence and
 * what to do, and when: the longest window and, for a sustained finding,
 * its episodes (the first PDF_EPISODES_MAX; the JSON has them all).
 * The table holds the worst [report] findings_max; the others are
 * counted under it, by severity, and the JSON lists them.
 * Page 1 shows the top findings in a shorter form (pdf_report.c).
 */
#include <stdio.h>
#include <string.h>

#include "pdf_int.h"

static const struct pdf_col finding_cols[] = {
	{ "Severity", 0.11, PDF_LEFT, 0 },
	{ "Finding", 0.19, PDF_LEFT, 0 },
	{ "Evidence and what to do", 0.49, PDF_LEFT, 0 },
	{ "When", 0.21, PDF_LEFT, 0 },
};

/* The episodes the findings table lists before "and N more". */
#define PDF_EPISODES_MAX 12

/* After the longest window: "7 episodes, 600 min:" and each start. */
static void
pdf_episodes(struct pdf_doc *doc, const struct model_finding *f, char *when,
	     size_t sz)
{
	double count = f->episode_count;
	size_t len = strlen(when), i;

	if (!(count > 1) || len >= sz)
		return;
	len += (size_t)snprintf(when + len, sz - len,
				"\n%.0f episodes, %.0f min:", count,
				f->episode_minutes);
	for (i = 0; i < f->nepisodes; i++) {
		const struct model_window *e = &f->episodes[i].w;

		if (i == PDF_EPISODES_MAX || len >= sz)
			break;
		len += (size_t)snprintf(when + len, sz - len, "\n%s (%.0f min)",
					pdf_time(doc, &e->start), e->minutes);
	}
	if (count > PDF_EPISODES_MAX && len < sz)
		snprintf(when + len, sz - len, "\nand %.0f more (see the JSON)",
			 count - PDF_EPISODES_MAX);
}

/*
 * Under a table cut to its first shown findings: "and 7 more (3 warning,
 * 4 info; see the JSON)", or nothing when it shows them all.
 */
static void
pdf_more_findings(struct pdf_doc *doc, size_t shown)
{
	static const enum severity order[] = { SEV_CRITICAL, SEV_WARNING,
					       SEV_INFO };
	size_t n[3] = { 0, 0, 0 }, i, k, len = 0;
	char where[160];

	if (shown >= doc->m->nfindings)
		return;
	for (i = shown; i < doc->m->nfindings; i++)
		for (k = 0; k < 3; k++)
			n[k] += doc->m->findings[i].severity == order[k];
	for (k = 0; k < 3 && len < sizeof(where); k++)
		if (n[k])
			len += (size_t)snprintf(
				where + len, sizeof(where) - len, "%zu %s, ",
				n[k], model_severity_name(order[k]));
	if (len < sizeof(where))
		snprintf(where + len, sizeof(where) - len, "see the JSON");
	pdf_more(doc, doc->m->nfindings - shown, where);
}

void
pdf_findings(struct pdf_doc *doc)
{
	struct pdf_table t = { finding_cols, 4, 8, 0 };
	char what[600], body[2400], when[1200], span[400];
	const char *cells[4];
	size_t i,
		cap = doc->in->lists.findings > 0 ?
		(size_t)doc->in->lists.findings :
		0;

	pdf_heading(doc, "Findings");
	if (doc->m->nfindings == 0) {
		pdf_para(doc, PDF_REGULAR, 9.5, doc->left,
			 doc->right - doc->left, "No rule fired this week.");
		return;
	}
	if (cap > doc->m->nfindings)
		cap = doc->m->nfindings;
	if (cap == 0) {
		pdf_more_findings(doc, 0);
		return;
	}
	pdf_table_begin(doc, &t);
	for (i = 0; i < cap; i++) {
		const struct model_finding *f = &doc->m->findings[i];
		const struct model_window *w = &f->when;
		const char *device = pdf_str(doc, f->device);

		snprintf(what, sizeof(what), "%s (%s%s%s)",
			 pdf_str(doc, f->title), pdf_str(doc, f->resource),
			 *device ? " " : "", device);
		snprintf(body, sizeof(body), "%s\n%s",
			 pdf_str(doc, f->evidence),
			 pdf_str(doc, f->recommendation));
		model_window_text(w, span, sizeof(span));
		snprintf(when, sizeof(when), "%s", pdf_str(doc, span));
		if (!when[0])
			snprintf(when, sizeof(when), "-");
		pdf_episodes(doc, f, when, sizeof(when));
		cells[0] = model_severity_name(f->severity);
		cells[1] = what;
		cells[2] = body;
		cells[3] = when;
		pdf_table_row(doc, &t, cells);
	}
	pdf_table_end(doc, &t);
	pdf_more_findings(doc, cap);
}
