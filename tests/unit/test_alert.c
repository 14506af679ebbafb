/*
 * test_alert.c - the alerts' payloads (reporter/notify/notify_payload.c)
 * field by field for each kind of sink, and the [notify "NAME"] and
 * [alert] sections of perfweek.conf (common/config_notify.c): what is
 * accepted and the exact message for what is not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "config.h"
#include "notify.h"

static const struct notify_event firing = {
	"web1",
	"disk_util",
	"Disk busy",
	"sda",
	"disk.util_pct",
	"%",
	"CRITICAL",
	"WARNING",
	"firing",
	"severity",
	1794301200, /* since 2026-11-10 09:00 */
	0,
	1794303000,
	1794305700,
	99.5,
	95,
	"sda utilisation at or above 95% for 30 min",
	"Look at iotop."
};

static cJSON *
parse(int type, const struct notify_event *ev)
{
	char *s = notify_payload(type, ev);
	cJSON *j;

	assert_non_null(s);
	j = cJSON_Parse(s);
	free(s);
	assert_non_null(j);
	return j;
}

static const char *
str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static void
test_webhook(void **state)
{
	cJSON *j = parse(NOTIFY_WEBHOOK, &firing);

	(void)state;
	assert_string_equal(str(j, "version"), "perfweek.alert/1");
	assert_string_equal(str(j, "severity"), "CRITICAL");
	assert_string_equal(str(j, "previous_severity"), "WARNING");
	assert_string_equal(str(j, "reason"), "severity");
	assert_string_equal(str(j, "since"), "2026-11-10T09:00:00Z");
	assert_string_equal(str(j, "sent"), "2026-11-10T09:30:00Z");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "ended")));
	assert_true(cJSON_GetObjectItem(j, "value")->valuedouble == 99.5);
	cJSON_Delete(j);
}

/* A change of severity ends the alert at the old severity label. */
static void
test_alertmanager(void **state)
{
	cJSON *j = parse(NOTIFY_ALERTMANAGER, &firing), *a, *l;

	(void)state;
	assert_int_equal(cJSON_GetArraySize(j), 2);
	a = cJSON_GetArrayItem(j, 0);
	l = cJSON_GetObjectItem(a, "labels");
	assert_string_equal(str(l, "alertname"), "perfweek_disk_util");
	assert_string_equal(str(l, "severity"), "critical");
	assert_string_equal(str(l, "device"), "sda");
	assert_string_equal(str(a, "startsAt"), "2026-11-10T09:00:00Z");
	assert_string_equal(str(a, "endsAt"), "2026-11-10T10:15:00Z");
	assert_string_equal(
		str(cJSON_GetObjectItem(a, "annotations"), "summary"),
		"Disk busy on web1 (sda)");
	a = cJSON_GetArrayItem(j, 1);
	l = cJSON_GetObjectItem(a, "labels");
	assert_string_equal(str(l, "severity"), "warning");
	assert_string_equal(str(a, "endsAt"), "2026-11-10T09:30:00Z");
	cJSON_Delete(j);
}

static void
test_resolved_chat(void **state)
{
	struct notify_event ev = firing;
	cJSON *j, *card;

	(void)state;
	ev.state = "resolved";
	ev.previous_severity = NULL;
	ev.ended = 1794303000;
	j = parse(NOTIFY_SLACK, &ev);
	assert_string_equal(str(j, "text"), "RESOLVED Disk busy on web1 (sda)");
	assert_string_equal(
		str(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "attachments"),
				       0),
		    "color"),
		"#2eb67d");
	cJSON_Delete(j);
	j = parse(NOTIFY_TEAMS, &ev);
	card = cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(j, "attachments"), 0),
		"content");
	assert_string_equal(str(card, "version"), "1.4");
	assert_string_equal(
		str(cJSON_GetArrayItem(cJSON_GetObjectItem(card, "body"), 0),
		    "color"),
		"Good");
	cJSON_Delete(j);
}

/* Load text as a configuration; the error, or "" when it loads. */
static const char *
load(const char *text, struct config *cfg)
{
	static char err[512];
	char path[] = "/tmp/pw-alert-conf.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	config_defaults(cfg);
	err[0] = '\0';
	if (config_load(cfg, path, 1, err, sizeof(err)) == PW_OK)
		err[0] = '\0';
	unlink(path);
	/* the message without the scratch file's name */
	return strchr(err, ':') ? strchr(err, ':') + 1 : err;
}

static void
test_config(void **state)
{
	static struct config cfg;

	(void)state;
	assert_string_equal(load("[notify \"am\"]\ntype = alertmanager\n"
				 "url = http://127.0.0.1:9093\n"
				 "[alert]\nnotify = am\nresolve_min = 5\n",
				 &cfg),
			    "");
	assert_int_equal(cfg.nnotify, 1);
	assert_int_equal(cfg.notify[0].type, NOTIFY_ALERTMANAGER);
	assert_true(cfg.alert_resolve_min == 5 && cfg.alert_window_min == 15);
	config_free(&cfg);
	assert_string_equal(
		load("[notify \"a\"]\ntype = webhook\nurl_env = X\n"
		     "[notify \"a\"]\ntype = slack\n",
		     &cfg),
		"4: section [notify \"a\"] given twice (first at line 1)");
	config_free(&cfg);
	assert_string_equal(
		load("[notify \"a\"]\ntype = webhook\n"
		     "type = slack\n",
		     &cfg),
		"3: 'type' given twice in [notify \"a\"] (first at line 1)");
	config_free(&cfg);
	assert_string_equal(
		load("[notify \"a\"]\ntype = teams\nurl_env = X\n"
		     "url_file = /x\n",
		     &cfg),
		"1: [notify \"a\"]: give url_file or url_env, not both");
	config_free(&cfg);
	assert_string_equal(
		load("[notify a]\ntype = teams\n", &cfg),
		"1: bad section [notify a]: write [notify \"NAME\"], NAME of letters, digits, '.', '_' or '-', at most 63 characters");
	config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_webhook),
		cmocka_unit_test(test_alertmanager),
		cmocka_unit_test(test_resolved_chat),
		cmocka_unit_test(test_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
