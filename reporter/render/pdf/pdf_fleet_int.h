/*
 * pdf_fleet_int.h - what pdf_fleet.c and pdf_fleet_pages.c share.
 */
#ifndef PW_PDF_FLEET_INT_H
#define PW_PDF_FLEET_INT_H

#include "pdf_fleet.h"
#include "pdf_int.h"

/* The columns of a host's one-line row: rank, host, status, counts, top. */
extern const struct pdf_col pdf_fleet_host_cols[6];
void pdf_fleet_host_row(struct pdf_doc *doc, struct pdf_table *t,
			const struct fleet_host *h);

/* The pages after page 1: heatmap, top lists, capacity, every host. */
void pdf_fleet_pages(struct pdf_doc *doc, const struct fleet *f);

#endif
