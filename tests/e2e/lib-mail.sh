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
