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

/* The character drawn for cp: itself, a space, or the placeholder. */
static uint32_t
shown(const struct pdf_doc *doc, enum pdf_face face, uint32_t cp)
{
	const struct pdf_font *f = &doc->metrics[face];

	if (utf8_is_unsafe(cp)) /* controls, separators, bidi: utf8.h */
		return ' ';
	if (cp < 0x80 || pdf_font_glyph(f, cp))
		return cp;
	return pdf_font_glyph(f, UTF8_REPLACEMENT) ? UTF8_REPLACEMENT : '?';
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

/* Advance of cp as drawn in face, in em. */
static double
advance(const struct pdf_doc *doc, enum pdf_face face, uint32_t cp)
{
	double w = pdf_font_advance(&doc->metrics[face], shown(doc, face, cp));

	return face == PDF_BOLD && doc->fake_bold ? w + BOLD_TRACK_EM : w;
}

double
pdf_text_width(const struct pdf_doc *doc, enum pdf_face face, double size,
	       const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	double w = 0;
	uint32_t cp;

	while (*p) {
		p += utf8_decode((const char *)p, &cp);
		w += advance(doc, face, cp);
	}
	/* The spacing after the last glyph is no ink. */
	if (w > 0 && face == PDF_BOLD && doc->fake_bold)
		w -= BOLD_TRACK_EM;
	return w * size;
}

void
pdf_text(struct pdf_doc *doc, enum pdf_face face, double size, double x,
	 double y, enum pdf_align align, const char *s)
{
	char clean[PDF_LINE_MAX];

	if (!*s)
		return;
	pdf_text_clean(doc, face, s, clean, sizeof(clean));
	if (align == PDF_RIGHT)
		x -= pdf_text_width(doc, face, size, clean);
	else if (align == PDF_CENTER)
		x -= pdf_text_width(doc, face, size, clean) / 2;
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
	HPDF_Page_SetFontAndSize(doc->page, doc->font[face], (HPDF_REAL)size);
	HPDF_Page_TextOut(doc->page, (HPDF_REAL)x, (HPDF_REAL)y, clean);
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
