/*
 * model_head.c - the parts of the report model around the statistics: the
 * header (host, period, generation time, the simulated-data label), the
 * summary (status and headline counts) and the notes on method.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "findings.h"
#include "model_parts.h"

/* meta("simulated") of the host: a description when the data is made up. */
static enum pw_status
simulated(const struct report_input *in, cJSON *root)
{
	static const char sql[] = "SELECT value FROM meta WHERE host_id = ?1 "
				  "AND key = 'simulated'";
	sqlite3_stmt *st = NULL;
	enum pw_status rc = PW_OK;
	int r;

	if (sqlite3_prepare_v2(in->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, in->host_id) != SQLITE_OK) {
		rc = db_fail(in->db, "read");
		goto out;
	}
	r = sqlite3_step(st);
	if (r == SQLITE_ROW && sqlite3_column_text(st, 0))
		rc = cJSON_AddStringToObject(
			     root, "simulated",
			     (const char *)sqlite3_column_text(st, 0)) ?
			PW_OK :
			PW_ENOMEM;
	else if (r == SQLITE_DONE || r == SQLITE_ROW)
		rc = cJSON_AddNullToObject(root, "simulated") ? PW_OK :
								PW_ENOMEM;
	else
		rc = db_fail(in->db, "read");
out:
	sqlite3_finalize(st);
	return rc;
}

enum pw_status
model_header(struct report_ctx *ctx, cJSON *root)
{
	const struct report_input *in = ctx->in;
	const struct period *p = &in->period;
	cJSON *per;
	char note[128];
	enum pw_status rc;

	if (!cJSON_AddStringToObject(root, "schema", REPORT_SCHEMA) ||
	    !cJSON_AddStringToObject(root, "host", in->host) ||
	    !(per = cJSON_AddObjectToObject(root, "period")) ||
	    !cJSON_AddStringToObject(per, "label", p->label) ||
	    !cJSON_AddStringToObject(per, "timezone", p->tz))
		return PW_ENOMEM;
	if ((rc = report_add_time(ctx, per, "start", p->start)) ||
	    (rc = report_add_time(ctx, per, "end", p->end)) ||
	    (rc = report_add_num(per, "hours", p->hours, 0)))
		return rc;
	note[0] = '\0';
	if (p->iso_week && p->hours != 168)
		snprintf(note, sizeof(note),
			 "This week has %d hours: the "
			 "clocks changed (daylight saving time).",
			 p->hours);
	if (!(note[0] ? cJSON_AddStringToObject(per, "dst_note", note) :
			cJSON_AddNullToObject(per, "dst_note")))
		return PW_ENOMEM;
	if ((rc = report_add_time(ctx, root, "generated", in->generated_at)) ||
	    (rc = simulated(in, root)))
		return rc;
	if (!cJSON_AddStringToObject(root, "source",
				     ctx->data.from_rollups ? "hourly rollups" :
							      "snapshots"))
		return PW_ENOMEM;
	return PW_OK;
}

enum pw_status
model_summary(cJSON *root, const cJSON *findings, enum severity worst,
	      const struct data_status *ds)
{
	cJSON *sum, *top;
	const cJSON *f;
	int counts[4] = { 0, 0, 0, 0 }, n = 0;

	if (!(sum = cJSON_AddObjectToObject(root, "summary")) ||
	    !cJSON_AddStringToObject(sum, "status",
				     model_status_name(ds, worst)) ||
	    !(ds->reason[0] ? cJSON_AddStringToObject(sum, "status_reason",
						      ds->reason) :
			      cJSON_AddNullToObject(sum, "status_reason")) ||
	    !(ds->state != DATA_NONE ?
		      cJSON_AddStringToObject(
			      sum, "findings_status",
			      model_status_name(&(struct data_status){ 0 },
						worst)) :
		      cJSON_AddNullToObject(sum, "findings_status")) ||
	    !(top = cJSON_AddArrayToObject(sum, "top_findings")))
		return PW_ENOMEM;
	cJSON_ArrayForEach(f, findings) {
		const char *sev = cJSON_GetStringValue(
			cJSON_GetObjectItem(f, "severity"));
		int s;

		for (s = 0; s < 4; s++)
			if (sev && strcmp(sev, finding_severity_name(s)) == 0)
				counts[s]++;
		/* cJSON wants a non-const item, which it only references. */
		if (n++ < 3 &&
		    !cJSON_AddItemReferenceToArray(
			    top,
			    /* NOLINTNEXTLINE(performance-no-int-to-ptr) */
			    (cJSON *)(uintptr_t)f))
			return PW_ENOMEM;
	}
	if (!cJSON_AddNumberToObject(sum, "critical", counts[SEV_CRITICAL]) ||
	    !cJSON_AddNumberToObject(sum, "warning", counts[SEV_WARNING]) ||
	    !cJSON_AddNumberToObject(sum, "info", counts[SEV_INFO]) ||
	    !cJSON_AddNullToObject(sum, "open_incidents") ||
	    !cJSON_AddNullToObject(sum, "health_availability_pct"))
		return PW_ENOMEM;
	return PW_OK;
}

static const char *const model_notes[] = {
	"Averages are time-weighted; percentiles are nearest-rank over the "
	"stored snapshots; a rate is the average over the interval before its "
	"snapshot.",
	"CPU busy is the time spent running: 100 % minus idle minus iowait "
	"(user, nice, system, irq, softirq and steal); iowait is idle time with "
	"I/O outstanding, reported on its own and not counted as busy, nor in "
	"the CPU queueing estimate. Load per CPU is the 1-minute load over the "
	"CPU count.",
	"A gap is a run of missed snapshots, as long as the time they were due "
	"for; a finding's window is as long as the snapshots it covers, each "
	"standing for its interval.",
	"Disk await is the mean time of a read or write; discards and flushes "
	"are counted apart and not in it.",
	"Capacity: the CPUs are treated as an M/M/c queue (Erlang C) at the "
	"week's p95 utilisation, each disk as M/M/1 (response time stretched "
	"1/(1-rho)); both assume random arrivals and service times, so read "
	"them as orders of magnitude.",
	"Headroom is how much more load the host can take before the p95 "
	"utilisation reaches the target.",
	"Services: where application metrics give a request rate "
	"(SVC.requests_per_s) and a mean response time (SVC.response_time_s), "
	"Little's law L = lambda W gives the mean number of requests in "
	"flight; it holds for any arrival pattern over a long enough period.",
};

enum pw_status
model_notes_add(cJSON *root, int has_data, int from_rollups)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "notes");
	size_t i;

	if (!arr)
		return PW_ENOMEM;
	if (from_rollups) {
		cJSON *s = cJSON_CreateString(
			"The raw snapshots of this period have been pruned: "
			"every figure comes from hourly rollups, one average "
			"per hour. Averages are exact; percentiles, maxima, "
			"their times, minutes above thresholds, findings and "
			"capacity are computed over hourly averages and are "
			"approximate (peaks shorter than an hour are smoothed "
			"away).");

		if (!s)
			return PW_ENOMEM;
		cJSON_AddItemToArray(arr, s);
	}
	for (i = 0;
	     has_data && i < sizeof(model_notes) / sizeof(model_notes[0]);
	     i++) {
		cJSON *s = cJSON_CreateString(model_notes[i]);

		if (!s)
			return PW_ENOMEM;
		cJSON_AddItemToArray(arr, s);
	}
	return PW_OK;
}
