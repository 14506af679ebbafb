/*
 * pdf_bidi.c - right-to-left text for display: GNU FriBidi's Unicode
 * bidirectional algorithm reorders one line from the stored (logical)
 * order to the order it is drawn in, left to right, and shapes Arabic
 * into its presentation forms (initial, medial, final, isolated, and the
 * lam-alef ligatures), which DejaVu Sans has, so the letters join.
 *
 * The paragraph direction is that of the line's first strong character:
 * an Arabic description with a host name in it reads right to left with
 * the host name left to right inside it; a host name with a Hebrew word
 * stays left to right.  Mirrored characters (brackets) are mirrored in
 * right-to-left runs.  Every presentation form drawn is noted in the
 * unshape table, from which the fonts' ToUnicode maps send it back to the
 * letters stored, so copying or extracting the text gives those.  A line
 * with no right-to-left character is not touched, at the cost of a scan.
 */
#include <fribidi/fribidi.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"

/* Hebrew, Arabic, Syriac, Thaana, NKo and the presentation forms. */
static int
any_rtl(const uint32_t *cps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((cps[i] >= 0x0590 && cps[i] <= 0x08FF) ||
		    (cps[i] >= 0xFB1D && cps[i] <= 0xFEFC))
			return 1;
	return 0;
}

/* Note the letters each presentation form of str was shaped from. */
static void
note_forms(const FriBidiChar *orig, const FriBidiChar *str, size_t n,
	   struct pdf_unshape *u)
{
	size_t i;

	for (i = 0; u && i < n; i++) {
		uint32_t c = str[i];

		if (c == orig[i] || c < PDF_PRES_FIRST ||
		    c >= PDF_PRES_FIRST + PDF_PRES_N || orig[i] > 0xFFFF)
			continue;
		/* a ligature: the other letter became FRIBIDI_CHAR_FILL
		 * (lam-alef: the lam, before it) */
		if (i > 0 && str[i - 1] == FRIBIDI_CHAR_FILL &&
		    orig[i - 1] <= 0xFFFF) {
			u->base[c - PDF_PRES_FIRST][0] = (uint16_t)orig[i - 1];
			u->base[c - PDF_PRES_FIRST][1] = (uint16_t)orig[i];
		} else {
			u->base[c - PDF_PRES_FIRST][0] = (uint16_t)orig[i];
			u->base[c - PDF_PRES_FIRST][1] = 0;
		}
	}
}

size_t
pdf_bidi_visual(uint32_t *cps, size_t n, struct pdf_unshape *u)
{
	FriBidiParType base = FRIBIDI_PAR_ON;
	FriBidiFlags flags = FRIBIDI_FLAG_SHAPE_MIRRORING |
		FRIBIDI_FLAG_SHAPE_ARAB_PRES | FRIBIDI_FLAG_SHAPE_ARAB_LIGA;
	FriBidiCharType *types;
	FriBidiBracketType *brackets;
	FriBidiLevel *levels;
	FriBidiArabicProp *joins;
	FriBidiChar *orig;
	size_t i, o = n;

	if (n == 0 || !any_rtl(cps, n))
		return n;
	types = malloc(n * sizeof(*types));
	brackets = malloc(n * sizeof(*brackets));
	levels = malloc(n * sizeof(*levels));
	joins = malloc(n * sizeof(*joins));
	orig = malloc(n * sizeof(*orig));
	if (!types || !brackets || !levels || !joins || !orig)
		goto out; /* out of memory: drawn in stored order */
	memcpy(orig, cps, n * sizeof(*orig));
	fribidi_get_bidi_types(cps, (FriBidiStrIndex)n, types);
	fribidi_get_bracket_types(cps, (FriBidiStrIndex)n, types, brackets);
	if (!fribidi_get_par_embedding_levels_ex(
		    types, brackets, (FriBidiStrIndex)n, &base, levels))
		goto out;
	fribidi_get_joining_types(cps, (FriBidiStrIndex)n, joins);
	fribidi_join_arabic(types, (FriBidiStrIndex)n, levels, joins);
	fribidi_shape(flags, levels, (FriBidiStrIndex)n, joins, cps);
	note_forms(orig, cps, n, u);
	if (!fribidi_reorder_line(flags, types, (FriBidiStrIndex)n, 0, base,
				  levels, cps, NULL))
		memcpy(cps, orig, n * sizeof(*orig));
	for (i = o = 0; i < n; i++) /* the second letter of a ligature */
		if (cps[i] != FRIBIDI_CHAR_FILL)
			cps[o++] = cps[i];
out:
	free(types);
	free(brackets);
	free(levels);
	free(joins);
	free(orig);
	return o;
}
