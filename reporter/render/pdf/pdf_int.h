/*
 * pdf_int.h - what the pdf_*.c files share: the document being built, its
 * fonts, the cursor on the current page, and the drawing helpers.
 *
 * Coordinates are PDF points with the origin at the bottom left of the
 * page; doc->y is the top of the free space on the current page and
 * moves down as content is placed.  Drawing helpers do not return errors:
 * libharu records the first failure through the error handler in
 * doc->err, and pdf_render checks it once at the end.  Every string taken
 * from the model goes through pdf_str (or pdf_time), which cleans it for
 * display where it is taken.
 */
#ifndef PW_PDF_INT_H
#define PW_PDF_INT_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "pdf.h"

#define PDF_MAX_PAGES 500
#define PDF_MARGIN    42.0 /* left, right */
#define PDF_TOP       52.0 /* from the top edge to the content */
#define PDF_BOTTOM    46.0 /* from the bottom edge to the content */
#define PDF_LINE_MAX  4096 /* bytes of one line of text */

enum pdf_face {
	PDF_REGULAR,
	PDF_BOLD,
	PDF_FACES
};
enum pdf_align {
	PDF_LEFT,
	PDF_RIGHT,
	PDF_CENTER
};

/*
 * libharu's UTF-8 encoder draws 16-bit codes (CIDs), so a character beyond
 * U+FFFF (an emoji) that a fallback font has is drawn under a code of the
 * Private Use Area, PDF_SUPP_CID + k; its glyph and its ToUnicode entry
 * (the real character) are written by pdf_font_map from this table.
 */
#define PDF_SUPP_CID 0xE000u
#define PDF_SUPP_MAX 1024
struct pdf_supp {
	uint32_t cp[PDF_SUPP_MAX];
	uint16_t gid[PDF_SUPP_MAX];
	unsigned n;
};

/* pdf_font.c: what perfweek reads of a TrueType font itself. */
struct pdf_font {
	unsigned char *data; /* owned, the whole file */
	size_t len;
	unsigned units_per_em;
	unsigned nhmetrics;   /* advance widths in hmtx */
	size_t hmtx;          /* offsets into data */
	size_t cmap;          /* the subtable used */
	int cmap_format;      /* 4 or 12 */
	float adv_cache[256]; /* advances of U+0000..U+00FF, em units */
	size_t base;          /* the table directory (a collection's font) */
};

/*
 * pdf_bidi.c shapes Arabic into presentation forms (U+FB50..U+FEFF);
 * the ToUnicode map of each font sends such a code point back to the
 * letters it was shaped from, so text extraction gives the stored text.
 */
#define PDF_PRES_FIRST 0xFB50u
#define PDF_PRES_N     (0xFF00u - PDF_PRES_FIRST)
struct pdf_unshape {
	uint16_t base[PDF_PRES_N][2]; /* 0: not drawn */
};

struct pdf_err {
	int count;
	unsigned long error_no, detail_no;
};

struct pdf_doc {
	const struct pdf_input *in;
	const struct model *m; /* in->m */
	HPDF_Doc hpdf;
	struct pdf_err err;
	HPDF_Font font[PDF_FACES];
	int fake_bold; /* one font file: bold drawn by stroking */
	struct pdf_font metrics[PDF_FACES];
	HPDF_Page page;
	HPDF_Page pages[PDF_MAX_PAGES];
	int npages;
	double w, h;        /* page size */
	double left, right; /* content edges */
	double bottom;      /* lowest y for content */
	double y;           /* top of the free space */
	const char *host, *label;
	char period_text[160];
	int64_t start, end; /* the period */
	int64_t *midnights; /* owned, local midnights in the period */
	size_t nmidnights;
	/* what the charts span: the period's days with data (pdf_view.c) */
	int64_t view_t0, view_t1;
	int64_t reboots[16]; /* boot times, from the model's coverage */
	size_t nreboots;
	double *work;      /* owned scratch, data->n + 1 doubles each */
	double *pool;      /* owned, CHART_MAX_SERIES series of data->n */
	size_t pool_n;     /* doubles per series in pool */
	struct arena text; /* the model's strings cleaned for display */
	struct pdf_fallbacks *fb; /* owned, pdf_fallback.c */
	int nomem;                /* pdf_str ran out of memory */
};

struct pdf_rgb {
	float r, g, b;
};

/* pdf_font.c */
enum pw_status
pdf_font_load(const char *path, const char *key, struct pdf_font *f);
/* Font index of the file at path (0 for a .ttf), quietly: 0 or -1. */
int pdf_font_read(const char *path, int index, struct pdf_font *f);
void pdf_font_free(struct pdf_font *f);
/* The font embedded in hpdf (UTF-8), its map and widths left to
 * pdf_font_map(), called once the pages are drawn. */
HPDF_Font pdf_font_embed(HPDF_Doc hpdf, const char *path, int index);
/* The map, the widths and the ToUnicode CMap of the glyphs drawn. */
HPDF_STATUS pdf_font_map(HPDF_Font font, const struct pdf_unshape *u,
			 const struct pdf_supp *supp);
/* Every page's content stream deflated at zlib's fastest level, for
 * libharu to write as it is (pdf_deflate.c); once the pages are drawn. */
HPDF_STATUS pdf_deflate_pages(HPDF_Doc pdf);
/* Glyph index of code point cp; 0 when the font has none. */
unsigned pdf_font_glyph(const struct pdf_font *f, uint32_t cp);
/* Advance width of cp in em (1.0 = the font size). */
double pdf_font_advance(const struct pdf_font *f, uint32_t cp);

/* pdf_doc.c */
/* libharu, its error handler, the info dictionary and both fonts. */
enum pw_status pdf_doc_open(struct pdf_doc *doc, int64_t generated_ts);
/* The footers, then the document's bytes appended to out. */
enum pw_status pdf_doc_finish(struct pdf_doc *doc, struct buf *out);
void pdf_doc_close(struct pdf_doc *doc);
void pdf_new_page(struct pdf_doc *doc);
/* Start a new page unless height points fit below doc->y. */
void pdf_need(struct pdf_doc *doc, double height);
void pdf_heading(struct pdf_doc *doc, const char *title);
void pdf_subheading(struct pdf_doc *doc, const char *title);
/* s wrapped in width from x at doc->y downwards, breaking pages. */
void pdf_para(struct pdf_doc *doc, enum pdf_face face, double size, double x,
	      double width, const char *s);
void pdf_fill_rgb(struct pdf_doc *doc, struct pdf_rgb c);
void pdf_stroke_rgb(struct pdf_doc *doc, struct pdf_rgb c);
void pdf_rect(struct pdf_doc *doc, double x, double y, double w, double h,
	      struct pdf_rgb fill);
int pdf_failed(const struct pdf_doc *doc);

/* pdf_text.c */
/*
 * The model's string s cleaned for display (utf8_clean, UTF8_FOR_DISPLAY),
 * "" for NULL; the copy lives as long as doc.  Out of memory it is "" and
 * doc->nomem is set, which pdf_render reports.
 */
const char *pdf_str(struct pdf_doc *doc, const char *s);
/* The local text of a model time, cleaned likewise; "" for null. */
const char *pdf_time(struct pdf_doc *doc, const struct model_time *t);
/*
 * Copy the UTF-8 text s into out (n bytes) as the font face can show it:
 * invalid bytes and characters the font lacks become U+FFFD, control
 * characters a space; cut at a character boundary when out is full.
 */
void pdf_text_clean(const struct pdf_doc *doc, enum pdf_face face,
		    const char *s, char *out, size_t n);
double pdf_text_width(const struct pdf_doc *doc, enum pdf_face face,
		      double size, const char *s);
/* One line of text with its baseline at y, aligned on x. */
void pdf_text(struct pdf_doc *doc, enum pdf_face face, double size, double x,
	      double y, enum pdf_align align, const char *s);
/*
 * Bytes of s that fit in width, broken where pdf_wrap.c's pdf_break
 * says (spaces, a path's '/', inside a word only when it is wider than
 * the line, never in a number); *next is where the following line starts.
 */
size_t pdf_wrap_line(const struct pdf_doc *doc, enum pdf_face face, double size,
		     const char *s, double width, size_t *next);
/* Lines s wraps into in width. */
int pdf_wrap_count(const struct pdf_doc *doc, enum pdf_face face, double size,
		   const char *s, double width);
/*
 * Draw at most max_lines lines (0: all) of s from the baseline y, the
 * last cut with an ellipsis when there is more; returns the lines drawn.
 */
int pdf_wrap_draw(struct pdf_doc *doc, enum pdf_face face, double size,
		  double x, double y, double width, double leading,
		  int max_lines, enum pdf_align align, const char *s);

/* pdf_fallback.c: fonts for what the report's own font lacks. */
#define PDF_FONT_NONE (-1) /* no installed font has the character */
#define PDF_FONT_OWN  0    /* the face's own font */
/* The font that draws cp in face: PDF_FONT_OWN, 1 + a fallback, or NONE. */
int
pdf_fallback_pick(const struct pdf_doc *doc, enum pdf_face face, uint32_t cp);
/* Advance of cp in em in the font pick chose. */
double pdf_fallback_advance(const struct pdf_doc *doc, enum pdf_face face,
			    int font, uint32_t cp);
/* The libharu font of a pick, embedded on first use; NULL: cannot. */
HPDF_Font pdf_fallback_font(struct pdf_doc *doc, enum pdf_face face, int font);
/* The code to draw cp with in font: cp, or a private-use one (pdf_supp). */
uint32_t pdf_fallback_code(struct pdf_doc *doc, int font, uint32_t cp);
/* The placeholder drawn for a character no font has: "[U+1F680]". */
void pdf_fallback_placeholder(uint32_t cp, char *out, size_t n);
void pdf_fallback_missing(const struct pdf_doc *doc, uint32_t cp);
/* Characters shown as placeholders so far. */
size_t pdf_fallback_nmissing(const struct pdf_doc *doc);
/* The note on the fonts to install, for the Notes section. */
void pdf_fallback_note(struct pdf_doc *doc);
struct pdf_unshape *pdf_fallback_unshape(const struct pdf_doc *doc);
enum pw_status pdf_fallback_open(struct pdf_doc *doc);
/* The maps of the fallback fonts drawn, before the document is saved. */
HPDF_STATUS pdf_fallback_map(struct pdf_doc *doc);
void pdf_fallback_close(struct pdf_doc *doc);

/* pdf_bidi.c */
/*
 * The n code points of one line cps in display order (GNU FriBidi, the
 * paragraph direction from its first strong character), Arabic shaped
 * into presentation forms noted in u; returns the new count (ligatures
 * take one).  A line with no right-to-left character is left alone.
 */
size_t pdf_bidi_visual(uint32_t *cps, size_t n, struct pdf_unshape *u);

/*
 * pdf_wrap.c: line breaks and names shortened in the middle, over any
 * measure of text width (width() of the first len bytes of s, points).
 */
struct pdf_measure {
	double (*width)(const struct pdf_measure *m, const char *s, size_t len);
	const void *ctx; /* the measure's own, for a test's */
	const struct pdf_doc *doc;
	enum pdf_face face;
	double size;
};
/* pdf_text_width of doc's face at size. */
struct pdf_measure
pdf_measure_of(const struct pdf_doc *doc, enum pdf_face face, double size);
/*
 * Bytes of s's first line in width (see pdf_wrap.c for where it breaks);
 * *next is where the following line starts, past the spaces.
 */
size_t pdf_break(const struct pdf_measure *m, const char *s, double width,
		 size_t *next);
/*
 * s into out (n bytes), shortened in the middle with an ellipsis to fit
 * width when it does not ("/srv/nfs/.../project-data", the dots one character); its length.
 */
size_t pdf_fit_middle(const struct pdf_measure *m, const char *s, double width,
		      char *out, size_t n);
void pdf_fit(const struct pdf_doc *doc, enum pdf_face face, double size,
	     const char *s, double width, char *out, size_t n);

/*
 * pdf_path.c: line segments of an open path, batched into the page's
 * content stream; pdf_path_flush before any other drawing on the page.
 */
struct pdf_path {
	struct pdf_doc *doc;
	size_t len;
	char buf[4096];
};
void pdf_path_begin(struct pdf_path *p, struct pdf_doc *doc);
void pdf_path_line(struct pdf_path *p, double x, double y);
void pdf_path_flush(struct pdf_path *p);

/* pdf_table.c: tables that break across pages with repeated headers. */
struct pdf_col {
	const char *title;
	double width; /* fraction of the content width */
	enum pdf_align align;
	int one_line; /* cells shortened in the middle, not wrapped */
};
struct pdf_table {
	const struct pdf_col *cols;
	int ncols;
	double size; /* font size */
	int row;     /* rows drawn, for the stripes */
};
void pdf_table_begin(struct pdf_doc *doc, struct pdf_table *t);
void pdf_table_row(struct pdf_doc *doc, struct pdf_table *t,
		   const char *const *cells);
/* The height of a row of one-line cells, for what fits a page. */
double pdf_table_line_h(const struct pdf_table *t);
void pdf_table_end(struct pdf_doc *doc, struct pdf_table *t);

/* pdf_chart.c: time series over the period. */
#define CHART_MAX_SERIES 6
struct chart_series {
	const char *label;
	const double *v; /* n values, NAN where missing */
	const int64_t *t;
	size_t n;
	struct pdf_rgb color;
};
struct chart {
	const char *title;
	const char *unit; /* "%", "ms", "B/s", "1/s", "" */
	struct chart_series s[CHART_MAX_SERIES];
	int ns;
	int stacked;       /* areas stacked in order */
	double warn, crit; /* threshold lines, NAN for none */
	double ref;        /* a labelled reference line, NAN for none */
	const char *ref_label;
	double ymax;      /* fixed top of the scale, NAN: from the data */
	double spacing_s; /* between samples, to tell gaps */
};
void pdf_chart(struct pdf_doc *doc, const struct chart *c);

/* pdf_axis.c: the frame of a chart. */
struct pdf_plot {
	double x, y, w, h; /* plot area */
	double ymin, ymax;
	int64_t t0, t1;
	int nb;
};
/* v rounded to a quarter point. */
double pdf_quarter(double v);
/* The y range for data whose top is top, thresholds and fixed scale. */
void pdf_axis_scale(const struct chart *c, struct pdf_plot *p, double top);
/* Axes, ticks, gridlines and labels, under the data. */
void
pdf_axis_draw(struct pdf_doc *doc, const struct pdf_plot *p, const char *unit);
/* Reboots, thresholds and the reference line, over the data. */
void pdf_axis_marks(struct pdf_doc *doc, const struct chart *c,
		    const struct pdf_plot *p);
/* The chart's title and legend on the baseline y. */
void pdf_chart_title(struct pdf_doc *doc, const struct chart *c, double y);

/* pdf_sections.c: a section's or a device's charts and statistics. */
struct pdf_metrics {
	const struct model_metric *v;
	size_t n;
};
void pdf_section_charts(struct pdf_doc *doc, const char *id,
			struct pdf_metrics metrics, const struct dev_data *dev);
/* Charts a device of section id gets. */
int pdf_section_ncharts(const char *id);
void pdf_stats_table(struct pdf_doc *doc, struct pdf_metrics metrics);
/* The height of that table, rows of one line. */
double pdf_stats_table_h(size_t nmetrics);
/* pdf_outages.c: the health checks' outage windows. */
void pdf_outages(struct pdf_doc *doc, const struct model_health *h);
/* pdf_devices.c: the devices of a per-device section. */
void pdf_devices(struct pdf_doc *doc, const char *id,
		 const struct model_section *sec);
/* The height of what comes first under the section's heading. */
double pdf_devices_first_h(const struct pdf_doc *doc, const char *id,
			   const struct model_section *sec);
#define PDF_CHART_H 170.0 /* a chart with its title, pdf_chart.c */

/*
 * pdf_view.c: a partial week's charts span its covered days only, and
 * the days among them without a sample are shaded "no data".
 */
void pdf_view_setup(struct pdf_doc *doc);
/* The view is narrower than the period. */
int pdf_view_partial(const struct pdf_doc *doc);
/* Shade the days of the plot without a host sample, under the data. */
void pdf_view_shade(struct pdf_doc *doc, const struct pdf_plot *p);
/* A partial period: which days the charts span, in one line. */
void pdf_view_note(struct pdf_doc *doc);

/* pdf_heatmap.c: CPU busy by local weekday and hour. */
void pdf_heatmap(struct pdf_doc *doc);
/* Its colour of a CPU busy percentage (the fleet's heatmap too). */
struct pdf_rgb pdf_heat_rgb(double pct);

/* pdf_report.c, pdf_findings.c, pdf_sections.c and pdf_services.c */
void pdf_page_one(struct pdf_doc *doc);
void pdf_findings(struct pdf_doc *doc);
void pdf_resources(struct pdf_doc *doc);
void pdf_capacity(struct pdf_doc *doc);
void pdf_incidents(struct pdf_doc *doc);
void pdf_incidents_summary(struct pdf_doc *doc);
void pdf_health_summary(struct pdf_doc *doc);
void pdf_health(struct pdf_doc *doc);
void pdf_notes(struct pdf_doc *doc);
/* The text of a model number as the report prints it ("54.6", "-"). */
void pdf_num(double v, char *buf, size_t n);
/* "and N more (where)" in grey under a list cut short; nothing for 0. */
#define PDF_MORE_H (8 * 1.3 + 4) /* its height */
void pdf_more(struct pdf_doc *doc, size_t more, const char *where);
extern const struct pdf_rgb pdf_black, pdf_grey, pdf_light, pdf_white;
struct pdf_rgb pdf_severity_rgb(const char *sev);

#endif
