#!/bin/sh
# The Prometheus-compatible source against real servers that cannot
# answer: a server down, a wrong path (404 from Prometheus, 400 from
# VictoriaMetrics), refused credentials (Prometheus --web.config.file
# with Basic authentication, VictoriaMetrics -httpAuth.*), a server that
# accepts and never answers (timeout_s is the whole fetch's deadline), a
# query the store refuses (bad_data, VictoriaMetrics' 422): each one line
# naming the source and the reason, exit 1, no report written.  The
# right credentials, from a 0600 file or the environment, give the
# report; the password is in no log, report or database.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-promsrc.sh"
export TZ=UTC
PASSWORD='pw-Zq8vR3distinctive4471'
R="--from 2025-12-01 --to 2025-12-02 --format json,text --offline"
C=$SCRATCH/c.conf
OUT=$SCRATCH/out/perfweek-h1:9100-2025-12-01_to_2025-12-02.json

# fails_with ERE: the report exits 1 with one line matching ERE, no file
fails_with() {
	rm -rf "$SCRATCH/out" &&
	test_expect_code 1 pw perfweek-report -c "$C" $R &&
	test_like "$(cat "$SCRATCH/err")" "$1" &&
	test_is "$(wc -l <"$SCRATCH/err")" 1 &&
	test ! -e "$OUT"
}

test_expect_success PROM 'a day in Prometheus behind Basic authentication' '
	/usr/bin/python3 "$SRC/tests/e2e/prom_week.py" $PROM_T0 1440 60 >"$SCRATCH/h1.om" &&
	hash=$(/usr/bin/python3 -c "import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))" "$PASSWORD") &&
	printf "basic_auth_users:\n  perf: %s\n" "$hash" >"$SCRATCH/web.yml" &&
	PROM_AUTH="perf:$PASSWORD" prom_start prom "$SCRATCH/h1.om" --web.config.file="$SCRATCH/web.yml" &&
	printf "%s\n" "$PASSWORD" >"$SCRATCH/password" && chmod 600 "$SCRATCH/password" &&
	test_set_prereq UP
'
test_expect_success UP 'the right credentials from a 0600 file: the report' '
	prom_config "$C" "$PROM_URL" "user = perf" "password_file = $SCRATCH/password" &&
	pw perfweek-report -c "$C" $R &&
	test_is "$(J "$OUT" "d[\"coverage\"][\"stored\"]")" 1440
'
test_expect_success UP 'and from the environment (password_env)' '
	prom_config "$C" "$PROM_URL" "user = perf" "password_env = PW_TEST_PROM_PASSWORD" &&
	PW_TEST_PROM_PASSWORD=$PASSWORD pw perfweek-report -c "$C" $R -v &&
	test_like "$(cat "$SCRATCH/err")" "source \(http://127.0.0.1:[0-9]+\): [0-9]+ HTTP requests"
'
test_expect_success UP 'a wrong password: HTTP 401, exit 1, one line' '
	printf "not-the-password\n" >"$SCRATCH/wrong" && chmod 600 "$SCRATCH/wrong" &&
	prom_config "$C" "$PROM_URL" "user = perf" "password_file = $SCRATCH/wrong" &&
	fails_with "^perfweek-report: source \(http://127.0.0.1:[0-9]+\): HTTP 401: the credentials were refused \(user and password_file, or bearer_token_file\)"
'
test_expect_success UP 'no credentials at all: HTTP 401' '
	prom_config "$C" "$PROM_URL" &&
	fails_with "HTTP 401: the credentials were refused"
'
test_expect_success UP 'a wrong path: HTTP 404, url must be the API root' '
	prom_config "$C" "$PROM_URL/prometheus" "user = perf" "password_file = $SCRATCH/password" &&
	fails_with "source \(http://127.0.0.1:[0-9]+/prometheus\): HTTP 404: no Prometheus API there: url must be the API root, to which /api/v1/query_range is appended: 404 page not found$"
'
test_expect_success UP 'a query Prometheus refuses: HTTP 400 bad_data with its reason' '
	prom_config "$C" "$PROM_URL" "user = perf" "password_file = $SCRATCH/password" \
		"query.load1 = node_load1{\$m" &&
	fails_with "HTTP 400: the query was refused: bad_data: .*parse error"
'
test_expect_success UP 'the password is in no log, report or database' '
	! grep -rF "$PASSWORD" "$SCRATCH/err" "$SCRATCH/out" &&
	! sqlite3 "$SCRATCH/pw.db" .dump | grep -F "$PASSWORD"
'
test_expect_success UP 'a server down: exit 1, one line' '
	kill $PROM_PID && wait $PROM_PID 2>/dev/null;
	prom_config "$C" "$PROM_URL" "user = perf" "password_file = $SCRATCH/password" &&
	fails_with "^perfweek-report: source \(http://127.0.0.1:[0-9]+\): .*(Couldn.t connect|Connection refused)"
'
test_expect_success 'a server that never answers: timeout_s is the deadline of all' '
	silent_start &&
	prom_config "$C" "$SILENT_URL" "timeout_s = 1" &&
	t0=$(date +%s) &&
	fails_with "source \(http://127.0.0.1:[0-9]+\): no answer within timeout_s 1 s \(0 of [0-9]+ requests answered\)" &&
	test $(($(date +%s) - t0)) -le 4
'
test_expect_success VM 'VictoriaMetrics with -httpAuth: the report, then a wrong password' '
	/usr/bin/python3 "$SRC/tests/e2e/prom_week.py" $PROM_T0 1440 60 --format prom >"$SCRATCH/h1.prom" &&
	VM_AUTH="perf:$PASSWORD" vm_start vm "$SCRATCH/h1.prom" -httpAuth.username=perf \
		-httpAuth.password="$PASSWORD" &&
	prom_config "$C" "$VM_URL" "user = perf" "password_file = $SCRATCH/password" &&
	pw perfweek-report -c "$C" $R &&
	test_is "$(J "$OUT" "d[\"coverage\"][\"stored\"]")" 1440 &&
	prom_config "$C" "$VM_URL" "user = perf" "password_file = $SCRATCH/wrong" &&
	fails_with "HTTP 401: the credentials were refused" &&
	test_set_prereq VMUP
'
test_expect_success VMUP 'VictoriaMetrics refuses a query: HTTP 422 with its reason' '
	prom_config "$C" "$VM_URL" "user = perf" "password_file = $SCRATCH/password" \
		"query.load1 = node_load1{\$m" &&
	fails_with "HTTP 422: the query cannot be executed: 422: error when executing query"
'
test_expect_success VMUP 'a wrong path on VictoriaMetrics: its reason' '
	prom_config "$C" "$VM_URL/select/0/prometheus" "user = perf" "password_file = $SCRATCH/password" &&
	fails_with "HTTP 400: the query was refused: unsupported path requested"
'
test_expect_success VMUP 'the password is in no log or report' '
	! grep -rF "$PASSWORD" "$SCRATCH/err" "$SCRATCH/out"
'
