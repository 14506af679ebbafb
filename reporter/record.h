/*
 * record.h - the reporter's few writes and lookups outside the history:
 * which host a name is, and the record of every report run.
 */
#ifndef PW_RECORD_H
#define PW_RECORD_H

#include <sqlite3.h>
#include <stdint.h>

#include "period.h"
#include "status.h"

/* The id of host name; PW_ENOTFOUND (logged, with the known hosts). */
enum pw_status record_host_id(sqlite3 *db, const char *name, int64_t *id);

/* FNV-1a 64 of text, as 16 hex digits. */
void record_hash(const char *text, char out[17]);

struct record_run {
	int64_t host_id;
	const struct period *period;
	const char *formats; /* "text,json" */
	const char *outputs; /* paths, one per line */
	const char *hash;
	const char *status;
	int exit_code;
};

enum pw_status record_run(sqlite3 *db, const struct record_run *r);

#endif
