#!/bin/sh
# --interval/--count, --gauge and the plugin directory: a good plugin's
# values are stored, a failing or hanging one is skipped with exit 3, and
# the snapshot lands anyway.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
A="--proc-root $TREES/rates-a/proc --sys-root $TREES/rates-a/sys"

pw perfweek-collect $C $A --interval 0.3 --count 3; is "$?" 0 "three snapshots in one run"
is "$(q 'SELECT count(*) FROM snapshot')" 3 "three rows"
span=$(q 'SELECT max(ts) - min(ts) FROM snapshot')
[ "$span" -le 2 ]; ok $? "taken about 0.3 s apart (span ${span} s)"

pw perfweek-collect $C $A --gauge queue.depth=17 --gauge 'web.p95_ms=12.5' --gauge queue.depth=18
is "$?" 0 "gauges stored"
is "$(q "SELECT group_concat(name || '=' || value, ' ') FROM (SELECT name, value FROM v_app_metric WHERE snapshot_id = (SELECT max(id) FROM snapshot) ORDER BY name)")" \
	"queue.depth=18.0 web.p95_ms=12.5" "gauge values, the last one of a name wins"

mkdir "$SCRATCH/plugins.d"
cat > "$SCRATCH/plugins.d/10-good" <<'P'
#!/bin/sh
echo "# requests served"
echo "app.requests_per_s 120.5"
echo "app.workers 8"
P
cat > "$SCRATCH/plugins.d/20-hang" <<'P'
#!/bin/sh
echo "hang.value 1"
sleep 30
P
cat > "$SCRATCH/plugins.d/30-fail" <<'P'
#!/bin/sh
echo "fail.value 1"
echo "backend unreachable" >&2
exit 4
P
printf '#!/bin/sh\necho "not.run 1"\n' > "$SCRATCH/plugins.d/40-notexec"
chmod 755 "$SCRATCH/plugins.d/10-good" "$SCRATCH/plugins.d/20-hang" "$SCRATCH/plugins.d/30-fail"
echo 'plugin_timeout_s = 1' >> "$SCRATCH/perfweek.conf"	# [collect] is last

start=$(date +%s)
pw perfweek-collect $C $A; rc=$?
took=$(( $(date +%s) - start ))
is "$rc" 3 "a failing plugin: stored with something missing, exit 3"
[ "$took" -le 4 ]; ok $? "the hanging plugin was cut off (run took ${took} s)"
like "$(cat "$SCRATCH/err")" "plugin '20-hang' timed out" "the hang is reported"
like "$(cat "$SCRATCH/err")" "plugin '30-fail' exited with status 4" "the failure is reported"
is "$(q "SELECT group_concat(name || '=' || value, ' ') FROM (SELECT name, value FROM v_app_metric WHERE snapshot_id = (SELECT max(id) FROM snapshot) ORDER BY name)")" \
	"app.requests_per_s=120.5 app.workers=8.0" "only the good plugin's values are stored"
is "$(q 'SELECT count(*) FROM snapshot')" 5 "the snapshot itself landed"
pgrep -f "$SCRATCH/plugins.d/20-hang" >/dev/null; is "$?" 1 "no plugin process left behind"

# A plugin runs without perfweek's secrets in its environment, the rest kept.
rm -f "$SCRATCH/plugins.d/"*
cat > "$SCRATCH/plugins.d/50-env" <<P
#!/bin/sh
env > "$SCRATCH/plugin.env"
echo "env.seen 1"
P
chmod 755 "$SCRATCH/plugins.d/50-env"
PERFWEEK_SNOW_PASSWORD=snowpw PERFWEEK_SNOW_TOKEN=snowtok \
	PERFWEEK_SMTP_PASSWORD=smtppw PERFWEEK_T0140=kept \
	pw perfweek-collect $C $A
is "$?" 0 "a plugin that records its environment: exit 0"
is "$(grep -c -e snowpw -e snowtok -e smtppw "$SCRATCH/plugin.env")" 0 \
	"no PERFWEEK_SNOW_PASSWORD, _SNOW_TOKEN or _SMTP_PASSWORD in it"
is "$(grep -c -e '^PATH=' -e '^PERFWEEK_T0140=kept$' "$SCRATCH/plugin.env")" 2 \
	"PATH and the other variables are kept"
