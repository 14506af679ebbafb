/*
 * mail.c - the report as a mail, sent with libcurl's SMTP client.
 *
 * Gathers what mime.c needs (the subject from its template, the files to
 * attach, a Message-ID, the date), then hands the message to smtp_send.c,
 * where libcurl's mime API builds and encodes it.
 * TLS is never weakened silently: smtp:// requires STARTTLS unless
 * [mail] starttls says otherwise, certificates are checked against the
 * system's CAs or [mail] ca_file, and only [mail] insecure = yes turns the
 * check off, with a warning on every run.  The password lives in one
 * buffer that is wiped before return; it is never logged and never on a
 * command line.  The mail's Date is the time of sending, not the report's
 * generation time: the mail is an event, while the report files stay
 * byte-for-byte reproducible because nothing of the mail is stored.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "fileio.h"
#include "log.h"
#include "mail.h"
#include "mime.h"
#include "secret.h"
#include "smtp_send.h"

#define ADDR_MAX 256 /* as common/config_mail.c */

/* Files attached by extension; text is the body, never attached. */
static const struct {
	const char *ext;
	const char *type;
	int only_if_json;
} attach_types[] = {
	{ ".pdf", "application/pdf", 0 },
	{ ".json", "application/json", 1 },
};

enum pw_status
mail_subject(const char *tmpl, const struct mail_report *r, char *out, size_t n)
{
	static const char *const names[] = { "{host}", "{week}", "{status}" };
	const char *vals[3] = { r->host, r->label, r->status };
	size_t len = 0, i, k;
	const char *p = tmpl;

	while (*p) {
		const char *v = NULL;
		size_t skip = 1;

		for (k = 0; k < 3 && !v; k++)
			if (strncmp(p, names[k], strlen(names[k])) == 0) {
				v = vals[k] ? vals[k] : "";
				skip = strlen(names[k]);
			}
		if (!v) {
			v = p;
			i = 1;
		} else {
			i = strlen(v);
		}
		if (len + i >= n)
			return PW_ETOOBIG;
		for (k = 0; k < i; k++)
			out[len++] = (unsigned char)v[k] < 0x20 ? ' ' : v[k];
		p += skip;
	}
	out[len] = '\0';
	return PW_OK;
}

enum pw_status
mail_check_config(const struct config *cfg, int check_only)
{
	const char *key;
	char why[CONFIG_STR_MAX + 128];

	if (!cfg->mail_url[0] && !cfg->mail_from[0] && !cfg->mail_to.n)
		snprintf(why, sizeof(why),
			 "--mail needs a [mail] section with url, from and to");
	else if (config_mail_check(cfg, why, sizeof(why), &key) == 0)
		return PW_OK;
	/* bare on stderr for --check-config, else one line of the run */
	if (check_only)
		fprintf(stderr, "%s\n", why);
	else
		log_err("mail not sent: %s", why);
	return PW_ECONFIG;
}

static const char *
attach_type(const struct config *cfg, const char *path)
{
	size_t len = strlen(path), i, n;

	for (i = 0; i < sizeof(attach_types) / sizeof(attach_types[0]); i++) {
		n = strlen(attach_types[i].ext);
		if (len > n &&
		    strcmp(path + len - n, attach_types[i].ext) == 0 &&
		    (!attach_types[i].only_if_json || cfg->mail_attach_json))
			return attach_types[i].type;
	}
	return NULL;
}

/* Read the files to attach into data[] (freed by the caller). */
static enum pw_status
load_parts(const struct config *cfg, const struct mail_report *r,
	   struct mime_part *parts, struct buf *data, size_t *nparts)
{
	enum pw_status rc;
	size_t i, n = 0;

	for (i = 0; i < r->nfiles && n < MAIL_ATTACH_MAX; i++) {
		const char *type = attach_type(cfg, r->files[i]);
		const char *slash = strrchr(r->files[i], '/');

		if (!type)
			continue;
		buf_init(&data[n], MAIL_FILE_MAX);
		rc = fileio_read(r->files[i][0] == '/' ? "" : ".", r->files[i],
				 &data[n]);
		if (rc) {
			/* fileio_read logged anything but a missing file. */
			if (rc == PW_ENOTFOUND)
				log_err("cannot attach '%s': it is gone",
					r->files[i]);
			*nparts = n + 1;
			return rc == PW_ENOTFOUND ? PW_EIO : rc;
		}
		parts[n] = (struct mime_part){ slash ? slash + 1 : r->files[i],
					       type, data[n].data,
					       data[n].len };
		n++;
	}
	*nparts = n;
	return PW_OK;
}

/* <random.time@domain-of-from>: unique without any state. */
static void
message_id(char *out, size_t n, const char *from, int64_t now)
{
	unsigned long long rnd = 0;
	const char *at = strrchr(from, '@');

	if (getrandom(&rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		rnd ^= (unsigned long long)clock() << 20 ^
			(unsigned long long)now;
	/* The domain passed config_mail_addr_valid(): no '<', '>' or space in it. */
	snprintf(out, n, "perfweek.%016llx.%lld@%s", rnd, (long long)now,
		 at ? at + 1 : "localhost");
}

/*
 * The SMTP password into buf when [mail] user is set ("" otherwise);
 * PW_ECONFIG, logged, when none can be read.  Warns of insecure = yes.
 */
static enum pw_status
mail_password(const struct config *cfg, char *buf, size_t n)
{
	enum pw_status rc;

	buf[0] = '\0';
	if (cfg->mail_user[0]) {
		rc = secret_get("[mail] password_file", MAIL_PASSWORD_ENV,
				cfg->mail_password_file, buf, n);
		if (rc == PW_ENOTFOUND)
			log_err("mail not sent: [mail] user is set but neither %s nor password_file gives a password",
				MAIL_PASSWORD_ENV);
		if (rc)
			return PW_ECONFIG;
	}
	if (cfg->mail_insecure)
		log_warn(
			"[mail] insecure = yes: the server's certificate is not checked");
	return PW_OK;
}

enum pw_status
mail_send(const struct config *cfg, const struct mail_report *r)
{
	struct buf data[MAIL_ATTACH_MAX];
	struct mime_part parts[MAIL_ATTACH_MAX];
	struct curl_slist *headers = NULL;
	char subject[1024], id[512], from[ADDR_MAX];
	char password[SECRET_MAX];
	int64_t now = (int64_t)time(NULL);
	size_t nparts = 0, i;
	struct mime_msg m;
	enum pw_status rc;

	if (mail_check_config(cfg, 0) ||
	    config_mail_addr(cfg->mail_from, from, sizeof(from)) != 0 ||
	    mail_password(cfg, password, sizeof(password)))
		return PW_ECONFIG; /* they said why */
	if ((rc = mail_subject(cfg->mail_subject, r, subject,
			       sizeof(subject)))) {
		log_err("mail not sent: the subject is too long");
		goto out;
	}
	if ((rc = load_parts(cfg, r, parts, data, &nparts)))
		goto out;
	message_id(id, sizeof(id), from, now);
	m = (struct mime_msg){ cfg->mail_from,
			       (const char *const *)cfg->mail_to.v,
			       cfg->mail_to.n,
			       (const char *const *)cfg->mail_cc.v,
			       cfg->mail_cc.n,
			       subject,
			       now,
			       id,
			       r->text,
			       r->text_len,
			       parts,
			       nparts };
	if ((rc = mime_headers(&m, &headers))) {
		log_err("mail not sent: cannot build the message (%s)",
			rc == PW_ETOOBIG ? "too large" :
					   "a header holds a line break");
		goto out;
	}
	rc = smtp_send(cfg, password, from, headers, &m);
	if (!rc)
		log_info("mailed the %s report to %zu recipient(s) via '%s'",
			 r->label, cfg->mail_to.n + cfg->mail_cc.n,
			 cfg->mail_url);
out:
	secret_wipe(password, sizeof(password));
	for (i = 0; i < nparts; i++)
		buf_free(&data[i]);
	curl_slist_free_all(headers);
	return rc;
}

enum pw_status
mail_check_credentials(const struct config *cfg)
{
	static char password[SECRET_MAX];
	enum pw_status rc;

	if (!cfg->mail_user[0])
		return PW_OK;
	rc = secret_get("[mail] password_file", MAIL_PASSWORD_ENV,
			cfg->mail_password_file, password, sizeof(password));
	secret_wipe(password, sizeof(password));
	if (rc == PW_ENOTFOUND)
		fprintf(stderr,
			"[mail] user is set but neither %s nor password_file "
			"gives a password\n",
			MAIL_PASSWORD_ENV);
	return rc ? PW_ECONFIG : PW_OK;
}
