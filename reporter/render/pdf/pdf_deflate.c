/*
 * pdf_deflate.c - the pages' content streams compressed at zlib's fastest
 * level before libharu writes the document.
 *
 * libharu compresses every stream at zlib's default level (6) and lets
 * no program choose another; for a week's report that was two fifths of
 * the PDF's time, most of it the charts' paths (about 400 KB of content
 * streams).  Level 1 deflates them in about a quarter of the time, for a
 * fifth more bytes (95 KB to 114 KB of a 160 KB report).  So each page's
 * content is deflated here, its stream replaced by the deflated bytes and
 * told to write no filter of its own, and the /Filter entry written by
 * the dictionary's write hook instead.
 *
 * This reaches into libharu's page and stream records (hpdf_pages.h,
 * hpdf_doc.h, installed with libhpdf-dev and checked by the compiler).  A
 * page that libharu would still add to when it writes the document (a
 * path or text object open, a saved graphics state not restored) or whose
 * content is not to be compressed is left to libharu, as is any page on
 * an error here; the fonts and the other streams are libharu's.
 */
#include <stdlib.h>

#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include <zlib.h>

#include "pdf_int.h"

/* The stream's /Filter, written among the dictionary's entries. */
static HPDF_STATUS
flate_entry(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* The bytes of memory stream s deflated at level 1, malloc'd; NULL. */
static unsigned char *
deflated(HPDF_Stream s, size_t *len)
{
	HPDF_UINT i, n = HPDF_MemStream_GetBufCount(s);
	unsigned char *out = NULL;
	z_stream z = { 0 };
	int rc = Z_OK;
	uLong cap;

	if (deflateInit(&z, Z_BEST_SPEED) != Z_OK)
		return NULL;
	cap = deflateBound(&z, (uLong)s->size);
	if (!(out = malloc(cap)))
		goto fail;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	for (i = 0; i < n && rc == Z_OK; i++) {
		HPDF_UINT got = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &got);

		if (!p)
			goto fail;
		z.next_in = p;
		z.avail_in = got;
		rc = deflate(&z, Z_NO_FLUSH);
		if (z.avail_in != 0)
			goto fail; /* the bound was too small: never */
	}
	if (rc != Z_OK || deflate(&z, Z_FINISH) != Z_STREAM_END)
		goto fail;
	*len = z.total_out;
	deflateEnd(&z);
	return out;
fail:
	deflateEnd(&z);
	free(out);
	return NULL;
}

/* Page page's content deflated into its stream; 0 when left to libharu. */
static int
deflate_page(HPDF_Page page)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_Dict contents = attr->contents;
	unsigned char *z;
	size_t len = 0;
	HPDF_STATUS st;

	if (!contents || contents->stream != attr->stream ||
	    contents->filter != HPDF_STREAM_FILTER_FLATE_DECODE ||
	    contents->write_fn || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION ||
	    !attr->gstate || attr->gstate->prev ||
	    attr->stream->type != HPDF_STREAM_MEMORY)
		return 0;
	if (!(z = deflated(attr->stream, &len)))
		return 0;
	HPDF_MemStream_FreeData(attr->stream);
	st = HPDF_Stream_Write(attr->stream, z, (HPDF_UINT)len);
	free(z);
	if (st != HPDF_OK)
		return -1;
	contents->filter = HPDF_STREAM_FILTER_NONE;
	contents->write_fn = flate_entry;
	return 1;
}

HPDF_STATUS
pdf_deflate_pages(HPDF_Doc pdf)
{
	HPDF_UINT i;

	for (i = 0; pdf->page_list && i < pdf->page_list->count; i++)
		if (deflate_page(
			    (HPDF_Page)HPDF_List_ItemAt(pdf->page_list, i)) < 0)
			return HPDF_GetError(pdf) ? HPDF_GetError(pdf) :
						    HPDF_FAILD_TO_ALLOC_MEM;
	return HPDF_OK;
}
