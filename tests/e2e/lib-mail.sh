# lib-mail.sh - SMTP helpers for the mail tests, sourced after lib.sh.

# smtp_start NAME SERVER ARGS...: tests/servers/SERVER (smtp_server.py or
# smtp_stall.py) on 127.0.0.1, saving into $SCRATCH/NAME; sets $port.
smtp_start() {
	name=$1
	server=$2
	shift 2
	mkdir -p "$SCRATCH/$name"
	case $server in
	smtp_server.py) set -- --dir "$SCRATCH/$name" "$@" ;;
	esac
	/usr/bin/python3 "$SRC/tests/servers/$server" \
		--port-file "$SCRATCH/$name.port" "$@" \
		2>"$SCRATCH/$name.log" &
	on_exit "kill $! 2>/dev/null"
	i=0
	while [ ! -s "$SCRATCH/$name.port" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	port=$(cat "$SCRATCH/$name.port" 2>/dev/null)
}

# mailconf FILE URL EXTRA-LINES: the test config plus a [mail] section
# with two To and one Cc recipient.
mailconf() {
	cp "$SCRATCH/perfweek.conf" "$1"
	printf '\n[mail]\nurl = %s\nfrom = perfweek <perfweek@example.org>\nto = ops@example.org, sre@example.org\ncc = boss@example.org\n%b' \
		"$2" "$3" >> "$1"
}

# mail_config: the test config with a [report] section (UTC, reports in
# $SCRATCH/reports; a few snapshots judged as a week, min_coverage_pct =
# 0: the mail tests are not about coverage, t0211 is).
mail_config() {
	write_config
	printf '\n[report]\ntimezone = UTC\nmin_coverage_pct = 0\noutput_dir = %s/reports\n' \
		"$SCRATCH" >> "$SCRATCH/perfweek.conf"
}

# mail_week FT: mail_config's config and two snapshots of 2026-W46 made by
# the collector under libfaketime FT.
mail_week() {
	mail_config
	FAKETIME="@2026-11-10 10:00:00" LD_PRELOAD="$1" "$BIN/perfweek-collect" \
		-c "$SCRATCH/perfweek.conf" --proc-root "$TREES/rates-a/proc" \
		--sys-root "$TREES/rates-a/sys" &&
	FAKETIME="@2026-11-10 10:01:00" LD_PRELOAD="$1" "$BIN/perfweek-collect" \
		-c "$SCRATCH/perfweek.conf" --proc-root "$TREES/rates-b/proc" \
		--sys-root "$TREES/rates-b/sys"
}
