/*
 * pdf_path.c - the line segments of a chart's paths, written into the
 * page's content stream in batches rather than one libharu call each.
 *
 * HPDF_Page_LineTo clears a 512-byte buffer byte by byte and formats two
 * floats for every segment: about 3,000 instructions, a fifth of the
 * PDF's drawing time for the 18,000 segments of a week's charts.  The
 * chart coordinates are quarter points (pdf_quarter), which format
 * exactly as "806.25", so the segments are formatted here, as libharu
 * would write them (same bytes), gathered in a buffer and appended to
 * the page's stream with one HPDF_Stream_Write per batch.
 *
 * This reaches into libharu's page record (hpdf_pages.h, installed with
 * libhpdf-dev and checked by the compiler), and only while a path is
 * open: the path is begun (moveto) and ended (stroke, fill) by libharu's
 * own calls, so its graphics state stays right.  A coordinate that is
 * not a quarter point, or a page not inside a path, goes through
 * HPDF_Page_LineTo as before.  Must never: leave segments in the buffer
 * when another libharu call draws on the page (pdf_path_flush first).
 */
#include <math.h>
#include <string.h>

#include <hpdf_pages.h>

#include "pdf_int.h"

/* v as HPDF_FToA writes it (zeros cut); 0 if v is not a quarter point. */
static size_t
quarter_text(char *out, double v)
{
	static const char *const frac[4] = { "", ".25", ".5", ".75" };
	char digits[16];
	const char *f;
	long q, whole;
	size_t n = 0, k = 0;

	if (!(fabs(v) < 1e6) || v * 4 != floor(v * 4))
		return 0;
	q = lround(v * 4);
	if (q < 0) {
		out[n++] = '-';
		q = -q;
	}
	whole = q / 4;
	do {
		digits[k++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole > 0);
	while (k > 0)
		out[n++] = digits[--k];
	for (f = frac[q % 4]; *f; f++)
		out[n++] = *f;
	return n;
}

void
pdf_path_begin(struct pdf_path *p, struct pdf_doc *doc)
{
	p->doc = doc;
	p->len = 0;
}

void
pdf_path_flush(struct pdf_path *p)
{
	HPDF_PageAttr attr;

	if (p->len == 0)
		return;
	attr = (HPDF_PageAttr)p->doc->page->attr;
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)p->buf,
			      (HPDF_UINT)p->len) != HPDF_OK &&
	    p->doc->err.count++ == 0)
		p->doc->err.error_no = HPDF_GetError(p->doc->hpdf);
	p->len = 0;
}

void
pdf_path_line(struct pdf_path *p, double x, double y)
{
	HPDF_Page page = p->doc->page;
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	char seg[64];
	size_t n, m;

	if (attr->gmode != HPDF_GMODE_PATH_OBJECT ||
	    !(n = quarter_text(seg, x)) ||
	    (seg[n++] = ' ', !(m = quarter_text(seg + n, y)))) {
		pdf_path_flush(p);
		HPDF_Page_LineTo(page, (HPDF_REAL)x, (HPDF_REAL)y);
		return;
	}
	n += m;
	seg[n++] = ' ';
	seg[n++] = 'l';
	seg[n++] = '\n';
	if (p->len + n > sizeof(p->buf))
		pdf_path_flush(p);
	memcpy(p->buf + p->len, seg, n);
	p->len += n;
	/* The current point, as HPDF_Page_LineTo keeps it. */
	attr->cur_pos.x = (HPDF_REAL)x;
	attr->cur_pos.y = (HPDF_REAL)y;
}
