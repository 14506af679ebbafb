#!/bin/sh
# perfweek-alert over a simulated day through the real collector: a
# fixture /proc rewritten every five minutes (faked clock), sda saturated
# from 09:00 to 09:40, the CPU flapping around its warning threshold from
# 13:00 to 14:00 (90 % for ten minutes, 70 % for five), quiet otherwise;
# perfweek-alert runs after every snapshot, as cron does.  Each sink (a
# Slack-like one answering "ok", a Teams-like one answering 202, a generic
# webhook) gets exactly: the disk firing, the disk resolved, the CPU firing,
# the CPU resolved - no storm for the flapping CPU - with every payload
# field checked.  The webhook's secret token never shows in stderr, the
# database or a report.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
PY=/usr/bin/python3
SERVER=$SRC/tests/servers/webhook_server.py
D=$SCRATCH
TOKEN=T0KEN-s3cr3t-9f8e7d
write_config
cat >>"$D/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $D/out

[findings]
cpu_busy = 85 95 10
fs_used = off
fs_days_to_full = off

[alert]
window_min = 15
resolve_min = 15
repeat_hours = 24

[notify "slack"]
type = slack
url_file = $D/slack.url
timeout_s = 5

[notify "teams"]
type = teams
url_env = PERFWEEK_TEST_TEAMS_URL
timeout_s = 5

[notify "hook"]
type = webhook
url_file = $D/hook.url
timeout_s = 5
CONF
C="-c $D/perfweek.conf"

start_sink() {	# start_sink NAME PERSONA
	$PY "$SERVER" --port-file "$D/$1.port" --log "$D/$1.log" --persona "$2" \
		>/dev/null 2>&1 &
	on_exit "kill $! 2>/dev/null"
	i=0
	while [ ! -s "$D/$1.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	test -s "$D/$1.port"
}

test_expect_success 'three sinks listen' '
	start_sink slack slack && start_sink teams teams && start_sink hook webhook &&
	(umask 077 &&
	 echo "http://127.0.0.1:$(cat "$D/slack.port")/services/$TOKEN" >"$D/slack.url" &&
	 echo "http://127.0.0.1:$(cat "$D/hook.port")/hook/$TOKEN" >"$D/hook.url") &&
	export PERFWEEK_TEST_TEAMS_URL="http://127.0.0.1:$(cat "$D/teams.port")/workflows/$TOKEN" &&
	test_set_prereq SINKS
'

cat >"$D/day.py" <<'PY'
# day.py OUT BIN CONF FT: the simulated day, one snapshot and one alert run
# every five minutes; prints "HH:MM rc" for every alert run that did not
# exit 0 and fails when a collector run did not.
import os, shutil, subprocess, sys, time
out, bindir, conf, ft = sys.argv[1:5]
src = os.environ["TREES"] + "/rates-a"
tree = out + "/tree"
shutil.rmtree(tree, ignore_errors=True)
shutil.copytree(src, tree)
t0 = 1794268800               # Tue 2026-11-10 00:00 UTC
btime = t0 - 86400
first, last = int(os.environ.get("DAY_FROM", "0")), int(os.environ.get("DAY_TO", "288"))
user = idle = io_ticks = reads = rticks = 0
wrap = os.environ.get("WRAP", "").split()
# WRAP_STEPS "A-B,C-D": only the alert runs of those steps under WRAP, the
# others plain (the same state for the next run, a fraction of the cost)
spans = [tuple(int(x) for x in r.split("-"))
         for r in os.environ.get("WRAP_STEPS", "").split(",") if r]
def wrap_at(i):
    return wrap if not spans or any(a <= i <= b for a, b in spans) else []

def busy_at(i):    # CPU busy % of the five minutes ending at step i
    if 157 <= i <= 168:        # 13:05 .. 14:00
        return 70 if (i - 157) % 3 == 2 else 90
    return 20

def util_at(i):    # sda utilisation % likewise
    return 100 if 109 <= i <= 116 else 5   # 09:05 .. 09:40

def write(i):
    t = t0 + i * 300
    with open(tree + "/proc/stat", "w") as f:
        f.write("cpu  %d 0 0 %d 0 0 0 0 0 0\n" % (user, idle))
        for c in range(2):
            f.write("cpu%d %d 0 0 %d 0 0 0 0 0 0\n" % (c, user // 2, idle // 2))
        f.write("intr 500000 0\nctxt 100000\nbtime %d\nprocesses 4242\n"
                "procs_running 2\nprocs_blocked 0\n" % btime)
    with open(tree + "/proc/uptime", "w") as f:
        f.write("%d.00 %d.00\n" % (t - btime, 2 * (t - btime)))
    with open(tree + "/proc/diskstats", "w") as f:
        f.write("   8       0 sda %d 0 %d %d 0 0 0 0 0 %d %d 0 0 0 0 0 0\n"
                % (reads, reads * 8, rticks, io_ticks, rticks))
    return t

env = dict(os.environ, LD_PRELOAD=ft, TZ="UTC")
aenv = dict(env, FAKETIME_DONT_FAKE_MONOTONIC="1")
for i in range(first, last + 1):
    b, u = busy_at(i), util_at(i)
    user += 2 * 300 * b          # ticks at USER_HZ 100 on 2 CPUs
    idle += 2 * 300 * (100 - b)
    io_ticks += 300 * 10 * u     # ms busy in 300 s
    reads += 3000
    rticks += 3000               # 1 ms a read
    t = write(i)
    # the collector's clock starts at t, as collect_at does; perfweek-alert's
    # stops there (valgrind takes seconds to start), its monotonic clock
    # (libcurl's deadlines) left running
    at = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))
    env["FAKETIME"] = "@" + at
    # the collector unwrapped: under valgrind its snapshots would be late
    r = subprocess.run([bindir + "/perfweek-collect", "-c", conf,
                        "--proc-root", tree + "/proc", "--sys-root", tree + "/sys"],
                       env=env, stderr=open(out + "/collect.err", "a"))
    if r.returncode != 0:
        sys.exit("collector failed at step %d" % i)
    if i == first:
        continue
    aenv["FAKETIME"] = at
    r = subprocess.run(wrap_at(i) + [bindir + "/perfweek-alert", "-c", conf], env=aenv,
                       stderr=open(out + "/alert.err", "a"))
    if r.returncode != 0:
        print("%02d:%02d %d" % (i * 5 // 60, i * 5 % 60, r.returncode))
PY

# Under valgrind only the hours that matter, 08:00 to 15:00, and the alert
# under valgrind only from a quarter of an hour before each episode to
# three quarters after its end (08:45-10:25, 12:45-14:45), where every
# firing, every resolution and every notification happens; between them
# it runs plainly, so that each run finds the state the last one left.
if [ -n "$QUICK" ]; then export DAY_FROM=96 DAY_TO=180 WRAP_STEPS=105-125,153-177; fi
export TREES WRAP
test_expect_success SINKS,FAKETIME 'the day: every run exits 0' '
	out=$($PY "$D/day.py" "$D" "$BIN" "$D/perfweek.conf" "$FT") &&
	test_is "$out" "" &&
	test_set_prereq DAY
'

# The requests a sink got, one line each: state rule device severity.
seq_of() {
	$PY - "$D/$1.log" "$2" <<-'PY'
	import json, sys
	for line in open(sys.argv[1]):
	    r = json.loads(line)
	    b = r["body"]
	    kind = sys.argv[2]
	    if kind == "hook":
	        print(b["state"], b["rule"], b["device"] or "-", b["severity"], b["since"], b["ended"])
	    elif kind == "slack":
	        print(b["text"])
	    else:
	        print(b["attachments"][0]["content"]["body"][0]["text"])
	PY
}

test_expect_success DAY 'the webhook: disk firing, disk resolved, CPU firing, CPU resolved' '
	seq_of hook hook >"$D/hook.seq" &&
	cat >"$D/hook.want" <<-EOF &&
	firing disk_util sda CRITICAL 2026-11-10T09:00:00Z None
	resolved disk_util sda CRITICAL 2026-11-10T09:00:00Z 2026-11-10T09:45:00Z
	firing cpu_busy - WARNING 2026-11-10T13:00:00Z None
	resolved cpu_busy - WARNING 2026-11-10T13:00:00Z 2026-11-10T14:05:00Z
	EOF
	test_cmp "$D/hook.want" "$D/hook.seq"
'
test_expect_success DAY 'Slack: the same four, each once' '
	seq_of slack slack >"$D/slack.seq" &&
	cat >"$D/slack.want" <<-EOF &&
	CRITICAL Disk busy on testhost (sda)
	RESOLVED Disk busy on testhost (sda)
	WARNING CPU saturation on testhost
	RESOLVED CPU saturation on testhost
	EOF
	test_cmp "$D/slack.want" "$D/slack.seq"
'
test_expect_success DAY 'Teams: the same four, each once' '
	seq_of teams teams >"$D/teams.seq" &&
	test_cmp "$D/slack.want" "$D/teams.seq"
'

# field NAME PYEXPR: the value of PYEXPR over request r (its body b) of a log.
field() {
	$PY -c "import json,sys; rs=[json.loads(l) for l in open(sys.argv[1])]; r=rs[int(sys.argv[2])]; b=r['body']; print($3)" "$D/$1.log" "$2"
}
test_expect_success DAY 'the webhook payload, field by field' '
	test_is "$(field hook 0 "r[\"path\"], r[\"content_type\"]")" "/hook/$TOKEN application/json" &&
	test_is "$(field hook 0 "b[\"version\"], b[\"host\"], b[\"title\"], b[\"metric\"], b[\"unit\"], b[\"reason\"], b[\"previous_severity\"]")" \
		"perfweek.alert/1 testhost Disk busy disk.util_pct % start None" &&
	test_is "$(field hook 0 "b[\"sent\"], b[\"value\"], b[\"threshold\"]")" "2026-11-10T09:30:00Z 100 95" &&
	test_is "$(field hook 0 "b[\"evidence\"]")" \
		"sda utilisation at or above 95% for 30 min in the last 30 min; now 100.0%" &&
	test_like "$(field hook 0 "b[\"recommendation\"]")" "^The disk was busy most of the time" &&
	test_is "$(field hook 1 "b[\"reason\"], b[\"sent\"], b[\"value\"]")" "resolve 2026-11-10T10:00:00Z 5" &&
	test_is "$(field hook 2 "b[\"sent\"], b[\"threshold\"], b[\"value\"]")" "2026-11-10T13:10:00Z 85 90" &&
	test_is "$(field hook 3 "b[\"reason\"], b[\"sent\"]")" "resolve 2026-11-10T14:20:00Z"
'
test_expect_success DAY 'the Slack payload: text, blocks and the colour' '
	test_is "$(field slack 0 "\" \".join(x[\"type\"] for x in b[\"blocks\"])")" "header section section section" &&
	test_is "$(field slack 0 "b[\"blocks\"][0][\"text\"][\"text\"]")" "CRITICAL Disk busy on testhost (sda)" &&
	test_is "$(field slack 0 "\"|\".join(f[\"type\"] + \"/\" + f[\"text\"].replace(chr(10), \"/\") for f in b[\"blocks\"][1][\"fields\"])")" \
		"mrkdwn/*Host*/testhost|mrkdwn/*Rule*/disk_util|mrkdwn/*Severity*/CRITICAL|mrkdwn/*When*/since 2026-11-10T09:00:00Z" &&
	test_like "$(field slack 0 "b[\"blocks\"][2][\"text\"][\"text\"]")" "^sda utilisation at or above 95%" &&
	test_is "$(field slack 0 "b[\"attachments\"][0][\"color\"]")" "#e01e5a" &&
	test_is "$(field slack 2 "b[\"attachments\"][0][\"color\"]")" "#ecb22e" &&
	test_is "$(field slack 1 "b[\"attachments\"][0][\"color\"], b[\"blocks\"][1][\"fields\"][3][\"text\"]")" \
		"#2eb67d *When*
2026-11-10T09:00:00Z to 2026-11-10T09:45:00Z"
'
test_expect_success DAY 'the Teams payload: an Adaptive Card 1.4 in the attachments envelope' '
	test_is "$(field teams 0 "b[\"type\"], b[\"attachments\"][0][\"contentType\"], b[\"attachments\"][0][\"contentUrl\"]")" \
		"message application/vnd.microsoft.card.adaptive None" &&
	test_is "$(field teams 0 "(lambda c: \" \".join((c[\"type\"], c[\"version\"], c[\"\$schema\"])))(b[\"attachments\"][0][\"content\"])")" \
		"AdaptiveCard 1.4 http://adaptivecards.io/schemas/adaptive-card.json" &&
	test_is "$(field teams 0 "(lambda c: c[\"body\"][0][\"type\"] + \" \" + c[\"body\"][0][\"color\"] + \" \" + \"|\".join(f[\"title\"] + \"=\" + f[\"value\"] for f in c[\"body\"][1][\"facts\"]))(b[\"attachments\"][0][\"content\"])")" \
		"TextBlock Attention Host=testhost|Rule=disk_util|Severity=CRITICAL|Since=2026-11-10T09:00:00Z" &&
	test_is "$(field teams 3 "b[\"attachments\"][0][\"content\"][\"body\"][0][\"color\"]")" "Good"
'
test_expect_success DAY 'the state table: both alerts resolved, every sink told' '
	test_is "$(q "SELECT rule, device, severity, state, since, ended FROM alert ORDER BY id" | tr "\n" " ")" \
		"disk_util|sda|CRITICAL|resolved|1794301200|1794303900 cpu_busy||WARNING|resolved|1794315600|1794319500 " &&
	test_is "$(q "SELECT count(*), sum(pending), group_concat(DISTINCT notified_state) FROM alert_sink")" "6|0|resolved"
'
test_expect_success DAY 'the secret token is in no log, the database or a report' '
	! grep -q "$TOKEN" "$D/alert.err" "$D/collect.err" &&
	sqlite3 "$D/perfweek.db" .dump >"$D/dump.sql" &&
	! grep -q "$TOKEN" "$D/dump.sql" &&
	rc=0 && pw perfweek-report $C --from 2026-11-10 --to 2026-11-11 --format text,json --offline || rc=$? &&
	# the quick run (valgrind) stores seven hours of the day: INCOMPLETE, 3
	{ test $rc -eq 0 || { test -n "$QUICK" && test $rc -eq 3; }; } &&
	! grep -rq "$TOKEN" "$D/out" &&
	test_like "$(cat "$D/out"/*.txt)" "Disk busy"
'
