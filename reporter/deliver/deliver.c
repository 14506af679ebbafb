/*
 * deliver.c - render the report's formats, write them, print and mail.
 *
 * The text is rendered once and serves the text file, standard output and
 * the mail's body.  Every file goes through output_write(), so a failure
 * part way leaves no half file; the files already written stay, the other
 * formats are still tried, and the struct delivery lists the files written
 * for the run's record and for the mail.  Stale temporary files of a run
 * killed before are removed first (tmpclean.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "deliver.h"
#include "log.h"
#include "json.h"
#include "output.h"
#include "pdf.h"
#include "render_text.h"
#include "tmpclean.h"

/* The formats, indexed by F_*; the DELIVER_* bit of F_x is 1 << F_x. */
enum {
	F_TEXT,
	F_JSON,
	F_PDF,
	F_COUNT
};

static const struct format {
	const char *name; /* in --format and [report] formats */
	const char *ext;  /* of the file */
} formats[F_COUNT] = {
	[F_TEXT] = { "text", "txt" },
	[F_JSON] = { "json", "json" },
	[F_PDF] = { "pdf", "pdf" },
};
_Static_assert(DELIVER_TEXT == 1u << F_TEXT && DELIVER_JSON == 1u << F_JSON &&
		       DELIVER_PDF == 1u << F_PDF,
	       "DELIVER_* bits follow the formats table");

enum pw_status
deliver_formats(const char *list, const struct config *cfg, unsigned *files)
{
	char copy[CONFIG_STR_MAX], *tok, *save = NULL;
	const char *v[CONFIG_LIST_MAX + 1];
	size_t n = 0, i, k;

	if (list) {
		snprintf(copy, sizeof(copy), "%s", list);
		for (tok = strtok_r(copy, ", ", &save);
		     tok && n < CONFIG_LIST_MAX;
		     tok = strtok_r(NULL, ", ", &save))
			v[n++] = tok;
	} else {
		for (i = 0; i < cfg->formats.n; i++)
			v[n++] = cfg->formats.v[i];
	}
	*files = 0;
	for (i = 0; i < n; i++) {
		for (k = 0; k < F_COUNT; k++)
			if (strcmp(v[i], formats[k].name) == 0)
				break;
		if (k == F_COUNT) {
			log_err("unknown report format '%s' (known: text, json, pdf)",
				v[i]);
			return PW_ECONFIG;
		}
		if (k == F_PDF && pdf_check_config(cfg))
			return PW_ECONFIG;
		*files |= 1u << k;
	}
	return PW_OK;
}

void
delivery_init(struct delivery *d)
{
	memset(d, 0, sizeof(*d));
	buf_init(&d->text, RENDER_TEXT_CAP);
	buf_init(&d->outputs, 1 << 16);
}

void
delivery_free(struct delivery *d)
{
	if (!d)
		return;
	buf_free(&d->text);
	buf_free(&d->outputs);
}

/* Append s to the comma-separated list in buf. */
static void
list_add(char *buf, size_t n, const char *s)
{
	size_t len = strlen(buf);

	snprintf(buf + len, n - len, "%s%s", len ? "," : "", s);
}

/* Write one format's bytes to its file and note it in d. */
static enum pw_status
write_one(const struct deliver_spec *spec, const struct format *f,
	  const char *data, size_t len, struct delivery *d)
{
	char name[512];
	enum pw_status rc;

	if (mkdir(spec->dir, 0755) != 0 && errno != EEXIST) {
		log_err("cannot create output directory '%s': %s", spec->dir,
			strerror(errno));
		return PW_EIO;
	}
	if ((rc = output_name(name, sizeof(name), spec->host, spec->label,
			      f->ext)))
		return rc;
	if ((rc = output_write(spec->dir, name, data, len)))
		return rc;
	list_add(d->formats, sizeof(d->formats), f->name);
	log_info("wrote '%s/%s'", spec->dir, name);
	if (d->nwritten < MAIL_ATTACH_MAX) {
		int w = snprintf(d->written[d->nwritten], PATH_MAX, "%s/%s",
				 spec->dir, name);

		if (w > 0 && w < PATH_MAX)
			d->nwritten++;
	}
	return buf_printf(&d->outputs, "%s%s/%s", d->outputs.len ? "\n" : "",
			  spec->dir, name);
}

enum pw_status
deliver_write(const struct deliver_spec *spec, unsigned format,
	      const char *data, size_t len, struct delivery *d)
{
	size_t k;

	for (k = 0; k < F_COUNT; k++)
		if (format == 1u << k)
			return write_one(spec, &formats[k], data, len, d);
	return PW_ERR;
}

/* The text: for its file, standard output and the mail's body. */
static enum pw_status
deliver_text(const struct deliver_spec *spec, const struct model *m,
	     struct delivery *d)
{
	struct buf *text = &d->text;
	/* the view: the model's JSON tree, its text cleaned for display */
	cJSON *shown = json_model_tree(m, UTF8_FOR_DISPLAY);
	enum pw_status rc;

	rc = shown ? render_text(m, shown, spec->template_path, text) :
		     PW_ENOMEM;
	cJSON_Delete(shown);
	if (rc)
		return rc;
	if (spec->to_stdout &&
	    fwrite(text->data, 1, text->len, stdout) != text->len) {
		log_err("cannot write to standard output");
		return PW_EIO;
	}
	if (spec->files & DELIVER_TEXT)
		rc = write_one(spec, &formats[F_TEXT], text->data, text->len,
			       d);
	return rc;
}

static enum pw_status
deliver_json(const struct deliver_spec *spec, const struct model *m,
	     struct delivery *d)
{
	struct buf js;
	enum pw_status rc;

	buf_init(&js, RENDER_TEXT_CAP);
	if (!(rc = render_json(m, &js)))
		rc = write_one(spec, &formats[F_JSON], js.data, js.len, d);
	buf_free(&js);
	return rc;
}

static enum pw_status
deliver_pdf(const struct deliver_spec *spec, const struct model *m,
	    struct delivery *d)
{
	const struct config *cfg = spec->cfg;
	struct pdf_input in = { .m = m,
				.font_path = cfg->pdf_font,
				.bold_path = cfg->pdf_font_bold,
				.paper = cfg->paper };
	struct buf pdf;
	enum pw_status rc;

	in.lists = (struct pdf_lists){
		cfg->page1_checks_max, cfg->outages_max,  cfg->devices_max,
		cfg->outage_merge_min, cfg->findings_max, cfg->capacity_max
	};
	buf_init(&pdf, PDF_CAP);
	rc = pdf_render(&in, &pdf);
	if (!rc)
		rc = write_one(spec, &formats[F_PDF], pdf.data, pdf.len, d);
	buf_free(&pdf);
	return rc;
}

enum pw_status
deliver_step(enum pw_status rc, int *failed)
{
	if (rc == PW_EIO) {
		*failed = 1;
		return PW_OK;
	}
	return rc;
}

enum pw_status
deliver(const struct deliver_spec *spec, const struct model *m,
	struct delivery *d)
{
	enum pw_status rc = PW_OK;
	long stale = 0;
	int failed = 0;

	if (spec->files)
		tmpclean_dir(spec->dir, (int64_t)time(NULL), &stale);
	if (spec->to_stdout || spec->mail || (spec->files & DELIVER_TEXT))
		rc = deliver_step(deliver_text(spec, m, d), &failed);
	if (!rc && (spec->files & DELIVER_JSON))
		rc = deliver_step(deliver_json(spec, m, d), &failed);
	if (!rc && (spec->files & DELIVER_PDF))
		rc = deliver_step(deliver_pdf(spec, m, d), &failed);
	return deliver_end(rc, failed, d);
}

enum pw_status
deliver_end(enum pw_status rc, int failed, const struct delivery *d)
{
	/* Some files written and one not: done with something missing. */
	if (!rc && failed)
		rc = d->formats[0] ? PW_EPARTIAL : PW_EIO;
	return rc;
}

enum pw_status
deliver_mail(const struct deliver_spec *spec, const struct delivery *d,
	     const char *status)
{
	const char *files[MAIL_ATTACH_MAX];
	struct mail_report m;
	size_t i, n = 0;
	int pass;

	/* The PDF first: it is what the mail is for. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < d->nwritten; i++) {
			const char *dot = strrchr(d->written[i], '.');
			int pdf = dot && strcmp(dot, ".pdf") == 0;

			if (pdf == (pass == 0))
				files[n++] = d->written[i];
		}
	m = (struct mail_report){ spec->host,
				  spec->label,
				  status,
				  d->text.data ? d->text.data : "",
				  d->text.len,
				  files,
				  n };
	return mail_send(spec->cfg, &m) ? PW_EPARTIAL : PW_OK;
}
