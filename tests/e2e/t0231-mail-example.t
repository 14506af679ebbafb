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
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || skip_all "libfaketime is not installed"
mkdir -p "$SCRATCH/ns" "$SCRATCH/state"
ns_usable "$SCRATCH/ns" || skip_all "not root, or no private mount namespace (unshare -m)"
export TZ=UTC
unset PERFWEEK_SMTP_PASSWORD

cp "$SRC/docs/perfweek.conf" "$SCRATCH/example.conf"
cmp -s "$SRC/docs/perfweek.conf" "$SCRATCH/example.conf"; ok $? "the example configuration, copied unchanged"
# A snapshot in 2026-W46, the week before the Monday the job runs on.
for t in "2026-11-10 10:00:00:rates-a" "2026-11-10 10:01:00:rates-b"; do
	FAKETIME="@${t%:*}" LD_PRELOAD="$FT" "$BIN/perfweek-collect" \
		-c "$SCRATCH/example.conf" --db "$SCRATCH/perfweek.db" \
		--proc-root "$TREES/${t##*:}/proc" --sys-root "$TREES/${t##*:}/sys" || break
done
ok $? "two snapshots of this host in 2026-W46 in a scratch database"

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
unshare -m sh "$SCRATCH/inner.sh" "$SRC" "$SCRATCH" "$FT" "$BIN"
ok $? "the job ran in a private mount namespace"
is "$(cat "$SCRATCH/rc")" 3 "perfweek-report -q --mail without [mail]: exit 3 (something missing), not 2"
host=$(uname -n)
is "$(cd "$SCRATCH/state/reports" 2>/dev/null && ls)" "perfweek-$host-2026-W46.json
perfweek-$host-2026-W46.pdf
perfweek-$host-2026-W46.txt" "the report files are written to /var/lib/perfweek/reports"
is "$(cat "$SCRATCH/out")" "" "nothing on standard output"
is "$(cat "$SCRATCH/err")" "perfweek-report: mail not sent: --mail needs a [mail] section with url, from and to" \
	"one line says why nothing was mailed"
is "$(sqlite3 -batch -noheader "$SCRATCH/perfweek.db" 'SELECT period_label, exit_code FROM report_run')" "2026-W46|3" \
	"the run is recorded with exit status 3"

# An unusable [mail] (a url that is not SMTP): the same, with its reason.
cp "$SCRATCH/example.conf" "$SCRATCH/bad.conf"
printf '[mail]\nurl = http://mail.example.org\nfrom = perfweek@example.org\nto = ops@example.org\n' >"$SCRATCH/mail.part"
sed -i "/^\[mail\]\$/{r $SCRATCH/mail.part
d}" "$SCRATCH/bad.conf"
rm -rf "$SCRATCH/out.bad"
FAKETIME="@2026-11-17 06:00:00" LD_PRELOAD="$FT" pw perfweek-report -c "$SCRATCH/bad.conf" \
	--db "$SCRATCH/perfweek.db" -q --mail --out "$SCRATCH/out.bad"
is "$?" 3 "a [mail] url that is not smtp://: exit 3"
is "$(cat "$SCRATCH/err")" "perfweek-report: mail not sent: [mail] url must be smtp://HOST[:PORT] or smtps://HOST[:PORT] for --mail, not 'http://mail.example.org'" \
	"one line says why"
is "$(ls "$SCRATCH/out.bad" | wc -l)" 3 "and the three files are written"
pw perfweek-report -c "$SCRATCH/bad.conf" --mail --check-config
is "$?:$(cat "$SCRATCH/err")" "2:$SCRATCH/bad.conf:$(grep -n '^url = http' "$SCRATCH/bad.conf" | cut -d: -f1): [mail] url must be smtp://HOST[:PORT] or smtps://HOST[:PORT] for --mail, not 'http://mail.example.org'" \
	"--check-config --mail: still a configuration error, exit 2, naming the line"
pw perfweek-report -c "$SCRATCH/example.conf" --mail --check-config
is "$?:$(cat "$SCRATCH/err")" "2:$SCRATCH/example.conf:$(grep -n '^\[mail\]$' "$SCRATCH/example.conf" | cut -d: -f1): --mail needs a [mail] section with url, from and to" \
	"--check-config --mail with the example unchanged: exit 2, at the [mail] header"
