/*
 * record.h - the reporter's one write outside the history: the record
 * of every report run.
 */
#ifndef PW_RECORD_H
#define PW_RECORD_H

#include <sqlite3.h>
#include <stdint.h>

#include "period.h"
#include "status.h"


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

struct model;
struct delivery;

/*
 * The record of report run rc of m, with the hash of the model's JSON as
 * it is stored (UTF-8 made valid); rc, or PW_EPARTIAL when rc is PW_OK
 * and the record cannot be written.
 */
enum pw_status
record_report(sqlite3 *db, const struct model *m, const struct period *p,
	      int64_t host_id, const struct delivery *d, enum pw_status rc);

#endif
