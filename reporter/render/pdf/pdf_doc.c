/*
 * pdf_doc.c - the document: libharu set up with the error handler, the
 * embedded fonts, pages with their header, headings and paragraphs that
 * flow down the pages, the "page N of M" footers drawn once the page
 * count is known, and the finished bytes; also the colours and the number
 * text every page shares.
 *
 * libharu reports a failure through the handler given to HPDF_New; the
 * handler only records the first error_no and detail_no (no longjmp), the
 * library call returns an error, and pdf_failed() tells the renderer to
 * stop.  Nothing in the document depends on the clock: the creation date
 * is the model's generation time and libharu writes no file ID unless
 * encryption is on.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "pdf_int.h"

const struct pdf_rgb pdf_black = { 0.1f, 0.1f, 0.12f };
const struct pdf_rgb pdf_grey = { 0.45f, 0.45f, 0.48f };
const struct pdf_rgb pdf_light = { 0.93f, 0.94f, 0.96f };
const struct pdf_rgb pdf_white = { 1, 1, 1 };

void
pdf_num(double v, char *buf, size_t n)
{
	if (isfinite(v))
		snprintf(buf, n, "%.15g", v + 0.0);
	else
		snprintf(buf, n, "-");
}

struct pdf_rgb
pdf_severity_rgb(const char *sev)
{
	if (strcmp(sev, "CRITICAL") == 0)
		return (struct pdf_rgb){ 0.78f, 0.11f, 0.11f };
	if (strcmp(sev, "WARNING") == 0)
		return (struct pdf_rgb){ 0.85f, 0.5f, 0.0f };
	if (strcmp(sev, "OK") == 0)
		return (struct pdf_rgb){ 0.13f, 0.55f, 0.25f };
	/* a report short of data: dark, never a colour of a judged week */
	if (strcmp(sev, "NO DATA") == 0 || strcmp(sev, "INCOMPLETE") == 0)
		return (struct pdf_rgb){ 0.36f, 0.16f, 0.5f };
	return pdf_grey;
}

static void HPDF_STDCALL
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	struct pdf_err *e = user_data;

	if (e->count++ == 0) {
		e->error_no = (unsigned long)error_no;
		e->detail_no = (unsigned long)detail_no;
	}
}

int
pdf_failed(const struct pdf_doc *doc)
{
	return doc->err.count > 0;
}

void
pdf_fill_rgb(struct pdf_doc *doc, struct pdf_rgb c)
{
	HPDF_Page_SetRGBFill(doc->page, c.r, c.g, c.b);
}

void
pdf_stroke_rgb(struct pdf_doc *doc, struct pdf_rgb c)
{
	HPDF_Page_SetRGBStroke(doc->page, c.r, c.g, c.b);
}

void
pdf_rect(struct pdf_doc *doc, double x, double y, double w, double h,
	 struct pdf_rgb fill)
{
	pdf_fill_rgb(doc, fill);
	HPDF_Page_Rectangle(doc->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w,
			    (HPDF_REAL)h);
	HPDF_Page_Fill(doc->page);
}

/* The running header: host on the left, period on the right, a rule. */
static void
page_header(struct pdf_doc *doc)
{
	double y = doc->h - 30;
	double room = doc->right - doc->left - 16 -
		pdf_text_width(doc, PDF_REGULAR, 8, doc->period_text);
	char left[600], fit[600];

	snprintf(left, sizeof(left), "perfweek \xc2\xb7 %s", doc->host);
	pdf_fit(doc, PDF_REGULAR, 8, left, room, fit, sizeof(fit));
	pdf_fill_rgb(doc, pdf_grey);
	pdf_text(doc, PDF_REGULAR, 8, doc->left, y, PDF_LEFT, fit);
	pdf_text(doc, PDF_REGULAR, 8, doc->right, y, PDF_RIGHT,
		 doc->period_text);
	pdf_stroke_rgb(doc, pdf_grey);
	HPDF_Page_SetLineWidth(doc->page, 0.4f);
	HPDF_Page_MoveTo(doc->page, (HPDF_REAL)doc->left, (HPDF_REAL)(y - 5));
	HPDF_Page_LineTo(doc->page, (HPDF_REAL)doc->right, (HPDF_REAL)(y - 5));
	HPDF_Page_Stroke(doc->page);
	pdf_fill_rgb(doc, pdf_black);
}

void
pdf_new_page(struct pdf_doc *doc)
{
	HPDF_PageSizes size = strcmp(doc->in->paper, "letter") == 0 ?
		HPDF_PAGE_SIZE_LETTER :
		HPDF_PAGE_SIZE_A4;

	if (doc->npages >= PDF_MAX_PAGES) {
		/* Keep drawing on the last page rather than fail. */
		if (doc->y > -1)
			log_warn("the PDF is cut at %d pages", PDF_MAX_PAGES);
		doc->y = -1e9; /* warned: the rest is not shown */
		doc->bottom = -2e9;
		return;
	}
	doc->page = HPDF_AddPage(doc->hpdf);
	if (!doc->page) {
		doc->err.count++;
		return;
	}
	HPDF_Page_SetSize(doc->page, size, HPDF_PAGE_PORTRAIT);
	doc->pages[doc->npages++] = doc->page;
	doc->w = HPDF_Page_GetWidth(doc->page);
	doc->h = HPDF_Page_GetHeight(doc->page);
	doc->left = PDF_MARGIN;
	doc->right = doc->w - PDF_MARGIN;
	doc->bottom = PDF_BOTTOM;
	doc->y = doc->h - PDF_TOP;
	page_header(doc);
}

void
pdf_need(struct pdf_doc *doc, double height)
{
	/* at the top of a page already: more than a page, a new one is blank */
	if (doc->y - height < doc->bottom && doc->y < doc->h - PDF_TOP - 1)
		pdf_new_page(doc);
}

void
pdf_heading(struct pdf_doc *doc, const char *title)
{
	char fit[PDF_LINE_MAX];

	/* A heading keeps its first chart or table on the same page. */
	pdf_need(doc, 230);
	if (doc->y < doc->h - PDF_TOP - 1)
		doc->y -= 10;
	pdf_fill_rgb(doc, pdf_black);
	pdf_fit(doc, PDF_BOLD, 15, title, doc->right - doc->left, fit,
		sizeof(fit));
	pdf_text(doc, PDF_BOLD, 15, doc->left, doc->y - 15, PDF_LEFT, fit);
	pdf_stroke_rgb(doc, (struct pdf_rgb){ 0.2f, 0.35f, 0.6f });
	HPDF_Page_SetLineWidth(doc->page, 1.2f);
	HPDF_Page_MoveTo(doc->page, (HPDF_REAL)doc->left,
			 (HPDF_REAL)(doc->y - 21));
	HPDF_Page_LineTo(doc->page, (HPDF_REAL)doc->right,
			 (HPDF_REAL)(doc->y - 21));
	HPDF_Page_Stroke(doc->page);
	doc->y -= 32;
}

void
pdf_subheading(struct pdf_doc *doc, const char *title)
{
	char fit[PDF_LINE_MAX];

	pdf_need(doc, 200);
	doc->y -= 4;
	pdf_fill_rgb(doc, pdf_black);
	pdf_fit(doc, PDF_BOLD, 11, title, doc->right - doc->left, fit,
		sizeof(fit));
	pdf_text(doc, PDF_BOLD, 11, doc->left, doc->y - 11, PDF_LEFT, fit);
	doc->y -= 18;
}

void
pdf_para(struct pdf_doc *doc, enum pdf_face face, double size, double x,
	 double width, const char *s)
{
	char line[PDF_LINE_MAX];
	double leading = size * 1.3;
	size_t next, off = 0, len;

	while (s[off]) {
		len = pdf_wrap_line(doc, face, size, s + off, width, &next);
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, s + off, len);
		line[len] = '\0';
		pdf_need(doc, leading);
		pdf_text(doc, face, size, x, doc->y - size, PDF_LEFT, line);
		doc->y -= leading;
		if (!next)
			break;
		off += next;
		while (s[off] == ' ')
			off++;
	}
}

/* "page N of M" and the host and week on every page. */
static void
footers(struct pdf_doc *doc)
{
	char buf[64], left[600], fit[600];
	int i;

	snprintf(left, sizeof(left), "%s \xc2\xb7 %s", doc->host, doc->label);
	/* room for "page 500 of 500" at the right */
	pdf_fit(doc, PDF_REGULAR, 8, left,
		doc->right - doc->left - 16 -
			pdf_text_width(doc, PDF_REGULAR, 8, "page 500 of 500"),
		fit, sizeof(fit));
	for (i = 0; i < doc->npages; i++) {
		doc->page = doc->pages[i];
		snprintf(buf, sizeof(buf), "page %d of %d", i + 1, doc->npages);
		pdf_fill_rgb(doc, pdf_grey);
		pdf_text(doc, PDF_REGULAR, 8, doc->left, 24, PDF_LEFT, fit);
		pdf_text(doc, PDF_REGULAR, 8, doc->right, 24, PDF_RIGHT, buf);
	}
}

/* The creation date: the model's generation time, so no clock. */
static void
set_info(struct pdf_doc *doc, int64_t generated_ts)
{
	time_t t = (time_t)generated_ts;
	HPDF_Date d;
	struct tm tm;
	char title[256];
	size_t i;

	snprintf(title, sizeof(title), "perfweek report %s %s", doc->host,
		 doc->label);
	for (i = 0; title[i]; i++) /* the info dictionary gets ASCII */
		if ((unsigned char)title[i] >= 0x7F || title[i] < 0x20)
			title[i] = '_';
	HPDF_SetInfoAttr(doc->hpdf, HPDF_INFO_TITLE, title);
	HPDF_SetInfoAttr(doc->hpdf, HPDF_INFO_CREATOR,
			 "perfweek-report " PW_VERSION);
	if (generated_ts <= 0 || !gmtime_r(&t, &tm))
		return;
	memset(&d, 0, sizeof(d));
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = 'Z';
	HPDF_SetInfoDateAttr(doc->hpdf, HPDF_INFO_CREATION_DATE, d);
}

/* Load both faces: our metrics first (clear errors), then libharu's. */
static enum pw_status
load_fonts(struct pdf_doc *doc)
{
	static const char *const keys[PDF_FACES] = { "pdf_font",
						     "pdf_font_bold" };
	const char *paths[PDF_FACES] = { doc->in->font_path,
					 doc->in->bold_path };
	int i;
	enum pw_status rc;

	/*
	 * No bold file, or the same file for both faces, embeds one font
	 * (a smaller and faster PDF: each face embedded brings its own
	 * subset with hmtx, loca, cmap and post whole) and draws bold text
	 * by stroking the outline as well.
	 */
	if (!*paths[PDF_BOLD])
		paths[PDF_BOLD] = paths[PDF_REGULAR];
	doc->fake_bold = strcmp(paths[PDF_REGULAR], paths[PDF_BOLD]) == 0;
	for (i = 0; i < PDF_FACES; i++) {
		if ((rc = pdf_font_load(paths[i], keys[i], &doc->metrics[i])))
			return rc;
		if (i == PDF_BOLD && doc->fake_bold) {
			doc->font[i] = doc->font[PDF_REGULAR];
			break;
		}
		if (!(doc->font[i] = pdf_font_embed(doc->hpdf, paths[i], 0))) {
			log_err("cannot embed the PDF font '%s': libharu error 0x%04lX, detail %lu (set [report] %s)",
				paths[i], doc->err.error_no, doc->err.detail_no,
				keys[i]);
			return PW_ECONFIG;
		}
	}
	return PW_OK;
}

enum pw_status
pdf_doc_open(struct pdf_doc *doc, int64_t generated_ts)
{
	if (!(doc->hpdf = HPDF_New(on_error, &doc->err))) {
		log_err("cannot start a PDF document: out of memory");
		return PW_ENOMEM;
	}
	HPDF_SetCompressionMode(doc->hpdf, HPDF_COMP_ALL);
	set_info(doc, generated_ts);
	HPDF_UseUTFEncodings(doc->hpdf);
	HPDF_SetCurrentEncoder(doc->hpdf, "UTF-8");
	if (pdf_fallback_open(doc))
		return PW_ENOMEM;
	if (pdf_failed(doc)) {
		log_err("cannot set up the PDF document: libharu error 0x%04lX, detail %lu",
			doc->err.error_no, doc->err.detail_no);
		return PW_ERR;
	}
	return load_fonts(doc);
}

/* Footers, then the document's bytes into out. */
enum pw_status
pdf_doc_finish(struct pdf_doc *doc, struct buf *out)
{
	HPDF_BYTE chunk[65536];
	enum pw_status rc;
	int i;

	footers(doc);
	for (i = 0; i < PDF_FACES && !pdf_failed(doc); i++) {
		HPDF_STATUS st = i == PDF_REGULAR || !doc->fake_bold ?
			pdf_font_map(doc->font[i], pdf_fallback_unshape(doc),
				     NULL) :
			HPDF_OK;

		if (st != HPDF_OK && !pdf_failed(doc))
			on_error(st, 0, &doc->err); /* calloc in pdf_font_map */
	}
	if (!pdf_failed(doc)) {
		HPDF_STATUS st = pdf_fallback_map(doc);

		if (st != HPDF_OK && !pdf_failed(doc))
			on_error(st, 0, &doc->err);
	}
	if (!pdf_failed(doc)) {
		HPDF_STATUS st = pdf_deflate_pages(doc->hpdf);

		if (st != HPDF_OK && !pdf_failed(doc))
			on_error(st, 0, &doc->err);
	}
	if (!pdf_failed(doc))
		HPDF_SaveToStream(doc->hpdf);
	if (pdf_failed(doc)) {
		log_err("cannot render the PDF: libharu error 0x%04lX, detail %lu",
			doc->err.error_no, doc->err.detail_no);
		return PW_ERR;
	}
	HPDF_ResetStream(doc->hpdf);
	for (;;) {
		HPDF_UINT32 len = sizeof(chunk);
		HPDF_STATUS st = HPDF_ReadFromStream(doc->hpdf, chunk, &len);

		if (len > 0 && (rc = buf_add(out, chunk, len))) {
			log_err("the PDF is larger than %zu MiB",
				out->cap >> 20);
			return rc;
		}
		if (st == HPDF_STREAM_EOF)
			break;
		if (st != HPDF_OK) {
			log_err("cannot read the PDF back: libharu error 0x%04lX",
				(unsigned long)st);
			return PW_ERR;
		}
	}
	return PW_OK;
}

void
pdf_doc_close(struct pdf_doc *doc)
{
	int i;

	if (doc->hpdf)
		HPDF_Free(doc->hpdf);
	for (i = 0; i < PDF_FACES; i++)
		pdf_font_free(&doc->metrics[i]);
	pdf_fallback_close(doc);
	doc->hpdf = NULL;
}
