#!/bin/sh
# Command-line usage errors: one line that quotes what was typed, the
# "Try '... --help'" hint, exit 2, and nothing done.
. "$(dirname "$0")/lib.sh"

write_config
C="-c $SCRATCH/perfweek.conf"

# usage PROG EXPECTED-LINE DESCRIPTION ARGS...: exit 2, the line, the hint.
usage() {
	prog=$1 want=$2 desc=$3
	shift 3
	pw $prog "$@" >/dev/null; rc=$?
	is "$rc" 2 "$desc: exit 2"
	is "$(cat "$SCRATCH/err")" "$prog: $want
Try '$prog --help' for more information." "$desc: the message and the hint"
}

usage perfweek-report "--week '2026-W46' and --last-week exclude each other" \
	"--week with --last-week" $C --week 2026-W46 --last-week
usage perfweek-report "--week '2026-W46' and --last-week exclude each other" \
	"--last-week with --week" $C --last-week --week 2026-W46
usage perfweek-report "--last-week and --from/--to exclude each other" \
	"--last-week with --from/--to" $C --last-week --from 2026-11-09 --to 2026-11-16
usage perfweek-report "--week and --from/--to exclude each other" \
	"--week with --from/--to" $C --week 2026-W46 --from 2026-11-09 --to 2026-11-16
usage perfweek-report "--from and --to go together" "--from alone" $C --from 2026-11-09
usage perfweek-report "--format: '' names no format (text, json, pdf)" "--format ''" $C --format ''
usage perfweek-report "--format: ', ' names no format (text, json, pdf)" "--format ', '" $C --format ', '
usage perfweek-report "--host: '' is not a host name" "--host ''" $C --host ''
usage perfweek-report "unexpected argument 'extra'" "a stray argument" $C extra
usage perfweek-probe "unexpected argument 'extra'" "a stray probe argument" $C extra

usage perfweek-collect "--maintain and --count '2' exclude each other" \
	"--maintain with --count" $C --maintain --count 2
usage perfweek-collect "--maintain and --interval '60' exclude each other" \
	"--maintain with --interval" $C --interval 60 --maintain
usage perfweek-collect "--count '3' needs --interval" "--count without --interval" $C --count 3
[ ! -e "$SCRATCH/perfweek.db" ]; ok $? "no usage error created the database"

# Every message quotes what the user typed.
pw perfweek-collect $C --count 1.5; rc=$?
is "$rc:$(cat "$SCRATCH/err")" "2:perfweek-collect: --count: '1.5' is not a whole number from 1 to 1000000000" \
	"--count 1.5 is quoted as typed"
pw perfweek-collect $C --count 1e3 --interval 1; rc=$?
is "$rc:$(cat "$SCRATCH/err")" "2:perfweek-collect: --count: '1e3' is not a whole number from 1 to 1000000000" \
	"--count 1e3 is quoted as typed"
pw perfweek-collect $C --count 2 --interval soon; rc=$?
is "$rc:$(cat "$SCRATCH/err")" "2:perfweek-collect: --interval: 'soon' is not a number from 0.01 to 86400" \
	"--interval soon is quoted as typed"

# -c: a directory or a missing file is an error; only the default may be missing.
mkdir "$SCRATCH/confdir"
for p in perfweek-collect perfweek-report perfweek-probe; do
	pw $p -c "$SCRATCH/confdir" --check-config; rc=$?
	is "$rc:$(cat "$SCRATCH/err")" "2:'-c $SCRATCH/confdir': is a directory" "$p -c DIR --check-config: an error"
	pw $p -c "$SCRATCH/nosuch.conf" --check-config; rc=$?
	is "$rc:$(cat "$SCRATCH/err")" "2:'-c $SCRATCH/nosuch.conf': No such file or directory" "$p -c MISSING --check-config: an error"
done
pw perfweek-collect -c "$SCRATCH/confdir" --db "$SCRATCH/dir.db"; rc=$?
is "$rc:$(cat "$SCRATCH/err")" "2:perfweek-collect: '-c $SCRATCH/confdir': is a directory" \
	"a run with -c DIR stops with exit 2"
[ ! -e "$SCRATCH/dir.db" ]; ok $? "and stores nothing"
