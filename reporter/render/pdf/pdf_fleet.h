/*
 * pdf_fleet.h - the fleet report's PDF (fleet.h), drawn with the host
 * report's document machinery (pdf_doc.c, pdf_table.c, the fonts).
 *
 * Page 1: the counts by status, the week across the fleet, the hosts
 * that stopped reporting and the top of the ranking.  Then the host x
 * day heatmap of CPU busy, the top-10 lists, the filesystems closest to
 * full, capacity headroom, right-sizing, and every host's row.
 */
#ifndef PW_PDF_FLEET_H
#define PW_PDF_FLEET_H

#include "buf.h"
#include "fleet.h"
#include "pdf.h"
#include "status.h"

struct pdf_fleet_input {
	const struct fleet *f;
	const char *font_path, *bold_path, *paper;
};

/* The fleet's PDF into out (cap PDF_CAP); failures as pdf_render's. */
enum pw_status
pdf_fleet_render(const struct pdf_fleet_input *in, struct buf *out);

#endif
