#!/bin/sh
# The harness of the Prometheus-compatible source (tests/prom/lib-prom.sh):
# the standard week, made by a real node_exporter on simweek's simulated
# tree at every step, backfilled into a real Prometheus and imported into a
# real VictoriaMetrics, holds at each instant exactly what the tree held and
# what perfweek-collect stored from the same tree; both stores return the
# same samples; every server is stopped at the end.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/prom/lib-prom.sh"
programs_only_skip "it tests the harness of the Prometheus tests"
export TZ=UTC
PY=/usr/bin/python3
D=$SCRATCH
S=$PROM_WEEK_STEP
T0=$PROM_WEEK_START
T1=$PROM_WEEK_END
I=$PROM_WEEK_INSTANCE
TUE10=$((T0 + 86400 + 10 * 3600))	# Tuesday 10:00, the busy two hours
WED06=$((T0 + 2 * 86400 + 6 * 3600))	# the first step after the gap
THU12=$((T0 + 3 * 86400 + 12 * 3600))	# the reboot

# sqlv SQL: one value from the week's SQLite file.
sqlv() {
	sqlite3 -batch -noheader "$PROM_WEEK_DB" "$1"
}

test_expect_success PROMETHEUS,VICTORIA,NODE_EXPORTER,FAKETIME 'the standard week builds (or comes from the cache)' '
	prom_week &&
	test -s "$PROM_WEEK_DB" && test -s "$PROM_WEEK_OM" &&
	test_set_prereq WEEK
'
test_expect_success WEEK 'the OpenMetrics file: 1944 scrapes, 72 steps down, "# EOF" at the end' '
	test_is "$(grep -c "^up{instance=\"$I\",job=\"node\"} 1 " "$PROM_WEEK_OM")" 1944 &&
	test_is "$(grep -c "^up{instance=\"$I\",job=\"node\"} 0 " "$PROM_WEEK_OM")" 72 &&
	test_is "$(tail -n 1 "$PROM_WEEK_OM")" "# EOF" &&
	test_is "$(grep -c "^#" "$PROM_WEEK_OM")" 1
'
test_expect_success WEEK 'the SQLite file of the same week: 1944 snapshots at the scraped instants' '
	sqlv "SELECT ts FROM snapshot ORDER BY ts" >"$D/sql.ts" &&
	grep "^up{.*} 1 " "$PROM_WEEK_OM" | sed "s/.* //" >"$D/om.ts" &&
	test_is "$(wc -l <"$D/sql.ts")" 1944 &&
	test_cmp "$D/sql.ts" "$D/om.ts"
'
test_expect_success WEEK 'Prometheus starts on a copy of the blocks and is ready' '
	prom_week_prometheus && P=$PROM_URL && PP=$PROM_PID &&
	test_set_prereq PROM
'
test_expect_success WEEK 'VictoriaMetrics starts on a copy of its storage and is ready' '
	prom_week_vm && V=$VM_URL && VP=$VM_PID &&
	test_set_prereq VM
'
test_expect_success PROM 'Prometheus: query_range over the week answers for up, one series' '
	prom_query_range "$P" up "$T0" "$T1" "$S" >"$D/p.up" &&
	test_is "$(cut -d" " -f1 "$D/p.up" | sort -u)" "__name__=\"up\",instance=\"$I\",job=\"node\"" &&
	test_is "$(wc -l <"$D/p.up")" 2016
'
test_expect_success VM 'VictoriaMetrics: query_range over the week answers for up, one series' '
	prom_query_range "$V" up "$T0" "$T1" "$S" >"$D/v.up" &&
	test_is "$(cut -d" " -f1 "$D/v.up" | sort -u)" "__name__=\"up\",instance=\"$I\",job=\"node\"" &&
	test_is "$(wc -l <"$D/v.up")" 2016
'
test_expect_success PROM,VM 'up: 0 at the 72 steps of the gap, 1 at the 1944 others, in both stores' '
	for u in "$P" "$V"; do
		prom_export "$u" up "$T0" "$T1" >"$D/up" &&
		test_is "$(cut -d" " -f3 "$D/up" | sort | uniq -c | tr -s " " | tr "\n" ";")" " 72 0; 1944 1;" &&
		test_is "$(awk "\$3 == 0 { print \$2 }" "$D/up" | sed -n "1p;\$p" | tr "\n" " ")" "$((WED06 - 6 * 3600)) $((WED06 - S)) " || return 1
	done
'

# at STORE QUERY TIME: the values of an instant query, "LABELS VALUE" lines.
at() {
	prom_query "$1" "$2" "$3" | cut -d" " -f1,3
}

test_expect_success PROM,VM 'CPU seconds by mode over Tuesday 10:00-10:05: the busy step of 2 CPUs (80/16/4 %)' '
	for u in "$P" "$V"; do
		test_is "$(at "$u" "sum by (mode) (node_cpu_seconds_total) - sum by (mode) (node_cpu_seconds_total offset 300s)" $((TUE10 + S)) | tr "\n" " ")" \
			"mode=\"idle\" 24 mode=\"iowait\" 0 mode=\"irq\" 0 mode=\"nice\" 0 mode=\"softirq\" 0 mode=\"steal\" 0 mode=\"system\" 96 mode=\"user\" 480 " || return 1
	done
'
test_expect_success PROM,VM 'CPU seconds by mode over a quiet step: 6/3/1/90 % of 600 s' '
	for u in "$P" "$V"; do
		test_is "$(at "$u" "sum by (mode) (node_cpu_seconds_total{mode=~\"user|system|iowait|idle\"}) - sum by (mode) (node_cpu_seconds_total offset 300s)" $((T0 + 3600)) | tr "\n" " ")" \
			"mode=\"idle\" 540 mode=\"iowait\" 6 mode=\"system\" 18 mode=\"user\" 36 " || return 1
	done
'
test_expect_success PROM,VM 'MemAvailable is 2000000 kB at every one of the 1944 samples' '
	for u in "$P" "$V"; do
		prom_export "$u" node_memory_MemAvailable_bytes "$T0" "$T1" >"$D/mem" &&
		test_is "$(cut -d" " -f3 "$D/mem" | sort | uniq -c | tr -s " ")" " 1944 2048000000" || return 1
	done
'
test_expect_success PROM,VM 'sda reads: 3000 a step, 219000 over the gap (21900 s at 10/s)' '
	for u in "$P" "$V"; do
		test_is "$(at "$u" "node_disk_reads_completed_total - node_disk_reads_completed_total offset 300s" $((T0 + 7200)) | sed "s/.* //")" 3000 &&
		test_is "$(at "$u" "node_disk_reads_completed_total - node_disk_reads_completed_total offset 21900s" "$WED06" | sed "s/.* //")" 219000 &&
		test_is "$(at "$u" "count_over_time(node_disk_reads_completed_total[21300s])" $((WED06 - S)))" "" || return 1
	done
'
# Found with this week, for the source's queries: a range [d] at t holds
# the samples in [t - d, t] in Prometheus 2.42 (closed on the left) and in
# (t - d, t] in VictoriaMetrics; and VictoriaMetrics' changes() counts the
# first sample of a series as a change (it compares with the sample before
# the window, here none), Prometheus' does not.
test_expect_success PROM,VM 'a window of exactly 6 h before Wednesday 05:55: Prometheus holds Tuesday 23:55, VictoriaMetrics not' '
	test_is "$(at "$P" "count_over_time(node_load1[21600s])" $((WED06 - S)) | sed "s/.* //")" 1 &&
	test_is "$(at "$V" "count_over_time(node_load1[21600s])" $((WED06 - S)))" ""
'
test_expect_success PROM,VM 'eth0 received 3e8 bytes a step; lo is not exported (node_exporter leaves it out)' '
	for u in "$P" "$V"; do
		test_is "$(at "$u" "node_network_receive_bytes_total - node_network_receive_bytes_total offset 300s" $((T0 + 7200)))" \
			"device=\"eth0\",instance=\"$I\",job=\"node\" 300000000" || return 1
	done
'
test_expect_success PROM,VM 'node_boot_time_seconds: start - 100000 s, then Thursday 11:59:00 from the reboot on' '
	for u in "$P" "$V"; do
		test_is "$(at "$u" node_boot_time_seconds $((THU12 - S)) | sed "s/.* //")" $((T0 - 100000)) &&
		test_is "$(at "$u" node_boot_time_seconds "$THU12" | sed "s/.* //")" $((THU12 - 60)) &&
		prom_export "$u" node_boot_time_seconds "$T0" "$T1" >"$D/boot" &&
		test_is "$(cut -d" " -f3 "$D/boot" | uniq -c | tr -s " " | tr "\n" ";")" " 936 $((T0 - 100000)); 1008 $((THU12 - 60));" || return 1
	done
'
test_expect_success PROM,VM 'changes(node_boot_time_seconds) over the week: 1 in Prometheus, 2 in VictoriaMetrics' '
	test_is "$(at "$P" "changes(node_boot_time_seconds[604800s])" "$T1" | sed "s/.* //")" 1 &&
	test_is "$(at "$V" "changes(node_boot_time_seconds[604800s])" "$T1" | sed "s/.* //")" 2
'
test_expect_success PROM,VM 'node_uname_info names the simulated host' '
	for u in "$P" "$V"; do
		test_like "$(at "$u" node_uname_info "$T1")" "nodename=\"$PROM_WEEK_HOST\"" || return 1
	done
'
test_expect_success PROM,VM 'every node series has 1944 samples (the gap excluded), up 2016' '
	for u in "$P" "$V"; do
		$PY "$PROM_LIB/compare.py" samples "$u" "{job=\"node\"}" "$T0" "$T1" >"$D/all" &&
		cut -f1 "$D/all" | uniq -c | awk "{ print \$1 }" | sort | uniq -c | tr -s " " >"$D/counts" &&
		printf " 144 1944\n 1 2016\n" >"$D/counts.want" &&
		test_cmp "$D/counts.want" "$D/counts" || return 1
	done
'
test_expect_success PROM 'Prometheus: every per-step figure equals what perfweek-collect stored at the same instant (1e-9)' '
	$PY "$PROM_LIB/compare.py" rates "$P" "$PROM_WEEK_DB" "$PROM_WEEK_HOST" "$I" "$T0" "$T1" >"$D/rates.p" &&
	! grep MISMATCH "$D/rates.p" &&
	test_is "$(grep -c " 1944$" "$D/rates.p")" "$(wc -l <"$D/rates.p")" &&
	grep -q "^sda await_ms 1944$" "$D/rates.p" &&
	grep -q "^cpu_user_pct 1944$" "$D/rates.p" &&
	grep -q "^eth0 rx_bytes_per_s 1944$" "$D/rates.p" &&
	grep -q "^tcp_retrans_segs_per_s 1944$" "$D/rates.p" &&
	grep -q "^majfault_per_s 1944$" "$D/rates.p"
'
test_expect_success PROM,PROM_WEEK_FS 'Prometheus: the filling filesystem, size, used and avail as perfweek stored them' '
	test_is "$(grep -c "\.fs size_bytes 1944$\|\.fs used_bytes 1944$\|\.fs avail_bytes 1944$" "$D/rates.p")" 3 &&
	test_like "$(at "$P" "node_filesystem_avail_bytes / node_filesystem_size_bytes" "$T1")" "mountpoint=\"[^\"]*\.fs\" 0\.0699"
'
test_expect_success VM 'VictoriaMetrics: every per-step figure equals what perfweek-collect stored (1e-9)' '
	$PY "$PROM_LIB/compare.py" rates "$V" "$PROM_WEEK_DB" "$PROM_WEEK_HOST" "$I" "$T0" "$T1" >"$D/rates.v" &&
	! grep MISMATCH "$D/rates.v" &&
	test_cmp "$D/rates.p" "$D/rates.v"
'
test_expect_success PROM,VM 'Prometheus and VictoriaMetrics: the same series and timestamps; values equal but for 1-ulp decimal rounding' '
	out=$($PY "$PROM_LIB/compare.py" same "$P" "$V" "{job=\"node\"}" "$T0" "$T1") &&
	echo "$out" &&
	test_like "$out" "^series 145 samples 281952 exact [0-9]+ max_rel " &&
	rel=$(echo "$out" | sed "s/.*max_rel //") &&
	$PY -c "import sys; sys.exit(not float(sys.argv[1]) <= 1e-15)" "$rel"
'
# The exact form of docs (PRODUCT.md): irate() over a window longer than
# the longest gap, kept where a sample exists, without the first point
# after a reboot, is the collector's per-interval rate, in both stores.
EXACT='irate(node_netstat_Tcp_RetransSegs[22000s]) and (timestamp(node_netstat_Tcp_RetransSegs) == time())'
test_expect_success PROM,VM 'irate() kept at the sample instants: the stored TCP retransmits, one point more at the reboot (300 since boot / 300 s), gone with idelta(boot time) != 0' '
	sqlv "SELECT ts, tcp_retrans_segs_per_s FROM snapshot WHERE interval_s IS NOT NULL ORDER BY ts" | tr "|" " " >"$D/want" &&
	test_is "$(wc -l <"$D/want")" 1942 &&
	for u in "$P" "$V"; do
		prom_query_range "$u" "$EXACT" "$T0" "$T1" "$S" | cut -d" " -f2,3 >"$D/got" &&
		test_is "$(wc -l <"$D/got")" 1943 &&
		test_is "$(grep "^$THU12 " "$D/got")" "$THU12 1" &&
		grep -v "^$THU12 " "$D/got" | paste -d" " "$D/want" - >"$D/both" &&
		test_is "$(awk "\$1 != \$3 || (\$2 - \$4) ^ 2 > 1e-18 { n++ } END { print n + 0 }" "$D/both")" 0 &&
		test_is "$(awk "\$2 == 30 { n++ } END { print n }" "$D/both")" 24 &&
		prom_query_range "$u" "$EXACT unless on(instance) (idelta(node_boot_time_seconds[22000s]) != 0)" "$T0" "$T1" "$S" |
			cut -d" " -f2,3 >"$D/got2" &&
		test_is "$(wc -l <"$D/got2")" 1942 &&
		paste -d" " "$D/want" "$D/got2" >"$D/both" &&
		test_is "$(awk "\$1 != \$3 || (\$2 - \$4) ^ 2 > 1e-18 { n++ } END { print n + 0 }" "$D/both")" 0 || return 1
	done
'
# changes() over one step to find the reboot does not do on VictoriaMetrics:
# there it is 1 at the first sample after a gap too (Wednesday 06:00).
test_expect_success PROM,VM 'changes(node_boot_time_seconds[300s]) > 0: Prometheus the reboot, VictoriaMetrics also the start and the end of the gap' '
	test_is "$(prom_query_range "$P" "changes(node_boot_time_seconds[300s]) > 0" "$T0" "$T1" "$S" | cut -d" " -f2 | tr "\n" " ")" "$THU12 " &&
	test_is "$(prom_query_range "$V" "changes(node_boot_time_seconds[300s]) > 0" "$T0" "$T1" "$S" | cut -d" " -f2 | tr "\n" " ")" "$T0 $WED06 $THU12 "
'
test_expect_success WEEK,BCRYPT 'Prometheus with basic auth (--web.config.file): 401 without, the week with the password' '
	prom_web_config "$D/web.yml" perfweek "s3cret pass" &&
	prom_week_prometheus "$D/web.yml" && PA=$PROM_URL &&
	test_is "$(curl -s -o /dev/null -w "%{http_code}" "$PA/api/v1/query?query=up&time=$T1")" 401 &&
	test_is "$(curl -s -o /dev/null -w "%{http_code}" -u perfweek:wrong "$PA/api/v1/query?query=up&time=$T1")" 401 &&
	test_is "$(PROMQ_USER=perfweek PROMQ_PASSWORD="s3cret pass" prom_query "$PA" up "$T1")" \
		"__name__=\"up\",instance=\"$I\",job=\"node\" $T1 1"
'
test_expect_success WEEK 'VictoriaMetrics with basic auth (-httpAuth.*): 401 without, the week with the password' '
	prom_week_vm perfweek "s3cret pass" && VA=$VM_URL &&
	test_is "$(curl -s -o /dev/null -w "%{http_code}" "$VA/api/v1/query?query=up&time=$T1")" 401 &&
	test_is "$(PROMQ_USER=perfweek PROMQ_PASSWORD="s3cret pass" prom_query "$VA" up "$T1")" \
		"__name__=\"up\",instance=\"$I\",job=\"node\" $T1 1"
'
test_expect_success NODE_EXPORTER,FAKETIME 'simweek stops when node_exporter reads other values than the tree holds' '
	cat >"$D/ne" <<-EOF &&
	#!/bin/sh
	exec $PROM_NODE_EXPORTER "\$@" --collector.netdev.device-exclude="^(lo|eth0)\$"
	EOF
	chmod +x "$D/ne" &&
	rc=0 &&
	$PY "$SRC/tests/simweek.py" --bin "$BIN" --db "$D/bad.db" --start "2026-11-09 00:00" \
		--hours 1 --step-s 300 --scenario known --host h --scrape-openmetrics "$D/bad.om" \
		--node-exporter "$D/ne" 2>"$D/err" || rc=$? &&
	test_is "$rc:$(tail -n 1 "$D/err")" "1:simweek: at simulated time 2026-11-09 00:00:00 UTC: node_exporter gave no node_network_receive_bytes_total{device=\"eth0\"}"
'
test_expect_success FAKETIME 'simweek: a node_exporter that is not there: exit 1, named' '
	rc=0 &&
	$PY "$SRC/tests/simweek.py" --bin "$BIN" --db "$D/bad2.db" --start "2026-11-09 00:00" \
		--hours 1 --step-s 300 --scenario known --host h --scrape-openmetrics "$D/bad2.om" \
		--node-exporter "$D/nope" 2>"$D/err" || rc=$? &&
	test_is "$rc:$(tail -n 1 "$D/err")" "1:simweek: '\''$D/nope'\'' is not an executable (Debian package prometheus-node-exporter)"
'
test_expect_success PROM,VM 'every server stops: none of their processes is left' '
	prom_stop_all &&
	for p in $PROM_PIDS; do
		! kill -0 "$p" 2>/dev/null || return 1
	done &&
	test_is "$(pgrep -f "$SCRATCH/prom/" || :)" "" &&
	for u in "$P" "$V" ${PA:+"$PA"} ${VA:+"$VA"}; do
		rc=0 && curl -s -m 2 -o /dev/null "$u/" || rc=$? &&
		test_is "$rc" 7 || return 1
	done
'
