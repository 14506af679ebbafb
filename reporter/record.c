/*
 * record.c - the report_run table: the record of each report made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db.h"
#include "log.h"
#include "record.h"
#include "deliver.h"
#include "json.h"
#include "model.h"

void
record_hash(const char *text, char out[17])
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

enum pw_status
record_run(sqlite3 *db, const struct record_run *r)
{
	static const char sql[] =
		"INSERT INTO report_run(host_id, run_at, "
		"period_start, period_end, period_label, formats, outputs, "
		"input_hash, status, exit_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		"?7, ?8, ?9, ?10)";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;

	if (sqlite3_db_readonly(db, "main") == 1) {
		log_debug(
			"not recording the report run: '%s' is open read-only",
			sqlite3_db_filename(db, "main"));
		return PW_OK;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, r->host_id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (int64_t)time(NULL)) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, r->period->start) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, r->period->end) != SQLITE_OK ||
	    sqlite3_bind_text(st, 5, r->period->label, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 6, r->formats, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 7, r->outputs, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 8, r->hash, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 9, r->status, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int(st, 10, r->exit_code) ||
	    sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, "record the report run in");
	sqlite3_finalize(st);
	return rc;
}

/*
 * The run's record, with the hash of the model's JSON as it is stored
 * (UTF-8 made valid); PW_EPARTIAL when it cannot be written.
 */
enum pw_status
record_report(sqlite3 *db, const struct model *m, const struct period *p,
	      int64_t host_id, const struct delivery *d, enum pw_status rc)
{
	cJSON *tree = json_model_tree(m, UTF8_FIX_INVALID);
	char *flat = tree ? cJSON_PrintUnformatted(tree) : NULL, hash[17];
	struct record_run rec;

	cJSON_Delete(tree);
	if (!flat)
		return PW_ENOMEM;
	record_hash(flat, hash);
	free(flat);
	rec = (struct record_run){ host_id,
				   p,
				   d->formats[0] ? d->formats : "stdout",
				   d->outputs.len ? d->outputs.data : "",
				   hash,
				   m->summary.status,
				   pw_exit_code(rc) };
	if (record_run(db, &rec) != PW_OK && !rc)
		rc = PW_EPARTIAL;
	return rc;
}
