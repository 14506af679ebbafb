/*
 * report_notify.c - the weekly summary of a built report, handed to each
 * sink of [report] notify (report_notify.h).
 */
#include <math.h>
#include <string.h>

#include "log.h"
#include "notify.h"
#include "report_notify.h"

/* The PDF among the files written, or "". */
static const char *
pdf_written(const struct delivery *d)
{
	size_t i, n;

	for (i = 0; i < d->nwritten; i++) {
		n = strlen(d->written[i]);
		if (n > 4 && strcmp(d->written[i] + n - 4, ".pdf") == 0)
			return d->written[i];
	}
	return "";
}

static int
count(double v)
{
	return isfinite(v) ? (int)v : 0;
}

static void
summary_of(const struct model *m, const struct delivery *d,
	   struct notify_summary *sum)
{
	const struct model_summary *s = &m->summary;
	size_t i;

	memset(sum, 0, sizeof(*sum));
	sum->host = m->host;
	sum->period = m->period.label;
	sum->status = s->status ? s->status : "UNKNOWN";
	sum->reason = s->status_reason;
	sum->start = m->period.start.ts;
	sum->end = m->period.end.ts;
	sum->generated = m->generated.ts;
	sum->critical = count(s->critical);
	sum->warning = count(s->warning);
	sum->info = count(s->info);
	for (i = 0; i < s->ntop && sum->ntop < NOTIFY_SUMMARY_TOP; i++) {
		const struct model_finding *f = &m->findings[s->top[i]];

		sum->top[sum->ntop].severity = model_severity_name(f->severity);
		sum->top[sum->ntop].title = f->title;
		sum->top[sum->ntop].evidence = f->evidence ? f->evidence : "";
		sum->ntop++;
	}
	sum->pdf = pdf_written(d);
	sum->files = d->outputs.len ? d->outputs.data : "";
}

enum pw_status
report_notify(const struct config *cfg, const struct model *m,
	      const struct delivery *d)
{
	const struct config_list *l = &cfg->report_notify;
	struct notify_summary sum;
	enum pw_status rc = PW_OK;
	char why[256];
	size_t i;

	if (l->n == 0)
		return PW_OK;
	summary_of(m, d, &sum);
	for (i = 0; i < l->n; i++) {
		const struct notify_sink *s = config_notify_find(cfg, l->v[i]);

		why[0] = '\0';
		if (!s || notify_send_summary(cfg, s, &sum, why, sizeof(why))) {
			log_warn(
				"the summary was not sent to [notify \"%s\"]: %s",
				l->v[i], s ? why : "no such section");
			rc = PW_EPARTIAL;
			continue;
		}
		log_info("the summary was sent to [notify \"%s\"]", l->v[i]);
	}
	return rc;
}
