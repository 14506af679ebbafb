/*
 * deliver_fleet.c - the fleet report's formats rendered and written,
 * the text printed; the mail is deliver_mail()'s, as for a host.
 *
 * As deliver() does for a host's report: the text is rendered once for
 * its file, standard output and the mail's body; a file that cannot be
 * written does not stop the others.
 */
#include <stdio.h>
#include <time.h>

#include "deliver.h"
#include "fleet.h"
#include "json_fleet.h"
#include "log.h"
#include "pdf_fleet.h"
#include "render_fleet.h"
#include "render_text.h"
#include "tmpclean.h"

static enum pw_status
fleet_text(const struct deliver_spec *spec, const struct fleet *f,
	   struct delivery *d)
{
	cJSON *shown = json_fleet_tree(f, UTF8_FOR_DISPLAY);
	enum pw_status rc;

	rc = shown ? render_fleet_text(f, shown, NULL, &d->text) : PW_ENOMEM;
	cJSON_Delete(shown);
	if (rc)
		return rc;
	if (spec->to_stdout &&
	    fwrite(d->text.data, 1, d->text.len, stdout) != d->text.len) {
		log_err("cannot write to standard output");
		return PW_EIO;
	}
	if (spec->files & DELIVER_TEXT)
		rc = deliver_write(spec, DELIVER_TEXT, d->text.data,
				   d->text.len, d);
	return rc;
}

static enum pw_status
fleet_json(const struct deliver_spec *spec, const struct fleet *f,
	   struct delivery *d)
{
	struct buf js;
	enum pw_status rc;

	buf_init(&js, RENDER_TEXT_CAP);
	if (!(rc = render_fleet_json(f, &js)))
		rc = deliver_write(spec, DELIVER_JSON, js.data, js.len, d);
	buf_free(&js);
	return rc;
}

static enum pw_status
fleet_pdf(const struct deliver_spec *spec, const struct fleet *f,
	  struct delivery *d)
{
	const struct config *cfg = spec->cfg;
	struct pdf_fleet_input in = { f, cfg->pdf_font, cfg->pdf_font_bold,
				      cfg->paper };
	struct buf pdf;
	enum pw_status rc;

	buf_init(&pdf, PDF_CAP);
	if (!(rc = pdf_fleet_render(&in, &pdf)))
		rc = deliver_write(spec, DELIVER_PDF, pdf.data, pdf.len, d);
	buf_free(&pdf);
	return rc;
}

enum pw_status
deliver_fleet(const struct deliver_spec *spec, const struct fleet *f,
	      struct delivery *d)
{
	enum pw_status rc = PW_OK;
	long stale = 0;
	int failed = 0;

	if (spec->files)
		tmpclean_dir(spec->dir, (int64_t)time(NULL), &stale);
	if (spec->to_stdout || spec->mail || (spec->files & DELIVER_TEXT))
		rc = deliver_step(fleet_text(spec, f, d), &failed);
	if (!rc && (spec->files & DELIVER_JSON))
		rc = deliver_step(fleet_json(spec, f, d), &failed);
	if (!rc && (spec->files & DELIVER_PDF))
		rc = deliver_step(fleet_pdf(spec, f, d), &failed);
	return deliver_end(rc, failed, d);
}
