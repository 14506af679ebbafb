/*
 * smtp_send.h - one SMTP delivery of a built message, with libcurl.
 *
 * [mail] timeout_s bounds the whole attempt (connection, TLS, every
 * command and the data), not only the wait for one answer.  A server's
 * refusal is told as what it refused (the sender, a recipient by its
 * address, DATA, or the message after DATA) and its own reply text.
 * Recipients the server refuses are skipped: the message goes to those it
 * accepts, and the refused ones are named in one line (the caller exits 3).
 */
#ifndef PW_SMTP_SEND_H
#define PW_SMTP_SEND_H

#include <curl/curl.h>

#include "config.h"
#include "mime.h"
#include "status.h"

/*
 * Send the message m with the header lines headers (mime_headers()) from
 * the address from to [mail] to and cc over [mail] url; libcurl builds
 * and encodes its parts (mime_body()).  PW_OK when every recipient took
 * it; else one line logged and PW_ERR (nothing sent) or PW_EPARTIAL
 * (sent, some recipients refused).
 */
enum pw_status
smtp_send(const struct config *cfg, const char *password, const char *from,
	  struct curl_slist *headers, const struct mime_msg *m);

#endif
