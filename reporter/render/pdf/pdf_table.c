/*
 * pdf_table.c - tables whose rows wrap their cells and break across pages,
 * the header repeated at the top of each continuation.
 *
 * A row is measured before it is drawn (the most lines of any cell), so a
 * row never splits; a cell longer than ROW_MAX_LINES lines is cut with an
 * ellipsis so that one row always fits a page; a cell of a one_line
 * column is one line, shortened in the middle to fit.  A cell that reads exactly
 * CRITICAL, WARNING or OK is coloured like the status banner.
 */
#include <string.h>

#include "pdf_int.h"

#define ROW_MAX_LINES 12
#define ROW_MAX_COLS  12
#define PAD           3.0

static double
col_x(const struct pdf_doc *doc, const struct pdf_table *t, int c)
{
	double x = doc->left;
	int i;

	for (i = 0; i < c; i++)
		x += t->cols[i].width * (doc->right - doc->left);
	return x;
}

static double
col_w(const struct pdf_doc *doc, const struct pdf_table *t, int c)
{
	return t->cols[c].width * (doc->right - doc->left);
}

static void
header(struct pdf_doc *doc, struct pdf_table *t)
{
	double lead = t->size * 1.25, h = 0;
	int c, n;

	for (c = 0; c < t->ncols; c++) {
		n = pdf_wrap_count(doc, PDF_BOLD, t->size, t->cols[c].title,
				   col_w(doc, t, c) - 2 * PAD);
		if (n * lead > h)
			h = n * lead;
	}
	h += 2 * PAD;
	pdf_rect(doc, doc->left, doc->y - h, doc->right - doc->left, h,
		 (struct pdf_rgb){ 0.2f, 0.3f, 0.45f });
	pdf_fill_rgb(doc, pdf_white);
	for (c = 0; c < t->ncols; c++)
		pdf_wrap_draw(doc, PDF_BOLD, t->size, col_x(doc, t, c) + PAD,
			      doc->y - PAD - t->size,
			      col_w(doc, t, c) - 2 * PAD, lead, 0,
			      t->cols[c].align, t->cols[c].title);
	pdf_fill_rgb(doc, pdf_black);
	doc->y -= h;
	t->row = 0;
}

void
pdf_table_begin(struct pdf_doc *doc, struct pdf_table *t)
{
	pdf_need(doc, 4 * t->size * 1.25 + 4 * PAD);
	header(doc, t);
}

static int
is_severity(const char *s)
{
	return strcmp(s, "CRITICAL") == 0 || strcmp(s, "WARNING") == 0 ||
		strcmp(s, "OK") == 0;
}

double
pdf_table_line_h(const struct pdf_table *t)
{
	return t->size * 1.25 + 2 * PAD;
}

/* The cells of one_line columns shortened to fit, into fit. */
static void
fit_cells(const struct pdf_doc *doc, const struct pdf_table *t,
	  const char *const *cells, const char **out, char (*fit)[512])
{
	int c;

	for (c = 0; c < t->ncols; c++) {
		out[c] = cells[c];
		if (!t->cols[c].one_line || c >= ROW_MAX_COLS)
			continue;
		pdf_fit(doc, PDF_REGULAR, t->size, cells[c],
			col_w(doc, t, c) - 2 * PAD, fit[c], sizeof(fit[c]));
		out[c] = fit[c];
	}
}

void
pdf_table_row(struct pdf_doc *doc, struct pdf_table *t, const char *const *row)
{
	double lead = t->size * 1.25, h = 0;
	char fit[ROW_MAX_COLS][512];
	const char *cells[ROW_MAX_COLS];
	int c, n;

	if (t->ncols > ROW_MAX_COLS)
		return;
	fit_cells(doc, t, row, cells, fit);
	for (c = 0; c < t->ncols; c++) {
		n = pdf_wrap_count(doc, PDF_REGULAR, t->size, cells[c],
				   col_w(doc, t, c) - 2 * PAD);
		if (n > ROW_MAX_LINES)
			n = ROW_MAX_LINES;
		if (n * lead > h)
			h = n * lead;
	}
	h += 2 * PAD;
	if (doc->y - h < doc->bottom) {
		pdf_new_page(doc);
		header(doc, t);
	}
	if (t->row++ % 2)
		pdf_rect(doc, doc->left, doc->y - h, doc->right - doc->left, h,
			 pdf_light);
	for (c = 0; c < t->ncols; c++) {
		int sev = is_severity(cells[c]);

		pdf_fill_rgb(doc, sev ? pdf_severity_rgb(cells[c]) : pdf_black);
		pdf_wrap_draw(doc, sev ? PDF_BOLD : PDF_REGULAR, t->size,
			      col_x(doc, t, c) + PAD, doc->y - PAD - t->size,
			      col_w(doc, t, c) - 2 * PAD, lead, ROW_MAX_LINES,
			      t->cols[c].align, cells[c]);
	}
	pdf_fill_rgb(doc, pdf_black);
	doc->y -= h;
}

void
pdf_table_end(struct pdf_doc *doc, struct pdf_table *t)
{
	pdf_stroke_rgb(doc, pdf_grey);
	HPDF_Page_SetLineWidth(doc->page, 0.5f);
	HPDF_Page_MoveTo(doc->page, (HPDF_REAL)doc->left, (HPDF_REAL)doc->y);
	HPDF_Page_LineTo(doc->page, (HPDF_REAL)doc->right, (HPDF_REAL)doc->y);
	HPDF_Page_Stroke(doc->page);
	doc->y -= 10;
	t->row = 0;
}
