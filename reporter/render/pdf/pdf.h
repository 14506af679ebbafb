/*
 * pdf.h - the PDF report: the report model (model.h) and the period's
 * series it carries drawn with libharu.
 *
 * pdf_render() lays out page 1 (host, period, status banner, key numbers,
 * top findings, open incidents and health availability when the model has
 * them), then the findings, a section per resource with its charts and
 * statistics, the hour-of-week heatmap, capacity, incidents and health
 * URLs, each page with a header and a "page N of M" footer.  Text is UTF-8
 * in an embedded TrueType font; what the font cannot show becomes a visible
 * placeholder.  The document holds no wall-clock time of its own, so the
 * same model gives the same bytes.  The files under reporter/render/pdf
 * split the work: pdf_doc.c (document, pages, frame), pdf_font.c (TrueType
 * coverage and widths), pdf_text.c (UTF-8 text and wrapping), pdf_table.c,
 * pdf_chart.c and pdf_axis.c (charts), pdf_view.c (the days a chart
 * spans), pdf_heatmap.c, pdf_report.c (page 1, always one page),
 * pdf_findings.c, pdf_sections.c, pdf_devices.c, pdf_services.c and
 * pdf_outages.c (the other sections), pdf_wrap.c (line breaks, names
 * shortened in the middle).  Lists are cut to struct pdf_lists, each
 * saying how many more the JSON has.  Nothing here writes files: the
 * caller gets the bytes.
 */
#ifndef PW_PDF_H
#define PW_PDF_H

#include "buf.h"
#include "config.h"
#include "model.h"
#include "status.h"

/* Largest PDF pdf_render produces. */
#define PDF_CAP ((size_t)64 << 20)

/* How long the PDF's lists are ([report] in perfweek.conf(5)). */
struct pdf_lists {
	int page1_checks;     /* health checks on page 1, failing ones first */
	int outages;          /* outage windows per check, the longest */
	int devices;          /* devices charted per resource, the busiest */
	int outage_merge_min; /* [health]: for the note under the outages */
	int findings;         /* findings in the findings table, the worst */
	int capacity;         /* disks in the capacity table, least headroom */
};

struct pdf_input {
	const struct model *m; /* with its series (m->data) and zone (m->tz) */
	const char *font_path; /* regular TrueType font */
	const char *bold_path; /* bold font, "": font_path stroked */
	const char *paper;     /* "a4" or "letter" */
	struct pdf_lists lists;
};

/*
 * Render the report into out (initialised by the caller, cap PDF_CAP or
 * less).  A font that cannot be read is PW_ECONFIG, a libharu failure
 * PW_ERR, both logged in one line.
 */
enum pw_status pdf_render(const struct pdf_input *in, struct buf *out);

/*
 * Check the PDF settings of cfg before any work is done: the paper name
 * and that both font files can be read.  PW_ECONFIG with a logged reason.
 */
enum pw_status pdf_check_config(const struct config *cfg);

#endif
