/*
 * pdf_fallback.c - fonts for the characters the report's own font lacks.
 *
 * DejaVu Sans (or [report] pdf_font) draws what it has glyphs for.  For
 * any other character fontconfig's list of installed fonts, sorted for
 * "sans-serif", is searched in its order for the first font whose charset
 * has it and that libharu can embed: a TrueType-outline (glyf) file,
 * .ttf or .ttc (Noto Sans CJK's CFF outlines are skipped).  Fontconfig
 * is opened at the first such character only, so a report in the font's
 * own scripts never reads the font list, and a font is embedded (as a
 * subset) the first time one of its glyphs is drawn, so a report without
 * CJK text has no CJK font.  A character no installed font has is drawn
 * as a placeholder, its code point in brackets ("[U+1F680]"), so that
 * two such names can still be told apart; the Notes section then says
 * which Debian font package would draw it.  libharu's UTF-8 encoder
 * draws 16-bit codes, so a character beyond the BMP (an emoji from
 * Symbola) is drawn under a private-use code (pdf_supp in pdf_int.h)
 * whose ToUnicode entry is the character itself.
 */
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "pdf_int.h"

#define FALLBACK_MAX 6 /* fonts loaded, at most */

struct fallback {
	struct pdf_font metrics;
	char path[1024];
	int index;
	HPDF_Font font;       /* NULL until drawn */
	int broken;           /* libharu could not load it */
	struct pdf_supp supp; /* characters beyond U+FFFF drawn */
};

struct pdf_fallbacks {
	HPDF_Doc hpdf;
	struct pdf_err *err;
	int opened;       /* fontconfig asked */
	FcConfig *config; /* NULL: no fontconfig */
	FcFontSet *set;   /* installed fonts, fontconfig's order */
	unsigned char *tried;
	struct fallback fb[FALLBACK_MAX];
	int n;
	size_t nmissing;
	uint32_t first_missing;
	int missing_cjk, missing_other;
	struct pdf_unshape unshape;
};

enum pw_status
pdf_fallback_open(struct pdf_doc *doc)
{
	if (!(doc->fb = calloc(1, sizeof(*doc->fb))))
		return PW_ENOMEM;
	doc->fb->hpdf = doc->hpdf;
	doc->fb->err = &doc->err;
	return PW_OK;
}

/* The sorted font list, once; none when fontconfig fails. */
static void
fc_open(struct pdf_fallbacks *fb)
{
	FcPattern *pat;
	FcResult res;

	fb->opened = 1;
	if (!(fb->config = FcInitLoadConfigAndFonts()))
		return;
	if (!(pat = FcNameParse((const FcChar8 *)"sans-serif")))
		return;
	FcConfigSubstitute(fb->config, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	fb->set = FcFontSort(fb->config, pat, FcFalse, NULL, &res);
	FcPatternDestroy(pat);
	if (fb->set && !(fb->tried = calloc((size_t)fb->set->nfont + 1, 1))) {
		FcFontSetDestroy(fb->set);
		fb->set = NULL;
	}
	if (!fb->set)
		log_warn(
			"fontconfig lists no fonts: characters the PDF font lacks are shown as placeholders");
}

/* A .ttf or .ttc file: what libharu loads. */
static int
loadable_name(const char *file)
{
	size_t len = strlen(file);

	return len > 4 &&
		(strcasecmp(file + len - 4, ".ttf") == 0 ||
		 strcasecmp(file + len - 4, ".ttc") == 0);
}

/* Font j of the set as a fallback for cp: 1 when added. */
static int
try_font(struct pdf_fallbacks *fb, int j, uint32_t cp)
{
	FcPattern *p = fb->set->fonts[j];
	FcCharSet *cs;
	FcChar8 *file;
	int index = 0;
	struct fallback *f = &fb->fb[fb->n];

	if (FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) != FcResultMatch ||
	    !FcCharSetHasChar(cs, cp))
		return 0;
	fb->tried[j] = 1;
	if (FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch ||
	    !loadable_name((const char *)file) ||
	    strlen((const char *)file) >= sizeof(f->path))
		return 0;
	(void)FcPatternGetInteger(p, FC_INDEX, 0, &index);
	if (pdf_font_read((const char *)file, index, &f->metrics) != 0)
		return 0;
	if (!pdf_font_glyph(&f->metrics, cp)) {
		pdf_font_free(&f->metrics);
		return 0;
	}
	snprintf(f->path, sizeof(f->path), "%s", (const char *)file);
	f->index = index;
	log_debug("PDF fallback font for U+%04X: '%s'", (unsigned)cp, f->path);
	fb->n++;
	return 1;
}

/* A fallback font that has cp: its index, or -1. */
static int
find(struct pdf_fallbacks *fb, uint32_t cp)
{
	int i, j;

	for (i = 0; i < fb->n; i++)
		if (!fb->fb[i].broken && pdf_font_glyph(&fb->fb[i].metrics, cp))
			return i;
	if (!fb->opened)
		fc_open(fb);
	if (!fb->set || fb->n >= FALLBACK_MAX)
		return -1;
	for (j = 0; j < fb->set->nfont; j++)
		if (!fb->tried[j] && try_font(fb, j, cp))
			return fb->n - 1;
	return -1;
}

int
pdf_fallback_pick(const struct pdf_doc *doc, enum pdf_face face, uint32_t cp)
{
	int i;

	/* beyond U+FFFF: fallback fonts only (pdf_fallback_code) */
	if (cp < 0x80 ||
	    (cp <= 0xFFFF && pdf_font_glyph(&doc->metrics[face], cp)))
		return PDF_FONT_OWN;
	if (!doc->fb)
		return PDF_FONT_NONE;
	i = find(doc->fb, cp);
	return i < 0 ? PDF_FONT_NONE : 1 + i;
}

uint32_t
pdf_fallback_code(struct pdf_doc *doc, int font, uint32_t cp)
{
	struct fallback *f;
	HPDF_TTFontDefAttr ta;
	unsigned k, gid;

	if (cp <= 0xFFFF || font <= 0 || !doc->fb || font > doc->fb->n)
		return cp;
	f = &doc->fb->fb[font - 1];
	for (k = 0; k < f->supp.n; k++)
		if (f->supp.cp[k] == cp)
			return PDF_SUPP_CID + k;
	gid = pdf_font_glyph(&f->metrics, cp);
	ta = f->font ? (HPDF_TTFontDefAttr)((HPDF_FontAttr)f->font->attr)
			       ->fontdef->attr :
		       NULL;
	if (!ta || k >= PDF_SUPP_MAX || !gid || gid >= ta->num_glyphs)
		return '?';
	ta->glyph_tbl.flgs[gid] = 1; /* in the subset */
	f->supp.cp[k] = cp;
	f->supp.gid[k] = (uint16_t)gid;
	f->supp.n++;
	return PDF_SUPP_CID + k;
}

void
pdf_fallback_placeholder(uint32_t cp, char *out, size_t n)
{
	snprintf(out, n, "[U+%04X]", (unsigned)cp);
}

double
pdf_fallback_advance(const struct pdf_doc *doc, enum pdf_face face, int font,
		     uint32_t cp)
{
	const struct pdf_font *own = &doc->metrics[face];
	char ph[16];
	double w = 0;
	size_t i;

	if (font == PDF_FONT_OWN)
		return pdf_font_advance(own, cp);
	if (font > 0 && doc->fb && font <= doc->fb->n)
		return pdf_font_advance(&doc->fb->fb[font - 1].metrics, cp);
	pdf_fallback_placeholder(cp, ph, sizeof(ph));
	for (i = 0; ph[i]; i++)
		w += pdf_font_advance(own, (unsigned char)ph[i]);
	return w;
}

HPDF_Font
pdf_fallback_font(struct pdf_doc *doc, enum pdf_face face, int font)
{
	struct fallback *f;
	struct pdf_err saved;

	if (font == PDF_FONT_OWN)
		return doc->font[face];
	if (font <= 0 || !doc->fb || font > doc->fb->n)
		return NULL;
	f = &doc->fb->fb[font - 1];
	if (f->font || f->broken)
		return f->font;
	saved = doc->err; /* a font libharu refuses is not the PDF's failure */
	f->font = pdf_font_embed(doc->hpdf, f->path, f->index);
	if (!f->font) {
		log_warn(
			"cannot embed the fallback font '%s' in the PDF: libharu error 0x%04lX",
			f->path, doc->err.error_no);
		doc->err = saved;
		HPDF_ResetError(doc->hpdf);
		f->broken = 1;
	}
	return f->font;
}

/* Hangul, CJK, kana, fullwidth forms: what a CJK font draws. */
static int
is_cjk(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF) ||
		(cp >= 0x2E80 && cp <= 0x9FFF) ||
		(cp >= 0xAC00 && cp <= 0xD7AF) ||
		(cp >= 0xF900 && cp <= 0xFAFF) ||
		(cp >= 0xFE30 && cp <= 0xFE4F) ||
		(cp >= 0xFF00 && cp <= 0xFFEF) ||
		(cp >= 0x20000 && cp <= 0x3FFFF);
}

void
pdf_fallback_missing(const struct pdf_doc *doc, uint32_t cp)
{
	struct pdf_fallbacks *fb = doc->fb;

	if (!fb)
		return;
	if (fb->nmissing++ == 0)
		fb->first_missing = cp;
	if (is_cjk(cp))
		fb->missing_cjk = 1;
	else
		fb->missing_other = 1;
}

size_t
pdf_fallback_nmissing(const struct pdf_doc *doc)
{
	return doc->fb ? doc->fb->nmissing : 0;
}

struct pdf_unshape *
pdf_fallback_unshape(const struct pdf_doc *doc)
{
	return doc->fb ? &doc->fb->unshape : NULL;
}

void
pdf_fallback_note(struct pdf_doc *doc)
{
	struct pdf_fallbacks *fb = doc->fb;
	char note[600];

	if (!fb || !fb->nmissing)
		return;
	snprintf(
		note, sizeof(note),
		"%zu characters of this report have no glyph in any installed font and are shown as their code point in brackets (the first: [U+%04X]). To draw them, install %s%s%s on the host that renders the report (fonts-noto-color-emoji is a colour font and cannot be embedded).",
		fb->nmissing, (unsigned)fb->first_missing,
		fb->missing_cjk ?
			"fonts-droid-fallback (Chinese, Japanese, Korean)" :
			"",
		fb->missing_cjk && fb->missing_other ? " and " : "",
		fb->missing_other ? "fonts-symbola (symbols and emoji)" : "");
	pdf_para(doc, PDF_REGULAR, 8.5, doc->left, doc->right - doc->left,
		 note);
	doc->y -= 4;
}

HPDF_STATUS
pdf_fallback_map(struct pdf_doc *doc)
{
	HPDF_STATUS st = HPDF_OK;
	int i;

	for (i = 0; doc->fb && i < doc->fb->n && !st; i++)
		if (doc->fb->fb[i].font)
			st = pdf_font_map(doc->fb->fb[i].font,
					  &doc->fb->unshape,
					  &doc->fb->fb[i].supp);
	return st;
}

void
pdf_fallback_close(struct pdf_doc *doc)
{
	struct pdf_fallbacks *fb = doc->fb;
	int i;

	if (!fb)
		return;
	for (i = 0; i < fb->n; i++)
		pdf_font_free(&fb->fb[i].metrics);
	if (fb->set)
		FcFontSetDestroy(fb->set);
	if (fb->config)
		FcConfigDestroy(fb->config);
	free(fb->tried);
	free(fb);
	doc->fb = NULL;
}
