# lib-prom.sh - real Prometheus and VictoriaMetrics servers for the
# end-to-end tests, filled with a simulated week made the way a real one is
# (docs/testing.md, "Prometheus-compatible stores").  Sourced after lib.sh:
#
#	. "$(dirname "$0")/lib.sh"
#	. "$SRC/tests/prom/lib-prom.sh"
#
# tests/simweek.py --scrape-openmetrics runs a real node_exporter on the
# simulated /proc and /sys tree at every step, next to perfweek-collect on
# the same tree: the same week lands in SQLite and in an OpenMetrics file,
# which promtool backfills into Prometheus blocks and VictoriaMetrics
# imports.  The standard week (prom_week) and the fleet (prom_fleet) are
# built once and cached under the build tree ($PROM_CACHE), keyed by the
# hash of what makes them; a test copies the cached store into $SCRATCH and
# starts a server on it, on 127.0.0.1 and a free port.  Every server started
# here is stopped when the script ends (on_exit), or by prom_stop_all.
#
# Prerequisites set: PROMETHEUS (prometheus and promtool), VICTORIA,
# NODE_EXPORTER, BCRYPT (a bcrypt hash for --web.config.file can be made).
# Environment: PERFWEEK_PROM_CACHE (the cache, default $SRC/build/prom-cache),
# PERFWEEK_FLEET_HOSTS (default 50), PERFWEEK_FLEET_STEP_S (default 3600).

PROM_PROMETHEUS=/usr/bin/prometheus
PROM_PROMTOOL=/usr/bin/promtool
PROM_VM=/usr/bin/victoria-metrics
PROM_NODE_EXPORTER=/usr/bin/prometheus-node-exporter
PROM_PY=/usr/bin/python3
PROM_LIB=$SRC/tests/prom
PROM_CACHE=${PERFWEEK_PROM_CACHE:-$SRC/build/prom-cache}
PROM_START_DEADLINE_S=30	# a server answers within this, or fails
PROM_IMPORT_DEADLINE_S=120	# VictoriaMetrics shows an import within this
PROM_PIDS=""
PROM_N=0

# The standard week: one host, Monday 2026-11-09 00:00 UTC, 168 h at 300 s
# (2016 steps) of simweek's scenario "known" (CPU modes, memory, swap, a
# disk, interfaces, TCP, a gap on Wednesday 00:00-06:00, a reboot on
# Thursday 12:00) and, when the script runs as root, its filling tmpfs.
PROM_WEEK_HOST=sim-host
PROM_WEEK_INSTANCE=sim-host:9100
PROM_WEEK_START=1794182400
PROM_WEEK_STEP=300
PROM_WEEK_HOURS=168
PROM_WEEK_END=$((PROM_WEEK_START + PROM_WEEK_HOURS * 3600 - PROM_WEEK_STEP))

[ -x "$PROM_PROMETHEUS" ] && [ -x "$PROM_PROMTOOL" ] && test_set_prereq PROMETHEUS
[ -x "$PROM_VM" ] && test_set_prereq VICTORIA
[ -x "$PROM_NODE_EXPORTER" ] && test_set_prereq NODE_EXPORTER
$PROM_PY -c 'import bcrypt' 2>/dev/null && test_set_prereq BCRYPT

# prom_port: a free TCP port on 127.0.0.1 (the kernel's choice).
prom_port() {
	$PROM_PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# prom_wait_http URL PID: wait until URL answers (any HTTP status but 5xx
# and none) while process PID lives, at most $PROM_START_DEADLINE_S s.
prom_wait_http() {
	prom_end_=$(($(date +%s) + PROM_START_DEADLINE_S))
	while [ "$(date +%s)" -lt "$prom_end_" ]; do
		kill -0 "$2" 2>/dev/null || return 1
		prom_code_=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1")
		case $prom_code_ in
		2??|401) return 0 ;;
		esac
		sleep 0.1
	done
	echo "lib-prom: $1 did not answer within $PROM_START_DEADLINE_S s" >&2
	return 1
}

# prom_spawn_ LOG CMD...: start CMD in the background, its output in LOG,
# its pid in prom_pid_ and $PROM_PIDS, stopped at exit.
prom_spawn_() {
	prom_log_=$1
	shift
	"$@" </dev/null >"$prom_log_" 2>&1 &
	prom_pid_=$!
	PROM_PIDS="$PROM_PIDS $prom_pid_"
	on_exit "prom_stop $prom_pid_"
}

# prom_stop PID: stop a server started here (TERM, then KILL after 10 s).
prom_stop() {
	kill "$1" 2>/dev/null || return 0
	prom_i_=0
	while kill -0 "$1" 2>/dev/null && [ $prom_i_ -lt 100 ]; do
		sleep 0.1
		prom_i_=$((prom_i_ + 1))
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# prom_stop_all: stop every server started by this script.
prom_stop_all() {
	for prom_p_ in $PROM_PIDS; do
		prom_stop "$prom_p_"
	done
}

# prom_web_config FILE USER PASSWORD: a --web.config.file asking for basic
# auth with USER and PASSWORD (bcrypt, needs BCRYPT).
prom_web_config() {
	prom_hash_=$(PW="$3" $PROM_PY -c 'import bcrypt, os; print(bcrypt.hashpw(os.environ["PW"].encode(), bcrypt.gensalt(rounds=4)).decode())') &&
	printf 'basic_auth_users:\n  %s: %s\n' "$2" "$prom_hash_" >"$1"
}

# prom_backfill OPENMETRICS TSDB_DIR: promtool's blocks of the file.
prom_backfill() {
	mkdir -p "$2" &&
	$PROM_PROMTOOL tsdb create-blocks-from openmetrics \
		--max-block-duration=168h "$1" "$2" >"$2.backfill.log" 2>&1 || {
		tail -n 5 "$2.backfill.log" >&2
		return 1
	}
}

# prom_start TSDB_DIR [WEB_CONFIG]: Prometheus on the blocks in TSDB_DIR (it
# writes there: give it a copy), no scrape jobs, a retention of 10 years
# (counted from the newest block, so a past week stays).  Sets PROM_URL (the
# API root), PROM_PORT and PROM_PID.
prom_start() {
	prom_dir_=$1
	PROM_PORT=$(prom_port) || return 1
	printf 'global:\n  scrape_interval: 1m\nscrape_configs: []\n' \
		>"$prom_dir_.yml"
	prom_spawn_ "$prom_dir_.log" "$PROM_PROMETHEUS" \
		--config.file="$prom_dir_.yml" \
		--storage.tsdb.path="$prom_dir_" \
		--storage.tsdb.retention.time=10y \
		--web.listen-address=127.0.0.1:$PROM_PORT \
		${2:+--web.config.file="$2"}
	PROM_PID=$prom_pid_
	PROM_URL=http://127.0.0.1:$PROM_PORT
	prom_wait_http "$PROM_URL/-/ready" "$PROM_PID" || {
		tail -n 5 "$prom_dir_.log" >&2
		return 1
	}
}

# vm_start DATA_DIR [USER PASSWORD]: VictoriaMetrics (single node) on
# DATA_DIR, a retention of 100 years (it drops samples older than its
# retention, counted from now, without a word), no cache of results (the
# tests import and query at once), optionally basic auth.  Sets VM_URL (the
# API root), VM_PORT and VM_PID.
vm_start() {
	VM_PORT=$(prom_port) || return 1
	prom_spawn_ "$1.log" "$PROM_VM" -storageDataPath="$1" \
		-httpListenAddr=127.0.0.1:$VM_PORT -retentionPeriod=100y \
		-search.disableCache -search.latencyOffset=0s \
		-loggerLevel=ERROR ${2:+-httpAuth.username="$2"} \
		${3:+-httpAuth.password="$3"}
	VM_PID=$prom_pid_
	VM_URL=http://127.0.0.1:$VM_PORT
	prom_wait_http "$VM_URL/health" "$VM_PID" || {
		tail -n 5 "$1.log" >&2
		return 1
	}
}

# vm_text OPENMETRICS OUT: the samples in Prometheus text format with
# millisecond timestamps, as /api/v1/import/prometheus takes them.
vm_text() {
	sed -e '/^#/d' -e 's/ \([0-9][0-9]*\)$/ \1000/' "$1" >"$2"
}

# vm_import TEXT URL: import a vm_text file, flush, and wait until a query
# sees as many "up" samples as the file has.
vm_import() {
	curl -sS -f -m "$PROM_IMPORT_DEADLINE_S" --data-binary @"$1" \
		"$2/api/v1/import/prometheus" &&
	curl -sS -f -m 30 "$2/internal/force_flush" >/dev/null &&
	vm_wait_count "$2" "$(grep -c '^up{' "$1")" "$1"
}

# vm_wait_count URL N TEXT: wait until VictoriaMetrics counts N samples of
# "up" between the first and the last timestamp of TEXT.
vm_wait_count() {
	prom_t0_=$(head -n 1 "$3" | sed 's/.* \([0-9]*\)000$/\1/')
	prom_t1_=$(tail -n 1 "$3" | sed 's/.* \([0-9]*\)000$/\1/')
	prom_q_="sum(count_over_time(up[$((prom_t1_ - prom_t0_ + 1))s]))"
	prom_end_=$(($(date +%s) + PROM_IMPORT_DEADLINE_S))
	while [ "$(date +%s)" -lt "$prom_end_" ]; do
		prom_got_=$($PROM_PY "$PROM_LIB/promq.py" "$1" query "$prom_q_" \
			"$prom_t1_" 2>/dev/null | awk '{print $2}')
		[ "$prom_got_" = "$2" ] && return 0
		sleep 0.2
	done
	echo "lib-prom: VictoriaMetrics shows $prom_got_ samples of up, not $2" >&2
	return 1
}

# prom_key WORDS...: the cache key of what builds an entry: the words, the
# generating scripts, perfweek-collect and node_exporter.
prom_key() {
	{
		echo "$*"
		cat "$SRC/tests/simweek.py" "$PROM_LIB/nodeexp.py" \
			"$PROM_LIB/lib-prom.sh" "$PROM_LIB/fleet.py" \
			"$BIN/perfweek-collect" "$PROM_NODE_EXPORTER"
	} | sha256sum | cut -c1-16
}

# prom_cached DIR FUNC: make DIR by "FUNC DIR.tmp" once: under a lock (safe
# with prove -j), renamed into place when FUNC succeeds.  Entries of the
# same kind older than a day are removed.
prom_cached() {
	mkdir -p "$PROM_CACHE" || return 1
	exec 7>"$1.lock" && flock -w 900 7 || return 1
	if [ ! -f "$1/done" ]; then
		rm -rf "$1.tmp" "$1" &&
		mkdir -p "$1.tmp" &&
		"$2" "$1.tmp" &&
		: >"$1.tmp/done" &&
		mv "$1.tmp" "$1" || {
			prom_rc_=$?
			exec 7>&-
			return $prom_rc_
		}
		prom_base_=${1##*/}
		find "$PROM_CACHE" -mindepth 1 -maxdepth 1 -mtime +1 \
			-name "${prom_base_%%-*}-*" ! -name "$prom_base_" \
			! -name "$prom_base_.*" -exec rm -rf {} + 2>/dev/null
	fi
	exec 7>&-
}

# prom_stores_ DIR: from DIR/data.om, the Prometheus blocks DIR/tsdb and
# VictoriaMetrics' storage DIR/vmdata (imported once, then stopped).
prom_stores_() {
	prom_backfill "$1/data.om" "$1/tsdb" &&
	vm_text "$1/data.om" "$1/vm.txt" &&
	vm_start "$1/vmdata" &&
	vm_import "$1/vm.txt" "$VM_URL" &&
	prom_stop "$VM_PID" &&
	rm -f "$1/vm.txt"
}

# The standard week's builder (prom_cached's FUNC).
prom_week_make_() {
	prom_fs_=
	if [ "$(id -u)" = 0 ]; then
		prom_fs_=$PROM_WEEK_DIR.fs
		mkdir -p "$prom_fs_"
	fi
	$PROM_PY "$SRC/tests/simweek.py" --bin "$BIN" --db "$1/week.db" \
		--start "2026-11-09 00:00" --hours "$PROM_WEEK_HOURS" \
		--step-s "$PROM_WEEK_STEP" --scenario known \
		--host "$PROM_WEEK_HOST" --frozen-clock \
		--scrape-openmetrics "$1/data.om" \
		--node-exporter "$PROM_NODE_EXPORTER" \
		${prom_fs_:+--fs-dir "$prom_fs_"} 2>"$1/simweek.log" || {
		tail -n 5 "$1/simweek.log" >&2
		return 1
	}
	[ -z "$prom_fs_" ] || : >"$1/has-fs"
	prom_stores_ "$1"
}

# prom_week: build (once, cached) the standard week.  Sets PROM_WEEK_DIR,
# PROM_WEEK_DB (perfweek-collect's SQLite file), PROM_WEEK_OM (the
# OpenMetrics file) and the prerequisite PROM_WEEK_FS when the week has a
# filesystem (built as root).
prom_week() {
	PROM_WEEK_DIR=$PROM_CACHE/week-$(prom_key week "$(id -u)") &&
	prom_cached "$PROM_WEEK_DIR" prom_week_make_ || return 1
	PROM_WEEK_DB=$PROM_WEEK_DIR/week.db
	PROM_WEEK_OM=$PROM_WEEK_DIR/data.om
	[ ! -f "$PROM_WEEK_DIR/has-fs" ] || test_set_prereq PROM_WEEK_FS
}

# prom_copy_ DIR SUB: a scratch copy of DIR/SUB for one server, in prom_d_.
prom_copy_() {
	PROM_N=$((PROM_N + 1))
	prom_d_=$SCRATCH/prom/$2.$PROM_N
	mkdir -p "$SCRATCH/prom" &&
	cp -r "$1/$2" "$prom_d_"
}

# prom_week_prometheus [WEB_CONFIG]: Prometheus with the week (PROM_URL).
prom_week_prometheus() {
	prom_copy_ "$PROM_WEEK_DIR" tsdb && prom_start "$prom_d_" "$@"
}

# prom_week_vm [USER PASSWORD]: VictoriaMetrics with the week (VM_URL).
prom_week_vm() {
	prom_copy_ "$PROM_WEEK_DIR" vmdata && vm_start "$prom_d_" "$@"
}

# prom_query_range URL QUERY START END STEP, prom_query URL QUERY TIME,
# prom_export URL SELECTOR START END: promq.py's lines "LABELS TS VALUE".
prom_query_range() {
	$PROM_PY "$PROM_LIB/promq.py" "$1" range "$2" "$3" "$4" "$5"
}
prom_query() {
	$PROM_PY "$PROM_LIB/promq.py" "$1" query "$2" "$3"
}
prom_export() {
	$PROM_PY "$PROM_LIB/promq.py" "$1" export "$2" "$3" "$4"
}

# The fleet's builder (prom_cached's FUNC): tests/prom/fleet.py.
prom_fleet_make_() {
	prom_fs_=
	if [ "$(id -u)" = 0 ]; then
		prom_fs_=$PROM_FLEET_DIR.fs
		mkdir -p "$prom_fs_"
	fi
	$PROM_PY "$PROM_LIB/fleet.py" --bin "$BIN" --out "$1" \
		--hosts "$PROM_FLEET_HOSTS" --step-s "$PROM_FLEET_STEP" \
		--node-exporter "$PROM_NODE_EXPORTER" \
		${prom_fs_:+--fs-dir "$prom_fs_"} 2>"$1/fleet.log" || {
		tail -n 5 "$1/fleet.log" >&2
		return 1
	}
	prom_stores_ "$1"
}

# prom_fleet: build (once, cached) the fleet of tests/prom/fleet.py:
# $PERFWEEK_FLEET_HOSTS hosts (default 50) at $PERFWEEK_FLEET_STEP_S s
# steps (default 3600) over the standard week.  Sets PROM_FLEET_DIR,
# PROM_FLEET_DBS (the directory of the hosts' SQLite files, fleet-NN.db),
# PROM_FLEET_OM, PROM_FLEET_HOSTS_FILE (fleet.py's hosts.txt).
PROM_FLEET_HOSTS=${PERFWEEK_FLEET_HOSTS:-50}
PROM_FLEET_STEP=${PERFWEEK_FLEET_STEP_S:-3600}
prom_fleet() {
	PROM_FLEET_DIR=$PROM_CACHE/fleet-$(prom_key fleet "$(id -u)" \
		"$PROM_FLEET_HOSTS" "$PROM_FLEET_STEP") &&
	prom_cached "$PROM_FLEET_DIR" prom_fleet_make_ || return 1
	PROM_FLEET_DBS=$PROM_FLEET_DIR/db
	PROM_FLEET_OM=$PROM_FLEET_DIR/data.om
	PROM_FLEET_HOSTS_FILE=$PROM_FLEET_DIR/hosts.txt
}

# prom_fleet_prometheus [WEB_CONFIG], prom_fleet_vm [USER PASSWORD]: a
# server with the fleet (PROM_URL, VM_URL).
prom_fleet_prometheus() {
	prom_copy_ "$PROM_FLEET_DIR" tsdb && prom_start "$prom_d_" "$@"
}
prom_fleet_vm() {
	prom_copy_ "$PROM_FLEET_DIR" vmdata && vm_start "$prom_d_" "$@"
}
