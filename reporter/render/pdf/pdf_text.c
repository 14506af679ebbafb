/*
 * pdf_text.c - UTF-8 text on a PDF page: cleaning, measuring, wrapping.
 *
 * A string is taken from the model through pdf_str, which cleans it for
 * display (utf8.h: no control or bidirectional characters, valid UTF-8),
 * into memory the document frees at the end when it changes anything.
 * Every string drawn passes through pdf_text_clean before it reaches
 * libharu: the UTF-8 encoder of libharu trusts its input, and a
 * character without a glyph would print as nothing.  Here invalid bytes
 * and such characters become U+FFFD (a visible replacement mark, which
 * DejaVu has), so the reader sees that something was there.  Widths come
 * from the font's own metrics (pdf_font.c), so wrapping is exact.
 */
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"
#include "utf8.h"


const char *
pdf_str(struct pdf_doc *doc, const char *s)
{
	char *clean, *copy;

	if (!s)
		return "";
	if (utf8_is_clean(s, UTF8_FOR_DISPLAY))
		return s; /* the model's, which outlives doc */
	if (!(clean = utf8_clean(s, UTF8_FOR_DISPLAY))) {
		doc->nomem = 1;
		return "";
	}
	copy = arena_strdup(&doc->text, clean);
	free(clean);
	if (!copy)
		doc->nomem = 1;
	return copy ? copy : "";
}

const char *
pdf_time(struct pdf_doc *doc, const struct model_time *t)
{
	return pdf_str(doc, t->text);
}

/* The character drawn for cp: itself, a space, or U+FFFD. */
static uint32_t
shown(const struct pdf_doc *doc, enum pdf_face face, uint32_t cp)
{
	if (utf8_is_unsafe(cp)) /* controls, separators, bidi: utf8.h */
		return ' ';
	return pdf_fallback_pick(doc, face, cp) == PDF_FONT_NONE ?
		UTF8_REPLACEMENT :
		cp;
}

void
pdf_text_clean(const struct pdf_doc *doc, enum pdf_face face, const char *s,
	       char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	uint32_t cp;
	char tmp[4];

	while (*p) {
		size_t k;

		p += utf8_decode((const char *)p, &cp);
		k = utf8_encode(shown(doc, face, cp), tmp);
		if (o + k >= n)
			break;
		memcpy(out + o, tmp, k);
		o += k;
	}
	out[o] = '\0';
}

/*
 * Bold drawn from the regular font (no bold file): the outline stroked
 * BOLD_STROKE_EM wide, and BOLD_TRACK_EM more space after each glyph,
 * about what a bold face's wider glyphs take, so letters do not run
 * into each other at small sizes.
 */
#define BOLD_STROKE_EM 0.05
#define BOLD_TRACK_EM  0.035

/* Advance of cp as drawn in face with font (pdf_fallback_pick), in em. */
static double
advance_in(const struct pdf_doc *doc, enum pdf_face face, int font, uint32_t cp)
{
	double w = pdf_fallback_advance(doc, face, font, cp);
	double glyphs = font != PDF_FONT_NONE ? 1 : cp > 0xFFFF ? 9 : 8;
	return face == PDF_BOLD && doc->fake_bold ? w + glyphs * BOLD_TRACK_EM :
						    w;
}

static double
advance(const struct pdf_doc *doc, enum pdf_face face, uint32_t cp)
{
	if (utf8_is_unsafe(cp))
		cp = ' ';
	return advance_in(doc, face, pdf_fallback_pick(doc, face, cp), cp);
}

/* The UTF-8 text s as code points in display order; their count. */
static size_t
visual(const struct pdf_doc *doc, const char *s, uint32_t *cps, size_t max)
{
	const char *p = s;
	size_t n = 0;

	while (*p && n < max) {
		p += utf8_decode(p, &cps[n]);
		if (utf8_is_unsafe(cps[n]))
			cps[n] = ' ';
		n++;
	}
	return pdf_bidi_visual(cps, n, pdf_fallback_unshape(doc));
}

static double
cps_width(const struct pdf_doc *doc, enum pdf_face face, const uint32_t *cps,
	  size_t n)
{
	double w = 0;
	size_t i;

	for (i = 0; i < n; i++)
		w += advance(doc, face, cps[i]);
	/* The spacing after the last glyph is no ink. */
	if (w > 0 && face == PDF_BOLD && doc->fake_bold)
		w -= BOLD_TRACK_EM;
	return w;
}

double
pdf_text_width(const struct pdf_doc *doc, enum pdf_face face, double size,
	       const char *s)
{
	uint32_t cps[PDF_LINE_MAX];
	size_t n = visual(doc, s, cps, PDF_LINE_MAX);

	return cps_width(doc, face, cps, n) * size;
}

/*
 * The run of cps from *i drawn with one font (the first character's) as
 * UTF-8 into out; *w its advance in em.  A character no font has is a
 * run of its own, its placeholder in the face's own font.
 */
static int
run(struct pdf_doc *doc, enum pdf_face face, const uint32_t *cps, size_t n,
    size_t *i, char *out, size_t cap, double *w)
{
	int font = pdf_fallback_pick(doc, face, cps[*i]);
	size_t o = 0;

	*w = 0;
	if (font == PDF_FONT_NONE || !pdf_fallback_font(doc, face, font)) {
		pdf_fallback_missing(doc, cps[*i]);
		pdf_fallback_placeholder(cps[*i], out, cap);
		*w = advance_in(doc, face, PDF_FONT_NONE, cps[*i]);
		(*i)++;
		return PDF_FONT_OWN;
	}
	while (*i < n && o + 5 < cap &&
	       pdf_fallback_pick(doc, face, cps[*i]) == font) {
		o += utf8_encode(pdf_fallback_code(doc, font, cps[*i]),
				 out + o);
		*w += advance_in(doc, face, font, cps[*i]);
		(*i)++;
	}
	out[o] = '\0';
	return font;
}

/* The runs of cps from x on the baseline y, in text mode. */
static void
draw_runs(struct pdf_doc *doc, enum pdf_face face, double size, double x,
	  double y, const uint32_t *cps, size_t n)
{
	char buf[PDF_LINE_MAX];
	HPDF_Font cur = NULL;
	size_t i = 0;
	double w;

	while (i < n) {
		int font = run(doc, face, cps, n, &i, buf, sizeof(buf), &w);
		HPDF_Font f = pdf_fallback_font(doc, face, font);

		if (f != cur)
			HPDF_Page_SetFontAndSize(doc->page, f, (HPDF_REAL)size);
		cur = f;
		HPDF_Page_TextOut(doc->page, (HPDF_REAL)x, (HPDF_REAL)y, buf);
		x += w * size;
	}
}

void
pdf_text(struct pdf_doc *doc, enum pdf_face face, double size, double x,
	 double y, enum pdf_align align, const char *s)
{
	uint32_t cps[PDF_LINE_MAX];
	size_t n;

	if (!*s)
		return;
	n = visual(doc, s, cps, PDF_LINE_MAX);
	if (align == PDF_RIGHT)
		x -= cps_width(doc, face, cps, n) * size;
	else if (align == PDF_CENTER)
		x -= cps_width(doc, face, cps, n) * size / 2;
	if (face == PDF_BOLD && doc->fake_bold) {
		HPDF_RGBColor c = HPDF_Page_GetRGBFill(doc->page);

		HPDF_Page_GSave(doc->page);
		HPDF_Page_SetRGBStroke(doc->page, c.r, c.g, c.b);
		HPDF_Page_SetLineWidth(doc->page,
				       (HPDF_REAL)(size * BOLD_STROKE_EM));
		HPDF_Page_SetCharSpace(doc->page,
				       (HPDF_REAL)(size * BOLD_TRACK_EM));
		HPDF_Page_SetTextRenderingMode(doc->page,
					       HPDF_FILL_THEN_STROKE);
	}
	HPDF_Page_BeginText(doc->page);
	draw_runs(doc, face, size, x, y, cps, n);
	HPDF_Page_EndText(doc->page);
	if (face == PDF_BOLD && doc->fake_bold)
		HPDF_Page_GRestore(doc->page);
}

size_t
pdf_wrap_line(const struct pdf_doc *doc, enum pdf_face face, double size,
	      const char *s, double width, size_t *next)
{
	struct pdf_measure m = pdf_measure_of(doc, face, size);

	return pdf_break(&m, s, width, next); /* pdf_wrap.c */
}

int
pdf_wrap_count(const struct pdf_doc *doc, enum pdf_face face, double size,
	       const char *s, double width)
{
	size_t next, off = 0;
	int n = 0;

	while (s[off] || n == 0) {
		(void)pdf_wrap_line(doc, face, size, s + off, width, &next);
		n++;
		if (!next)
			break;
		off += next;
		while (s[off] == ' ')
			off++;
	}
	return n;
}

int
pdf_wrap_draw(struct pdf_doc *doc, enum pdf_face face, double size, double x,
	      double y, double width, double leading, int max_lines,
	      enum pdf_align align, const char *s)
{
	char line[PDF_LINE_MAX];
	size_t next, off = 0, len;
	int n = 0;
	double ax = align == PDF_RIGHT ? x + width :
		align == PDF_CENTER    ? x + width / 2 :
					 x;

	while (s[off] && (max_lines <= 0 || n < max_lines)) {
		len = pdf_wrap_line(doc, face, size, s + off, width, &next);
		if (len >= sizeof(line) - 4)
			len = sizeof(line) - 4;
		memcpy(line, s + off, len);
		line[len] = '\0';
		off += next;
		while (s[off] == ' ')
			off++;
		if (max_lines > 0 && n == max_lines - 1 && s[off]) {
			/* An ellipsis instead of the last character. */
			while (len > 0 &&
			       ((unsigned char)line[len - 1] & 0xC0) == 0x80)
				len--;
			if (len > 0)
				len--;
			memcpy(line + len, "\xe2\x80\xa6", 4);
		}
		pdf_text(doc, face, size, ax, y - n * leading, align, line);
		n++;
		if (!next)
			break;
	}
	return n;
}
