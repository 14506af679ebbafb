#!/bin/sh
# The Monday cron line (cron/perfweek: "perfweek-report -q --mail") under
# the example configuration copied unchanged: it has no [mail] section, so
# nothing can be mailed, but the report files must still be written to
# [report] output_dir (its default, /var/lib/perfweek/reports), one line
# must say why nothing was mailed, and the exit status is 3.
#
# The only override is --db, to a scratch database holding a snapshot of
# last week (-c only names where the unchanged copy is).  So that the
# default output_dir is really /var/lib/perfweek/reports without a change
# to this host, the report runs in a private mount namespace where
# /var/lib/perfweek is a scratch directory (lib-ns.sh; root and unshare(1)
# needed, skipped otherwise).
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/e2e/lib-ns.sh"
# /etc/perfweek and /var/lib/perfweek absent on the host (t0270 installs the
# package with the lock held exclusive).
test_host_lock shared
mkdir -p "$SCRATCH/ns" "$SCRATCH/state"
ns_usable "$SCRATCH/ns" && test_set_prereq NS
export TZ=UTC
unset PERFWEEK_SMTP_PASSWORD

test_expect_success 'the example configuration, copied unchanged' '
	cp "$SRC/docs/perfweek.conf" "$SCRATCH/example.conf" &&
	cmp "$SRC/docs/perfweek.conf" "$SCRATCH/example.conf" &&
	test_set_prereq EXAMPLE
'
# A snapshot in 2026-W46, the week before the Monday the job runs on.
test_expect_success EXAMPLE,FAKETIME 'two snapshots of this host in 2026-W46 in a scratch database' '
	collect_at "2026-11-10 10:00:00" rates-a -c "$SCRATCH/example.conf" --db "$SCRATCH/perfweek.db" &&
	collect_at "2026-11-10 10:01:00" rates-b -c "$SCRATCH/example.conf" --db "$SCRATCH/perfweek.db" &&
	test_set_prereq SNAPSHOTS
'

# The cron job at Monday 06:00, 2026-11-17: last week's report, mailed.
cat >"$SCRATCH/inner.sh" <<'INNER'
set -u
. "$1/tests/e2e/lib-ns.sh"
mount -t tmpfs tmpfs "$2/ns" || exit 1
ns_replica "$2/ns" /var/lib perfweek "$2/state" || exit 1
FAKETIME="@2026-11-17 06:00:00" LD_PRELOAD="$3" "$4/perfweek-report" \
	-c "$2/example.conf" --db "$2/perfweek.db" -q --mail \
	>"$2/out" 2>"$2/err"
echo $? >"$2/rc"
INNER
test_expect_success NS,SNAPSHOTS 'the job ran in a private mount namespace' '
	unshare -m sh "$SCRATCH/inner.sh" "$SRC" "$SCRATCH" "$FT" "$BIN" &&
	test_set_prereq JOB
'
test_expect_success JOB 'perfweek-report -q --mail without [mail]: exit 3 (something missing), not 2' '
	test_is "$(cat "$SCRATCH/rc")" 3
'
host=$(uname -n)
test_expect_success JOB 'the report files are written to /var/lib/perfweek/reports' '
	test_is "$(cd "$SCRATCH/state/reports" 2>/dev/null && ls)" "perfweek-$host-2026-W46.json
perfweek-$host-2026-W46.pdf
perfweek-$host-2026-W46.txt"
'
test_expect_success JOB 'nothing on standard output' '
	test_is "$(cat "$SCRATCH/out")" ""
'
test_expect_success JOB 'one line says why nothing was mailed' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: mail not sent: --mail needs a [mail] section with url, from and to"
'
test_expect_success JOB 'the run is recorded with exit status 3' '
	test_is "$(sqlite3 -batch -noheader "$SCRATCH/perfweek.db" "SELECT period_label, exit_code FROM report_run")" "2026-W46|3"
'

# An unusable [mail] (a url that is not SMTP): the same, with its reason.
test_expect_success EXAMPLE 'the example with a [mail] url that is not SMTP' '
	cp "$SCRATCH/example.conf" "$SCRATCH/bad.conf" &&
	printf "[mail]\nurl = http://mail.example.org\nfrom = perfweek@example.org\nto = ops@example.org\n" >"$SCRATCH/mail.part" &&
	sed -i "/^\[mail\]\$/{r $SCRATCH/mail.part
d}" "$SCRATCH/bad.conf" &&
	grep -q "^url = http://mail.example.org$" "$SCRATCH/bad.conf" &&
	test_set_prereq BAD
'
test_expect_success BAD,SNAPSHOTS 'a [mail] url that is not smtp://: exit 3' '
	rm -rf "$SCRATCH/out.bad" &&
	FAKETIME="@2026-11-17 06:00:00" LD_PRELOAD="$FT" test_expect_code 3 pw perfweek-report -c "$SCRATCH/bad.conf" \
		--db "$SCRATCH/perfweek.db" -q --mail --out "$SCRATCH/out.bad"
'
test_expect_success BAD,SNAPSHOTS 'one line says why' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-report: mail not sent: [mail] url must be smtp://HOST[:PORT] or smtps://HOST[:PORT] for --mail, not '\''http://mail.example.org'\''"
'
test_expect_success BAD,SNAPSHOTS 'and the three files are written' '
	test_is "$(ls "$SCRATCH/out.bad" | wc -l)" 3
'
test_expect_success BAD '--check-config --mail: still a configuration error, exit 2, naming the line' '
	pw perfweek-report -c "$SCRATCH/bad.conf" --mail --check-config
	test_is "$?:$(cat "$SCRATCH/err")" "2:$SCRATCH/bad.conf:$(grep -n "^url = http" "$SCRATCH/bad.conf" | cut -d: -f1): [mail] url must be smtp://HOST[:PORT] or smtps://HOST[:PORT] for --mail, not '\''http://mail.example.org'\''"
'
test_expect_success EXAMPLE '--check-config --mail with the example unchanged: exit 2, at the [mail] header' '
	pw perfweek-report -c "$SCRATCH/example.conf" --mail --check-config
	test_is "$?:$(cat "$SCRATCH/err")" "2:$SCRATCH/example.conf:$(grep -n "^\[mail\]$" "$SCRATCH/example.conf" | cut -d: -f1): --mail needs a [mail] section with url, from and to"
'
