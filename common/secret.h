/*
 * secret.h - credentials for ServiceNow and SMTP.
 *
 * A secret comes from an environment variable or from a file that only the
 * running user can read: a regular file, owned by the effective user, mode
 * 0600 or stricter (no group or other bits).  Anything else is refused with a
 * one-line error naming the file and what is wrong with it.  The secret
 * itself is never logged; callers must not put it in argv, the database or
 * a report, and should wipe it with secret_wipe() when done.
 */
#ifndef PW_SECRET_H
#define PW_SECRET_H

#include <stddef.h>

#include "status.h"

/*
 * The environment variables perfweek reads a secret from, declared once:
 * they are kept from every process perfweek starts (secret_env_scrub).
 */
#define SECRET_ENV_SNOW_PASSWORD "PERFWEEK_SNOW_PASSWORD"
#define SECRET_ENV_SNOW_TOKEN    "PERFWEEK_SNOW_TOKEN"
#define SECRET_ENV_SMTP_PASSWORD "PERFWEEK_SMTP_PASSWORD"

/* Largest secret accepted (a long OAuth token fits). */
#define SECRET_MAX 8192

/*
 * Read the secret in path into out (NUL-terminated; one trailing newline,
 * and a CR before it, removed).  PW_ECONFIG with a logged error if the file
 * is missing, not a regular file, not owned by the effective user, readable
 * or writable by group or others, empty, larger than outsz - 1 or holding a
 * NUL byte.  what names the secret in messages ("servicenow password_file").
 */
enum pw_status
secret_read_file(const char *what, const char *path, char *out, size_t outsz);

/*
 * The secret from environment variable env if it is set and not empty,
 * else from path if path is not empty (secret_read_file), else PW_ENOTFOUND
 * (not logged: the caller decides whether a missing secret is an error).
 */
enum pw_status secret_get(const char *what, const char *env, const char *path,
			  char *out, size_t outsz);

/*
 * A copy of the environment env (NULL-terminated) without the variables
 * above, for a child process such as a collector plugin.  The array is
 * malloc'd and the caller frees it (the strings are env's, borrowed);
 * NULL when out of memory.
 */
char **secret_env_scrub(char *const *env);

/* Overwrite n bytes of a secret so it does not linger in memory. */
void secret_wipe(void *p, size_t n);

#endif
