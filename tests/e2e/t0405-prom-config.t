#!/bin/sh
# The [source] and [source "NAME"] sections: each mistake refused at load
# with FILE:LINE and exit 2 (an unknown type, a URL that is not http(s),
# step_s out of range, Basic and bearer together, a secret file others
# may read, a query.METRIC override naming no metric, a header that is
# not "Name: value", a selector without braces, a section given twice),
# --source naming a section the file lacks, and --check-config accepting
# a good one.
. "$(dirname "$0")/lib.sh"
C=$SCRATCH/c.conf

# src LINES...: a configuration whose [source] holds LINES (line 4 on)
src() {
	{
		printf '[general]\ndatabase = %s/pw.db\n\n' "$SCRATCH"
		for l in "$@"; do printf '%s\n' "$l"; done
	} >"$C"
}
# refused WHY-ERE: --check-config exits 2 and prints C:LINE: WHY
refused() {
	test_expect_code 2 pw perfweek-report -c "$C" --check-config &&
	test_like "$(cat "$SCRATCH/err")" "^$C:$1"
}

test_expect_success 'an unknown type' '
	src "[source]" "type = influx" "url = http://127.0.0.1:9" &&
	refused "5: type must be sqlite or prometheus, not '\''influx'\''"
'
test_expect_success 'a URL that is not http(s)' '
	src "[source]" "type = prometheus" "url = ftp://127.0.0.1:9" &&
	refused "6: url must start with http:// or https://"
'
test_expect_success 'credentials in the URL' '
	src "[source]" "type = prometheus" "url = http://u:secret@127.0.0.1:9" &&
	refused "6: url must not hold credentials" &&
	! grep -q secret "$SCRATCH/err"
'
test_expect_success 'step_s out of range' '
	src "[source]" "type = prometheus" "url = http://127.0.0.1:9" "step_s = 0" &&
	refused "7: step_s must be an integer from 1 to 86400, not '\''0'\''"
'
test_expect_success 'a prometheus source without url' '
	src "[source \"p\"]" "type = prometheus" &&
	refused "4: a prometheus source needs url"
'
test_expect_success 'Basic and bearer together' '
	printf "s3cret\n" >"$SCRATCH/pw" && chmod 600 "$SCRATCH/pw" &&
	src "[source]" "type = prometheus" "url = http://127.0.0.1:9" "user = u" \
		"password_file = $SCRATCH/pw" "bearer_token_file = $SCRATCH/pw" &&
	refused "9: give user and password_file \(Basic\) or bearer_token_file, not both"
'
test_expect_success 'a user without a password' '
	src "[source]" "type = prometheus" "url = http://127.0.0.1:9" "user = u" &&
	refused "7: Basic authentication needs user and password_file"
'
test_expect_success 'a password file others may read' '
	chmod 644 "$SCRATCH/pw" &&
	src "[source]" "type = prometheus" "url = http://127.0.0.1:9" "user = u" \
		"password_file = $SCRATCH/pw" &&
	refused "8: password_file '\''$SCRATCH/pw'\'' has mode 0644; it must be 0600 or stricter" &&
	! grep -q s3cret "$SCRATCH/err"
'
test_expect_success 'an override of no metric' '
	src "[source]" "type = prometheus" "url = http://127.0.0.1:9" \
		"query.cpu_busy = 1" &&
	refused "7: query.cpu_busy: no such metric"
'
test_expect_success 'an override given twice' '
	src "[source]" "type = prometheus" "url = http://127.0.0.1:9" \
		"query.load1 = node_load5{\$m}" "query.load1 = node_load1{\$m}" &&
	refused "8: query.load1 given twice"
'
test_expect_success 'a header that is not Name: value' '
	src "[source]" "type = prometheus" "url = http://127.0.0.1:9" \
		"header = X-Scope-OrgID" &&
	refused "7: header must be '\''Name: value'\''"
'
test_expect_success 'a selector without braces, a bad host label' '
	src "[source]" "type = prometheus" "url = http://127.0.0.1:9" \
		"selector = job=\"node\"" &&
	refused "7: selector must be label matchers in braces" &&
	src "[source]" "type = prometheus" "url = http://127.0.0.1:9" \
		"host_label = in-stance" &&
	refused "7: host_label '\''in-stance'\'' is not a label name"
'
test_expect_success 'a url on a sqlite source' '
	src "[source \"old\"]" "type = sqlite" "url = http://127.0.0.1:9" &&
	refused "6: url is for type = prometheus"
'
test_expect_success 'a section given twice, an unknown key' '
	src "[source \"a\"]" "type = sqlite" "[source \"a\"]" &&
	refused "6: section \[source \"a\"\] given twice \(first at line 4\)" &&
	src "[source]" "typ = sqlite" &&
	refused "5: unknown key '\''typ'\'' in \[source\]"
'
test_expect_success '--source names a section the file lacks: exit 2' '
	src "[source \"a\"]" "type = sqlite" &&
	test_expect_code 2 pw perfweek-report -c "$C" --source b --check-config &&
	test_like "$(cat "$SCRATCH/err")" "--source '\''b'\'': $C has no \[source \"b\"\]"
'
test_expect_success 'a good configuration: configuration OK' '
	chmod 600 "$SCRATCH/pw" &&
	src "[source]" "type = prometheus" "url = https://mimir.example/prometheus" \
		"user = u" "password_file = $SCRATCH/pw" "header = X-Scope-OrgID: team-a" \
		"step_s = 15" "timeout_s = 5" "selector = {job=\"node\",env=\"prod\"}" \
		"host_label = node" "query.load1 = node_load5{\$m}" \
		"[source \"local\"]" "type = sqlite" "database = $SCRATCH/other.db" &&
	pw perfweek-report -c "$C" --check-config >"$SCRATCH/out" &&
	test_is "$(cat "$SCRATCH/out")" "configuration OK: $C" &&
	pw perfweek-report -c "$C" --source local --check-config >"$SCRATCH/out"
'
test_expect_success 'a password_env that is not set: exit 2 at --check-config' '
	src "[source]" "type = prometheus" "url = http://127.0.0.1:9" "user = u" \
		"password_env = PW_TEST_UNSET_VAR" &&
	test_expect_code 2 pw perfweek-report -c "$C" --check-config &&
	test_like "$(cat "$SCRATCH/err")" "user '\''u'\'' has no password"
'
