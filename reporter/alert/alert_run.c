/*
 * alert_run.c - one run of perfweek-alert: evaluate, move each alert
 * through its states, store them, then tell each sink what it has not
 * been told.
 *
 * An alert fires when its rule does; it changes severity upwards at once,
 * downwards, and resolves, only once the lower verdict held for [alert]
 * resolve_min, so that a metric flapping around its threshold keeps one
 * alert firing instead of starting a new one each time.  The state is
 * committed before anything is sent; a sink is then told the alert's
 * current state once (the start, a change of severity, the resolve), again
 * after repeat_hours while it fires, and Alertmanager every run while it
 * fires.  A sink that fails keeps its row pending and is told on the next
 * run, once, whatever changed meanwhile: never lost, never repeated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "db.h"
#include "log.h"
#include "metric.h"
#include "model.h"
#include "notify.h"
#include "source_sqlite.h"

/* The row of (rule, device), or NULL. */
static struct alert_row *
row_find(struct alert_row *rows, size_t n, const char *rule, const char *device)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].rule, rule) == 0 &&
		    strcmp(rows[i].device, device) == 0)
			return &rows[i];
	return NULL;
}

static void
row_take(struct alert_row *r, const struct alert_obs *o)
{
	r->last_value = o->value;
	if (o->sev != SEV_OK)
		r->threshold = o->threshold;
	snprintf(r->evidence, sizeof(r->evidence), "%s", o->evidence);
}

/* A firing row against its rule's verdict now (o NULL: clear). */
static void
row_step(struct alert_row *r, const struct alert_obs *o, int64_t now,
	 int64_t resolve_s)
{
	enum severity sev = o ? o->sev : SEV_OK;

	if (o)
		row_take(r, o);
	if (sev > r->sev) {
		r->prev_sev = r->sev;
		r->sev = sev;
		r->changed = 1;
	}
	if (sev >= r->sev) {
		r->clear_since = 0;
		return;
	}
	if (!r->clear_since)
		r->clear_since = now;
	if (now - r->clear_since < resolve_s)
		return;
	r->changed = 1;
	r->prev_sev = r->sev;
	if (sev == SEV_OK) {
		r->firing = 0;
		r->ended = r->clear_since;
	} else {
		r->sev = sev;
	}
	r->clear_since = 0;
}

/* Fold the verdicts into the rows; new alerts appended. */
static void
rows_apply(struct alert_row *rows, size_t *n, const struct alert_obs *obs,
	   size_t nobs, int64_t now, int64_t resolve_s)
{
	size_t nold = *n, i, j;

	for (i = 0; i < nold; i++) {
		const struct alert_obs *o = NULL;

		if (!rows[i].firing)
			continue;
		for (j = 0; j < nobs && !o; j++)
			if (strcmp(config_rule_name(obs[j].fr.rule),
				   rows[i].rule) == 0 &&
			    strcmp(obs[j].device, rows[i].device) == 0)
				o = &obs[j];
		row_step(&rows[i], o, now, resolve_s);
		rows[i].updated = now;
	}
	for (j = 0; j < nobs; j++) {
		const char *rule = config_rule_name(obs[j].fr.rule);
		struct alert_row *r = row_find(rows, *n, rule, obs[j].device);

		if (obs[j].sev == SEV_OK || (r && r->firing))
			continue;
		if (!r) {
			if (*n == ALERT_MAX)
				continue;
			r = &rows[(*n)++];
			memset(r, 0, sizeof(*r));
			snprintf(r->rule, sizeof(r->rule), "%s", rule);
			snprintf(r->device, sizeof(r->device), "%s",
				 obs[j].device);
		}
		r->firing = 1;
		r->changed = 1;
		r->prev_sev = SEV_OK;
		r->sev = obs[j].sev;
		r->since = obs[j].start;
		r->ended = r->clear_since = 0;
		r->updated = now;
		row_take(r, &obs[j]);
	}
}

/* The rule's words and unit for a row. */
static void
rule_words(const char *rule, struct findings_rule *fr, const char **unit)
{
	const struct metric_def *m;
	size_t i;

	memset(fr, 0, sizeof(*fr));
	fr->title = rule;
	fr->metric = fr->recommendation = "";
	*unit = "";
	for (i = 0; findings_alert_rule(i, fr); i++)
		if (strcmp(config_rule_name(fr->rule), rule) == 0) {
			m = metric_find(fr->metric);
			*unit = m ? m->unit : "";
			return;
		}
	fr->title = rule;
	fr->metric = fr->recommendation = "";
}

/*
 * What sink s is to be told of row r: a reason ("start", "severity",
 * "resolve", "repeat", "resend") or NULL; the severity it knew in *prev.
 */
static const char *
plan(const struct config *cfg, const struct notify_sink *s,
     const struct alert_row *r, const struct alert_sink_row *k, int64_t now,
     const char **prev)
{
	int told = k->found && k->state[0] && k->since == r->since;
	int64_t repeat_s = (int64_t)(cfg->alert_repeat_hours * 3600);

	*prev = NULL;
	if (!r->firing) {
		if (!k->found && !r->changed)
			return NULL; /* resolved before this sink was added */
		return told && strcmp(k->state, "resolved") == 0 ? NULL :
								   "resolve";
	}
	if (!told || strcmp(k->state, "firing") != 0)
		return "start";
	if (strcmp(k->severity, model_severity_name(r->sev)) != 0) {
		*prev = k->severity;
		return "severity";
	}
	if (s->type == NOTIFY_ALERTMANAGER)
		return "resend";
	if (repeat_s > 0 && now - k->last_notified >= repeat_s)
		return "repeat";
	return NULL;
}

struct run_ctx {
	sqlite3 *db;
	const struct config *cfg;
	const struct alert_run_opts *o;
	const char *host;
	int failed;
};

static void
event_of(const struct run_ctx *c, const struct alert_row *r,
	 const struct findings_rule *fr, const char *unit, const char *reason,
	 const char *prev, struct notify_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->host = c->host;
	ev->rule = r->rule;
	ev->title = fr->title;
	ev->device = r->device;
	ev->metric = fr->metric;
	ev->unit = unit;
	ev->severity = model_severity_name(r->sev);
	ev->previous_severity = prev;
	ev->state = r->firing ? "firing" : "resolved";
	ev->reason = reason;
	ev->since = r->since;
	ev->ended = r->firing ? 0 : r->ended;
	ev->now = c->o->now;
	/* Alertmanager resolves it by itself if perfweek-alert stops */
	ev->ends_at = c->o->now + (int64_t)(3 * c->cfg->alert_window_min * 60);
	ev->value = r->last_value;
	ev->threshold = r->threshold;
	ev->evidence = r->evidence;
	ev->recommendation = fr->recommendation;
}

/* Tell sink s of row r what it has not been told; dry_run prints it. */
static enum pw_status
notify_row(struct run_ctx *c, const struct notify_sink *s,
	   const struct alert_row *r)
{
	struct alert_sink_row k;
	struct findings_rule fr;
	struct notify_event ev;
	const char *reason, *prev, *unit;
	char why[256], *body;
	enum pw_status rc = alert_sink_load(c->db, r->id, s->name, &k);

	if (rc || !(reason = plan(c->cfg, s, r, &k, c->o->now, &prev)))
		return rc;
	rule_words(r->rule, &fr, &unit);
	event_of(c, r, &fr, unit, reason, prev, &ev);
	if (c->o->dry_run) {
		body = notify_payload(s->type, &ev);
		if (!body)
			return PW_ENOMEM;
		printf("notify \"%s\" (%s): %s %s %s%s%s\n%s\n", s->name,
		       notify_type_name(s->type), reason, ev.state, r->rule,
		       r->device[0] ? " " : "", r->device, body);
		free(body);
		return PW_OK;
	}
	if (notify_send(c->cfg, s, &ev, why, sizeof(why)) == PW_OK) {
		log_info("notify \"%s\": %s %s %s%s%s", s->name, reason,
			 ev.state, r->rule, r->device[0] ? " " : "", r->device);
		return alert_sink_save(c->db, r, s->name, 1, NULL, c->o->now);
	}
	log_err("notify \"%s\": %s %s%s%s not sent, kept for the next run: %s",
		s->name, ev.state, r->rule, r->device[0] ? " " : "", r->device,
		why);
	c->failed = 1;
	return alert_sink_save(c->db, r, s->name, 0, why, c->o->now);
}

/* The sinks alerts go to: [alert] notify, or every [notify] section. */
static int
sink_wanted(const struct config *cfg, const struct notify_sink *s)
{
	size_t i;

	if (cfg->alert_notify.n == 0)
		return 1;
	for (i = 0; i < cfg->alert_notify.n; i++)
		if (strcmp(cfg->alert_notify.v[i], s->name) == 0)
			return 1;
	return 0;
}

static enum pw_status
notify_all(struct run_ctx *c, const struct alert_row *rows, size_t n)
{
	enum pw_status rc = PW_OK;
	size_t i, j;

	for (j = 0; j < c->cfg->nnotify && !rc; j++) {
		if (!sink_wanted(c->cfg, &c->cfg->notify[j]))
			continue;
		for (i = 0; i < n && !rc; i++)
			rc = notify_row(c, &c->cfg->notify[j], &rows[i]);
	}
	return rc;
}

/* Evaluate and fold into rows, stored unless dry_run. */
static enum pw_status
update_state(struct run_ctx *c, struct source *src, int64_t host_id,
	     struct alert_row *rows, size_t *n)
{
	struct alert_obs *obs = NULL;
	size_t nobs = 0;
	enum pw_status rc;

	rc = alert_evaluate(src, c->cfg, c->o->now, &obs, &nobs);
	if (rc == PW_ENOTFOUND) {
		log_warn(
			"no samples of host '%s' in the last %g min: the alerts stay as they were",
			c->host, c->cfg->alert_window_min);
		c->failed = 1;
		rc = PW_OK;
	} else if (!rc) {
		rows_apply(rows, n, obs, nobs, c->o->now,
			   (int64_t)(c->cfg->alert_resolve_min * 60));
	}
	free(obs);
	if (rc || c->o->dry_run)
		return rc;
	rc = db_exec(c->db, "BEGIN IMMEDIATE");
	if (!rc)
		rc = alert_state_save(c->db, host_id, rows, *n);
	if (!rc)
		rc = db_exec(c->db, "COMMIT");
	else
		(void)db_exec(c->db, "ROLLBACK");
	return rc;
}

enum pw_status
alert_run(sqlite3 *db, const struct config *cfg, const struct alert_run_opts *o)
{
	struct run_ctx c = { db, cfg, o, cfg->host, 0 };
	struct alert_row *rows = calloc(ALERT_MAX, sizeof(*rows));
	struct source src;
	size_t n = 0;
	enum pw_status rc;

	memset(&src, 0, sizeof(src));
	if (!rows)
		return PW_ENOMEM;
	rc = source_sqlite_open(db, cfg->host, &src);
	if (!rc)
		rc = alert_state_load(db, source_sqlite_host_id(&src), rows,
				      ALERT_MAX, &n);
	if (!rc)
		rc = update_state(&c, &src, source_sqlite_host_id(&src), rows,
				  &n);
	if (!rc)
		rc = notify_all(&c, rows, n);
	if (src.ops)
		source_close(&src);
	free(rows);
	if (!rc && c.failed)
		rc = PW_EPARTIAL;
	return rc;
}
