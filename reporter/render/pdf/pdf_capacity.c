/*
 * pdf_capacity.c - the capacity section: the CPU, the disks with the
 * least headroom to the target utilisation (the [report] capacity_max
 * first, the others counted) and the services' concurrency by Little's
 * law, one row each.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"

static const struct pdf_col cap_cols[] = {
	{ "Resource", 0.22, PDF_LEFT, 0 },
	{ "p95 utilisation", 0.16, PDF_RIGHT, 0 },
	{ "queueing", 0.3, PDF_RIGHT, 0 },
	{ "headroom to target", 0.32, PDF_RIGHT, 0 },
};

/* The cells of one row of the capacity table. */
struct cap_row {
	char c[4][160];
};

static void
cap_row_draw(struct pdf_doc *doc, struct pdf_table *t, const struct cap_row *r)
{
	const char *cells[4] = { r->c[0], r->c[1], r->c[2], r->c[3] };

	pdf_table_row(doc, t, cells);
}

static void
cap_cpu(struct pdf_doc *doc, struct pdf_table *t,
	const struct model_cpu_capacity *cpu)
{
	struct cap_row r;
	char a[32], b[32];

	pdf_num(cpu->cpus, a, sizeof(a));
	snprintf(r.c[0], sizeof(r.c[0]), "CPU (%s CPUs)", a);
	pdf_num(cpu->p95_busy_pct, a, sizeof(a));
	snprintf(r.c[1], sizeof(r.c[1]), "%s %%", a);
	pdf_num(cpu->erlang_c, a, sizeof(a));
	pdf_num(cpu->wait_ratio, b, sizeof(b));
	snprintf(r.c[2], sizeof(r.c[2]), "P(wait) %s, wait/service %s", a, b);
	pdf_num(cpu->headroom_pct, a, sizeof(a));
	snprintf(r.c[3], sizeof(r.c[3]), "%s %%", a);
	cap_row_draw(doc, t, &r);
}

static void
cap_disk(struct pdf_doc *doc, struct pdf_table *t,
	 const struct model_disk_capacity *dk)
{
	struct cap_row r;
	char a[32];

	snprintf(r.c[0], sizeof(r.c[0]), "disk %s", pdf_str(doc, dk->name));
	pdf_num(dk->p95_util_pct, a, sizeof(a));
	snprintf(r.c[1], sizeof(r.c[1]), "%s %%", a);
	pdf_num(dk->stretch, a, sizeof(a));
	snprintf(r.c[2], sizeof(r.c[2]), "response time x %s", a);
	pdf_num(dk->headroom_pct, a, sizeof(a));
	snprintf(r.c[3], sizeof(r.c[3]), "%s %%", a);
	cap_row_draw(doc, t, &r);
}

static void
cap_service(struct pdf_doc *doc, struct pdf_table *t,
	    const struct model_service *sv)
{
	struct cap_row r;
	char a[32], b[32], l[32];

	snprintf(r.c[0], sizeof(r.c[0]), "service %s",
		 pdf_str(doc, sv->service));
	snprintf(r.c[1], sizeof(r.c[1]), "-");
	pdf_num(sv->requests_per_s, a, sizeof(a));
	pdf_num(sv->response_time_s, b, sizeof(b));
	pdf_num(sv->concurrency, l, sizeof(l));
	snprintf(r.c[2], sizeof(r.c[2]),
		 "%s in flight (%s/s x %s s, Little's law)", l, a, b);
	snprintf(r.c[3], sizeof(r.c[3]), "-");
	cap_row_draw(doc, t, &r);
}

/* A disk of the table, as qsort moves it. */
struct cap_ref {
	const struct model_disk_capacity *d;
};

/* Least headroom first; a disk without a figure last; then by name. */
static int
cap_disk_cmp(const void *a, const void *b)
{
	const struct model_disk_capacity *x = ((const struct cap_ref *)a)->d;
	const struct model_disk_capacity *y = ((const struct cap_ref *)b)->d;
	int xn = isnan(x->headroom_pct), yn = isnan(y->headroom_pct);

	if (xn != yn)
		return xn - yn;
	if (!xn && x->headroom_pct != y->headroom_pct)
		return x->headroom_pct < y->headroom_pct ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

/*
 * The disks of the table: the [report] capacity_max with the least
 * headroom, in that order; the others are counted under it.
 */
static void
cap_disks(struct pdf_doc *doc, struct pdf_table *t, size_t *more)
{
	const struct model_capacity *cap = &doc->m->capacity;
	struct cap_ref *order;
	size_t i,
		max = doc->in->lists.capacity > 0 ?
		(size_t)doc->in->lists.capacity :
		0;

	*more = 0;
	if (cap->ndisks == 0)
		return;
	if (!(order = calloc(cap->ndisks, sizeof(*order)))) {
		doc->nomem = 1;
		return;
	}
	for (i = 0; i < cap->ndisks; i++)
		order[i].d = &cap->disks[i];
	qsort(order, cap->ndisks, sizeof(*order), cap_disk_cmp);
	for (i = 0; i < cap->ndisks && i < max; i++)
		cap_disk(doc, t, order[i].d);
	*more = cap->ndisks - i;
	free(order);
}

void
pdf_capacity(struct pdf_doc *doc)
{
	const struct model_capacity *cap = &doc->m->capacity;
	struct pdf_table t = { cap_cols, 4, 8, 0 };
	char line[200], a[32];
	size_t i, more;

	pdf_heading(doc, "Capacity");
	pdf_num(cap->target_util_pct, a, sizeof(a));
	snprintf(
		line, sizeof(line),
		"Headroom is how much more load fits before the p95 utilisation reaches the target of %s %%.",
		a);
	pdf_para(doc, PDF_REGULAR, 9, doc->left, doc->right - doc->left, line);
	doc->y -= 4;
	pdf_table_begin(doc, &t);
	if (cap->has_cpu)
		cap_cpu(doc, &t, &cap->cpu);
	cap_disks(doc, &t, &more);
	for (i = 0; i < cap->nservices; i++)
		cap_service(doc, &t, &cap->services[i]);
	pdf_table_end(doc, &t);
	pdf_more(doc, more, "disks with more headroom; see the JSON");
}
