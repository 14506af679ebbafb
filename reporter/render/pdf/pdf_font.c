/*
 * pdf_font.c - the little of a TrueType font the layout needs: which code
 * points have a glyph (cmap) and how wide each is (hmtx).
 *
 * libharu embeds the font and draws the text, but it neither says whether
 * a character has a glyph nor measures UTF-8 text in a CID font, so the
 * file is read here too.  Only the tables used are looked at, every read
 * is bounds-checked, and a file that is not a usable TrueType font is a
 * clear error rather than a crash.  Format 12 (full Unicode) and format 4
 * (BMP) cmap subtables are understood.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pdf_int.h"

#define FONT_MAX_BYTES ((size_t)32 << 20)

static unsigned
u16(const struct pdf_font *f, size_t off)
{
	if (off + 2 > f->len)
		return 0;
	return (unsigned)f->data[off] << 8 | f->data[off + 1];
}

static uint32_t
u32(const struct pdf_font *f, size_t off)
{
	if (off + 4 > f->len)
		return 0;
	return (uint32_t)f->data[off] << 24 | (uint32_t)f->data[off + 1] << 16 |
		(uint32_t)f->data[off + 2] << 8 | f->data[off + 3];
}

/* Offset of table tag, or 0 when the font has none. */
static size_t
table(const struct pdf_font *f, const char *tag, size_t min_len)
{
	unsigned n = u16(f, f->base + 4), i;

	for (i = 0; i < n; i++) {
		size_t rec = f->base + 12 + (size_t)i * 16;
		uint32_t off = u32(f, rec + 8), len = u32(f, rec + 12);

		if (rec + 16 > f->len || memcmp(f->data + rec, tag, 4) != 0)
			continue;
		if (len < min_len || off > f->len || len > f->len - off)
			return 0;
		return off;
	}
	return 0;
}

/* Pick the best Unicode cmap subtable: format 12, else format 4. */
static int
pick_cmap(struct pdf_font *f, size_t cmap)
{
	unsigned n = u16(f, cmap + 2), i, best = 0;

	for (i = 0; i < n; i++) {
		size_t rec = cmap + 4 + (size_t)i * 8;
		unsigned plat = u16(f, rec), enc = u16(f, rec + 2);
		size_t sub = cmap + u32(f, rec + 4);
		unsigned fmt = u16(f, sub);

		if (sub + 16 > f->len ||
		    !(plat == 0 || (plat == 3 && (enc == 1 || enc == 10))))
			continue;
		if ((fmt == 12 && best < 12) || (fmt == 4 && best < 4)) {
			best = fmt;
			f->cmap = sub;
		}
	}
	f->cmap_format = (int)best;
	return best != 0;
}

/* The whole file at path into f->data; 0 or -1 (errno). */
static int
read_file(const char *path, struct pdf_font *f)
{
	FILE *fp = fopen(path, "rb");
	long size;

	if (!fp)
		return -1;
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 12 ||
	    (size_t)size > FONT_MAX_BYTES || fseek(fp, 0, SEEK_SET) != 0 ||
	    !(f->data = malloc((size_t)size)) ||
	    fread(f->data, 1, (size_t)size, fp) != (size_t)size) {
		fclose(fp);
		free(f->data);
		f->data = NULL;
		errno = EINVAL;
		return -1;
	}
	fclose(fp);
	f->len = (size_t)size;
	return 0;
}

/* The tables of the font read into f: 0, or -1 when not usable. */
static int
parse(struct pdf_font *f, int index)
{
	size_t head, hhea, i;

	if (f->len >= 16 && memcmp(f->data, "ttcf", 4) == 0) {
		if (index < 0 || (uint32_t)index >= u32(f, 8))
			return -1;
		f->base = u32(f, 12 + 4 * (size_t)index);
	} else if (index != 0) {
		return -1;
	}
	head = table(f, "head", 54);
	hhea = table(f, "hhea", 36);
	f->hmtx = table(f, "hmtx", 4);
	/* libharu embeds TrueType outlines (glyf) only, not CFF */
	if (!head || !hhea || !f->hmtx || !table(f, "glyf", 1) ||
	    !(f->units_per_em = u16(f, head + 18)) ||
	    !(f->nhmetrics = u16(f, hhea + 34)) || !table(f, "cmap", 4) ||
	    !pick_cmap(f, table(f, "cmap", 4)))
		return -1;
	for (i = 0; i < 256; i++)
		f->adv_cache[i] = -1;
	for (i = 0; i < 256; i++)
		f->adv_cache[i] = (float)pdf_font_advance(f, (uint32_t)i);
	return 0;
}

int
pdf_font_read(const char *path, int index, struct pdf_font *f)
{
	memset(f, 0, sizeof(*f));
	if (read_file(path, f) != 0)
		return -1;
	if (parse(f, index) != 0) {
		pdf_font_free(f);
		return -1;
	}
	return 0;
}

enum pw_status
pdf_font_load(const char *path, const char *key, struct pdf_font *f)
{
	memset(f, 0, sizeof(*f));
	if (read_file(path, f) != 0) {
		if (errno == EINVAL)
			log_err("cannot read the PDF font '%s': not a readable font file (set [report] %s)",
				path, key);
		else
			log_err("cannot read the PDF font '%s': %s (set [report] %s)",
				path, strerror(errno), key);
		return PW_ECONFIG;
	}
	if (parse(f, 0) != 0) {
		pdf_font_free(f);
		log_err("cannot read the PDF font '%s': not a TrueType font with a Unicode map (set [report] %s)",
			path, key);
		return PW_ECONFIG;
	}
	return PW_OK;
}

void
pdf_font_free(struct pdf_font *f)
{
	if (!f)
		return;
	free(f->data);
	memset(f, 0, sizeof(*f));
}

static unsigned
glyph4(const struct pdf_font *f, uint32_t cp)
{
	size_t s = f->cmap;
	unsigned segx2 = u16(f, s + 6), lo = 0, hi = segx2 / 2;
	size_t ends = s + 14, starts = ends + segx2 + 2;
	size_t deltas = starts + segx2, ranges = deltas + segx2;

	if (cp > 0xFFFF)
		return 0;
	while (lo < hi) { /* the first segment whose end >= cp */
		unsigned mid = (lo + hi) / 2;

		if (u16(f, ends + 2 * (size_t)mid) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= segx2 / 2 || u16(f, starts + 2 * (size_t)lo) > cp)
		return 0;
	{
		unsigned start = u16(f, starts + 2 * (size_t)lo);
		unsigned delta = u16(f, deltas + 2 * (size_t)lo);
		size_t roff = ranges + 2 * (size_t)lo;
		unsigned range = u16(f, roff), g;

		if (range == 0)
			return (cp + delta) & 0xFFFF;
		g = u16(f, roff + range + 2 * (size_t)(cp - start));
		return g ? (g + delta) & 0xFFFF : 0;
	}
}

static unsigned
glyph12(const struct pdf_font *f, uint32_t cp)
{
	size_t s = f->cmap;
	uint32_t n = u32(f, s + 12), lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		size_t g = s + 16 + (size_t)mid * 12;

		if (g + 12 > f->len)
			return 0;
		if (u32(f, g + 4) < cp)
			lo = mid + 1;
		else if (u32(f, g) > cp)
			hi = mid;
		else
			return (unsigned)(u32(f, g + 8) + (cp - u32(f, g)));
	}
	return 0;
}

unsigned
pdf_font_glyph(const struct pdf_font *f, uint32_t cp)
{
	return f->cmap_format == 12 ? glyph12(f, cp) : glyph4(f, cp);
}

double
pdf_font_advance(const struct pdf_font *f, uint32_t cp)
{
	unsigned g, m;

	if (cp < 256 && f->adv_cache[cp] >= 0)
		return f->adv_cache[cp];
	g = pdf_font_glyph(f, cp);
	m = g < f->nhmetrics ? g : f->nhmetrics - 1;
	return (double)u16(f, f->hmtx + 4 * (size_t)m) / f->units_per_em;
}

/*
 * libharu's HPDF_GetFont with the UTF-8 encoder looks every one of the
 * 65,536 BMP code points up in the font's cmap, a linear search over its
 * segments (62 M instructions for DejaVu Sans), to write a CIDToGIDMap
 * and a W (widths) array for the whole BMP.  The page contents only ever
 * name the code points the document draws, so pdf_font_embed() lets that
 * walk run over a one-segment cmap with embedding off (no map is made),
 * then restores the font's own cmap, which libharu uses to draw and to
 * flag the glyphs drawn for the subset; pdf_font_map() writes the map and
 * the widths for the flagged glyphs' code points once the pages are done.
 */
HPDF_Font
pdf_font_embed(HPDF_Doc hpdf, const char *path, int index)
{
	static HPDF_UINT16 ends[2] = { 0x20, 0xFFFF };
	static HPDF_UINT16 starts[2] = { 0x20, 0xFFFF };
	static HPDF_INT16 deltas[2] = { 0, 1 };
	static HPDF_UINT16 ranges[2] = { 0, 0 };
	const char *name = strlen(path) > 4 &&
			strcmp(path + strlen(path) - 4, ".ttc") == 0 ?
		HPDF_LoadTTFontFromFile2(hpdf, path, (HPDF_UINT)index,
					 HPDF_TRUE) :
		HPDF_LoadTTFontFromFile(hpdf, path, HPDF_TRUE);
	HPDF_FontDef def = name ? HPDF_Doc_FindFontDef(hpdf, name) : NULL;
	HPDF_TTFontDefAttr attr;
	HPDF_TTF_CmapRange own;
	HPDF_Font font;

	if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE)
		return NULL;
	attr = (HPDF_TTFontDefAttr)def->attr;
	own = attr->cmap;
	attr->cmap.seg_count_x2 = 4;
	attr->cmap.end_count = ends;
	attr->cmap.start_count = starts;
	attr->cmap.id_delta = deltas;
	attr->cmap.id_range_offset = ranges;
	attr->embedding = HPDF_FALSE;
	font = HPDF_GetFont(hpdf, name, "UTF-8");
	attr->cmap = own;
	attr->embedding = HPDF_TRUE;
	return font;
}

/* The W array's entry for cid, in runs of consecutive code points. */
static HPDF_STATUS
map_width(HPDF_Font font, HPDF_Array w, HPDF_Array *run, unsigned *prev,
	  unsigned cid, HPDF_INT width)
{
	HPDF_STATUS st = HPDF_OK;

	if (!*run || cid != *prev + 1) {
		if (!(*run = HPDF_Array_New(font->mmgr)))
			return HPDF_FAILD_TO_ALLOC_MEM;
		st = HPDF_Array_AddNumber(w, (HPDF_INT32)cid);
		st = st ? st : HPDF_Array_Add(w, *run);
	}
	*prev = cid;
	return st ? st : HPDF_Array_AddNumber(*run, width);
}

/*
 * libharu 2.3.0 writes a ToUnicode CMap with "begincidrange" sections,
 * which a ToUnicode map may not have (poppler warns on every PDF).  The
 * stream is written anew here, as bfchar entries for the code points
 * drawn: each to itself, a presentation form to the letters it was
 * shaped from (u).
 */
static const char cmap_head[] =
	"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
static const char cmap_tail[] = "endcmap\nCMapName currentdict /CMap "
				"defineresource pop\nend\nend\n";

/* The ToUnicode entry of cid: a character beyond U+FFFF in UTF-16. */
static void
unicode_entry(unsigned cid, const struct pdf_unshape *u,
	      const struct pdf_supp *supp, char *line, size_t n)
{
	unsigned a = cid, b = 0;

	if (supp && cid >= PDF_SUPP_CID && cid - PDF_SUPP_CID < supp->n) {
		uint32_t cp = supp->cp[cid - PDF_SUPP_CID] - 0x10000;

		a = 0xD800 + (cp >> 10);
		b = 0xDC00 + (cp & 0x3FF);
	} else if (u && cid >= PDF_PRES_FIRST &&
		   cid < PDF_PRES_FIRST + PDF_PRES_N &&
		   u->base[cid - PDF_PRES_FIRST][0]) {
		a = u->base[cid - PDF_PRES_FIRST][0];
		b = u->base[cid - PDF_PRES_FIRST][1];
	}
	if (b)
		snprintf(line, n, "<%04X> <%04X%04X>\n", cid, a, b);
	else
		snprintf(line, n, "<%04X> <%04X>\n", cid, a);
}

static HPDF_STATUS
unicode_map(HPDF_Font font, const HPDF_UINT16 *cids, size_t n,
	    const struct pdf_unshape *u, const struct pdf_supp *supp)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	HPDF_Dict cmap = fa->cmap_stream;
	HPDF_STATUS st;
	char line[48];
	size_t i;

	if (!cmap) {
		if (!(cmap = HPDF_DictStream_New(font->mmgr, fa->xref)))
			return HPDF_FAILD_TO_ALLOC_MEM;
		if ((st = HPDF_Dict_Add(font, "ToUnicode", cmap)))
			return st;
		fa->cmap_stream = cmap;
	}
	HPDF_MemStream_FreeData(cmap->stream);
	st = HPDF_Stream_WriteStr(cmap->stream, cmap_head);
	for (i = 0; i < n && !st; i++) {
		if (i % 100 == 0) {
			if (i)
				st = HPDF_Stream_WriteStr(cmap->stream,
							  "endbfchar\n");
			snprintf(line, sizeof(line), "%zu beginbfchar\n",
				 n - i < 100 ? n - i : 100);
			st = st ? st : HPDF_Stream_WriteStr(cmap->stream, line);
		}
		unicode_entry(cids[i], u, supp, line, sizeof(line));
		st = st ? st : HPDF_Stream_WriteStr(cmap->stream, line);
	}
	if (n && !st)
		st = HPDF_Stream_WriteStr(cmap->stream, "endbfchar\n");
	return st ? st : HPDF_Stream_WriteStr(cmap->stream, cmap_tail);
}

/* The CIDToGIDMap, W and ToUnicode entries being made. */
struct font_map {
	HPDF_Font font;
	HPDF_Array w, run;
	unsigned prev, top;
	HPDF_BYTE *bytes;  /* CIDToGIDMap */
	HPDF_UINT16 *cids; /* the codes drawn, for ToUnicode */
	size_t ncids;
};

static HPDF_STATUS
map_add(struct font_map *m, unsigned cid, HPDF_UINT16 gid)
{
	HPDF_FontDef def = ((HPDF_FontAttr)m->font->attr)->fontdef;
	HPDF_INT width = HPDF_TTFontDef_GetGidWidth(def, gid);

	m->bytes[2 * (size_t)cid] = (HPDF_BYTE)(gid >> 8);
	m->bytes[2 * (size_t)cid + 1] = (HPDF_BYTE)gid;
	m->top = cid > m->top ? cid : m->top;
	m->cids[m->ncids++] = (HPDF_UINT16)cid;
	if (width == def->missing_width) {
		m->run = NULL;
		return HPDF_OK;
	}
	return map_width(m->font, m->w, &m->run, &m->prev, cid, width);
}

/* The code points of the font's cmap whose glyphs were drawn. */
static HPDF_STATUS
map_cmap(struct font_map *m, const struct pdf_supp *supp)
{
	HPDF_FontDef def = ((HPDF_FontAttr)m->font->attr)->fontdef;
	HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)def->attr;
	unsigned n = ta->cmap.seg_count_x2 / 2, s, cp,
		 nsupp = supp ? supp->n : 0;
	HPDF_STATUS st = HPDF_OK;

	for (s = 0; s < n && st == HPDF_OK; s++) {
		for (cp = ta->cmap.start_count[s];
		     cp <= ta->cmap.end_count[s] && cp < 0xFFFF && !st; cp++) {
			HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(
				def, (HPDF_UINT16)cp);

			if (!gid || gid >= ta->num_glyphs ||
			    !ta->glyph_tbl.flgs[gid] ||
			    (cp >= PDF_SUPP_CID && cp - PDF_SUPP_CID < nsupp))
				continue;
			st = map_add(m, cp, gid);
		}
	}
	for (s = 0; s < nsupp && !st; s++)
		st = map_add(m, PDF_SUPP_CID + s, supp->gid[s]);
	return st;
}

/* The CIDToGIDMap, W and ToUnicode of a font from pdf_font_embed(). */
HPDF_STATUS
pdf_font_map(HPDF_Font font, const struct pdf_unshape *u,
	     const struct pdf_supp *supp)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	HPDF_Dict map = HPDF_DictStream_New(font->mmgr, fa->xref);
	struct font_map m = { font,
			      HPDF_Array_New(font->mmgr),
			      NULL,
			      0,
			      0,
			      calloc(65536, 2),
			      calloc(65536, sizeof(*m.cids)),
			      0 };
	HPDF_STATUS st = HPDF_OK;

	if (!m.w || !map || !m.bytes || !m.cids) {
		st = HPDF_FAILD_TO_ALLOC_MEM;
		goto out;
	}
	st = map_cmap(&m, supp);
	st = st ? st : HPDF_Stream_Write(map->stream, m.bytes, 2 * (m.top + 1));
	st = st ? st : HPDF_Dict_Add(fa->descendant_font, "W", m.w);
	st = st ? st : HPDF_Dict_Add(fa->descendant_font, "CIDToGIDMap", map);
	if (!st)
		fa->map_stream = map;
	st = st ? st : unicode_map(font, m.cids, m.ncids, u, supp);
out:
	free(m.bytes); /* w and map belong to libharu's pool */
	free(m.cids);
	return st;
}
