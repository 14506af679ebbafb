/*
 * deliver.h - a report's outputs: rendered, written, printed, mailed.
 *
 * Takes the finished report model (with the period's snapshots, for the
 * PDF's charts) and produces what one run of perfweek-report asked for:
 * the text, JSON and PDF files, each written atomically (output.c), the
 * text on standard output, and the mail that carries them.  It knows
 * nothing of options or the database: main.c says what is wanted in a
 * struct deliver_spec and records the run from the struct delivery.
 */
#ifndef PW_DELIVER_H
#define PW_DELIVER_H

#include <limits.h>
#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "mail.h"
#include "model.h"
#include "status.h"

/* The report files, as a set (the order of deliver.c's table). */
enum {
	DELIVER_TEXT = 1,
	DELIVER_JSON = 2,
	DELIVER_PDF = 4
};

/* What one run produces, and where. */
struct deliver_spec {
	const struct config *cfg;
	const char *host;
	const char *label;         /* the period's: "2026-W46" */
	const char *dir;           /* where the files go */
	const char *template_path; /* the text's template; NULL: built in */
	unsigned files;            /* DELIVER_* files to write */
	int to_stdout;             /* the text on standard output */
	int mail;                  /* the text rendered for mail too */
};

/* What it produced; delivery_free() releases it. */
struct delivery {
	struct buf text;    /* the text report, if rendered */
	struct buf outputs; /* the paths written, one per line */
	char formats[64];   /* "text,json,pdf": those written */
	char written[MAIL_ATTACH_MAX][PATH_MAX];
	size_t nwritten;
};

/*
 * The formats named in list (words separated by commas or spaces), or,
 * when list is NULL, those of [report] formats, as a DELIVER_* set.  An
 * unknown format, or a PDF without its font, is a configuration error,
 * logged.
 */
enum pw_status
deliver_formats(const char *list, const struct config *cfg, unsigned *files);

void delivery_init(struct delivery *d);
void delivery_free(struct delivery *d);

/*
 * Render and write what spec asks for, in the order text, JSON, PDF; the
 * first failure (logged) stops it.  The files written before it stay and
 * are listed in d.
 */
enum pw_status deliver(const struct deliver_spec *spec, const struct model *m,
		       struct delivery *d);

/*
 * Write data as the file of one format (DELIVER_TEXT, _JSON or _PDF) of
 * spec's host and period, atomically, and note it in d.
 */
enum pw_status deliver_write(const struct deliver_spec *spec, unsigned format,
			     const char *data, size_t len, struct delivery *d);

/*
 * One file's writing among several: a file not written (PW_EIO) does not
 * stop the others, *failed says so, and deliver_end() makes the result:
 * PW_EPARTIAL when some were written, PW_EIO when none.
 */
enum pw_status deliver_step(enum pw_status rc, int *failed);
enum pw_status
deliver_end(enum pw_status rc, int failed, const struct delivery *d);

/*
 * The fleet report (fleet.h) as spec asks, as deliver() does for a host's
 * (deliver_fleet.c): spec->host names the file ("fleet", "fleet-web").
 */
struct fleet;
enum pw_status deliver_fleet(const struct deliver_spec *spec,
			     const struct fleet *f, struct delivery *d);

/*
 * Mail the report: the text as the body, the PDF and then the other files
 * of d as attachments.  A failure (logged by mail.c) leaves the files on
 * disk and returns PW_EPARTIAL.
 */
enum pw_status deliver_mail(const struct deliver_spec *spec,
			    const struct delivery *d, const char *status);

#endif
