#!/bin/sh
# --interval/--count, --gauge and the plugin directory: a good plugin's
# values are stored, a failing or hanging one is skipped with exit 3, and
# the snapshot lands anyway.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
A="--proc-root $TREES/rates-a/proc --sys-root $TREES/rates-a/sys"

APPS="SELECT group_concat(name || '=' || value, ' ') FROM (SELECT name, value FROM v_app_metric WHERE snapshot_id = (SELECT max(id) FROM snapshot) ORDER BY name)"

test_expect_success 'three snapshots in one run' '
	pw perfweek-collect $C $A --interval 0.3 --count 3 && test_set_prereq THREE
'
test_expect_success THREE 'three rows' '
	test_is "$(q "SELECT count(*) FROM snapshot")" 3
'
test_expect_success THREE 'taken about 0.3 s apart' '
	span=$(q "SELECT max(ts) - min(ts) FROM snapshot") &&
	echo "span $span s" &&
	[ "$span" -le 2 ]
'
ROWS="SELECT group_concat(kind || ':' || name || '=' || n, ' ') FROM (SELECT kind, name, (SELECT count(*) FROM disk WHERE device_id = d.id) + (SELECT count(*) FROM netif WHERE device_id = d.id) AS n FROM device d WHERE kind IN ('disk', 'netif') ORDER BY kind, name)"
test_expect_success THREE 'each snapshot of the run has a row per disk and interface' '
	test_is "$(q "$ROWS")" "disk:sda=3 netif:eth0=3 netif:eth1=3"
'
test_expect_success THREE 'one counters row, as of the last snapshot of the run' '
	test_is "$(q "SELECT count(*) || \" \" || (ts = (SELECT max(ts) FROM snapshot)) FROM raw_counter")" "1 1"
'

test_expect_success THREE 'gauges stored' '
	pw perfweek-collect $C $A --gauge queue.depth=17 --gauge "web.p95_ms=12.5" --gauge queue.depth=18 &&
	test_set_prereq GAUGES
'
test_expect_success GAUGES 'gauge values, the last one of a name wins' '
	test_is "$(q "$APPS")" "queue.depth=18.0 web.p95_ms=12.5"
'

test_expect_success 'a good, a hanging, a failing and a non-executable plugin' '
	mkdir "$SCRATCH/plugins.d" &&
	cat >"$SCRATCH/plugins.d/10-good" <<-\P &&
	#!/bin/sh
	echo "# requests served"
	echo "app.requests_per_s 120.5"
	echo "app.workers 8"
	P
	cat >"$SCRATCH/plugins.d/20-hang" <<-\P &&
	#!/bin/sh
	echo "hang.value 1"
	sleep 30
	P
	cat >"$SCRATCH/plugins.d/30-fail" <<-\P &&
	#!/bin/sh
	echo "fail.value 1"
	echo "backend unreachable" >&2
	exit 4
	P
	printf "#!/bin/sh\necho \"not.run 1\"\n" >"$SCRATCH/plugins.d/40-notexec" &&
	chmod 755 "$SCRATCH/plugins.d/10-good" "$SCRATCH/plugins.d/20-hang" "$SCRATCH/plugins.d/30-fail" &&
	echo "plugin_timeout_s = 1" >>"$SCRATCH/perfweek.conf" &&	# [collect] is last
	test_set_prereq PLUGINS
'

test_expect_success PLUGINS 'a failing plugin: stored with something missing, exit 3' '
	start=$(date +%s) &&
	{ pw perfweek-collect $C $A; rc=$?; } &&
	took=$(( $(date +%s) - start )) &&
	test_is "$rc" 3
'
test_expect_success PLUGINS 'the hanging plugin was cut off' '
	echo "the run took $took s" &&
	[ "$took" -le 4 ]
'
test_expect_success PLUGINS 'the hang is reported' '
	test_like "$(cat "$SCRATCH/err")" "plugin '\''20-hang'\'' timed out"
'
test_expect_success PLUGINS 'the failure is reported' '
	test_like "$(cat "$SCRATCH/err")" "plugin '\''30-fail'\'' exited with status 4"
'
test_expect_success PLUGINS 'only the good plugin'\''s values are stored' '
	test_is "$(q "$APPS")" "app.requests_per_s=120.5 app.workers=8.0"
'
test_expect_success PLUGINS,GAUGES 'the snapshot itself landed' '
	test_is "$(q "SELECT count(*) FROM snapshot")" 5
'
test_expect_success PLUGINS 'no plugin process left behind' '
	test_expect_code 1 pgrep -f "$SCRATCH/plugins.d/20-hang" >/dev/null
'

# A plugin runs without perfweek's secrets in its environment, the rest kept.
test_expect_success PLUGINS 'a plugin that records its environment: exit 0' '
	rm -f "$SCRATCH/plugins.d/"* &&
	printf "#!/bin/sh\nenv >\"%s/plugin.env\"\necho \"env.seen 1\"\n" "$SCRATCH" >"$SCRATCH/plugins.d/50-env" &&
	chmod 755 "$SCRATCH/plugins.d/50-env" &&
	test_set_prereq ENV &&
	PERFWEEK_SNOW_PASSWORD=snowpw PERFWEEK_SNOW_TOKEN=snowtok \
		PERFWEEK_SMTP_PASSWORD=smtppw PERFWEEK_T0140=kept \
		pw perfweek-collect $C $A
'
test_expect_success ENV 'no PERFWEEK_SNOW_PASSWORD, _SNOW_TOKEN or _SMTP_PASSWORD in it' '
	test_is "$(grep -c -e snowpw -e snowtok -e smtppw "$SCRATCH/plugin.env")" 0
'
test_expect_success ENV 'PATH and the other variables are kept' '
	test_is "$(grep -c -e "^PATH=" -e "^PERFWEEK_T0140=kept$" "$SCRATCH/plugin.env")" 2
'
