/*
 * mail.h - sending the report by mail (perfweek-report --mail).
 *
 * The text report is the body; the report files the run wrote besides it
 * are attached (a PDF always, JSON when [mail] attach_json is set).  The
 * message goes out through libcurl's SMTP client to [mail] url: smtp://
 * with STARTTLS (required unless [mail] starttls says otherwise) or
 * smtps://, with the certificate checked, optionally authenticated with
 * [mail] user and a password from PERFWEEK_SMTP_PASSWORD or
 * password_file (secret.h).  A failure is logged as one line naming the
 * server and why; the caller keeps the report files and exits 3.
 */
#ifndef PW_MAIL_H
#define PW_MAIL_H

#include <stddef.h>

#include "config.h"
#include "secret.h"
#include "status.h"

#define MAIL_ATTACH_MAX   8                  /* files attached at most */
#define MAIL_FILE_MAX     ((size_t)24 << 20) /* bytes per attached file */
#define MAIL_PASSWORD_ENV SECRET_ENV_SMTP_PASSWORD

struct mail_report {
	const char *host;
	const char *label;  /* period: "2026-W46" */
	const char *status; /* OK, WARNING, CRITICAL */
	const char *text;   /* the text report, the body */
	size_t text_len;
	const char *const *files; /* paths written by this run */
	size_t nfiles;
};

/*
 * Check that [mail] can send anything: url (smtp:// or smtps://, no
 * credentials in it), from and at least one to, plain addresses.  Logs
 * the first problem as "mail not sent: why" (or prints it bare with
 * check_only) and returns PW_ECONFIG.
 */
enum pw_status mail_check_config(const struct config *cfg, int check_only);

/*
 * For --check-config --mail: read the password the run would read
 * ([mail] user set: PERFWEEK_SMTP_PASSWORD or password_file, checked by
 * secret.h as the run checks it) and wipe it.  PW_ECONFIG, said on
 * stderr, when it cannot be had.
 */
enum pw_status mail_check_credentials(const struct config *cfg);

/*
 * Build the message for r and send it.  Logs one line on failure and
 * returns PW_ECONFIG ([mail] unusable, no secret), PW_EIO (an
 * attachment), PW_ERR (SMTP).
 */
enum pw_status mail_send(const struct config *cfg, const struct mail_report *r);

/*
 * The subject: cfg's template with {host}, {week} and {status} replaced
 * (control characters in them become spaces).  PW_ETOOBIG if it does not
 * fit in n bytes.
 */
enum pw_status mail_subject(const char *tmpl, const struct mail_report *r,
			    char *out, size_t n);

#endif
