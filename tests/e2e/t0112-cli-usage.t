#!/bin/sh
# Command-line usage errors: one line that quotes what was typed, the
# "Try '... --help'" hint, exit 2, and nothing done.
. "$(dirname "$0")/lib.sh"

write_config
C="-c $SCRATCH/perfweek.conf"

# usage PROG EXPECTED-LINE DESCRIPTION ARGS...: exit 2, the line, the hint
# (two tests; the program runs in the first).
usage() {
	prog=$1 want="$1: $2
Try '$1 --help' for more information." desc=$3
	shift 3
	usage_args=$(for a in "$@"; do printf "'%s' " "$a"; done)
	test_expect_success "$desc: exit 2" '
		eval "test_expect_code 2 pw \$prog $usage_args" >/dev/null
	'
	test_expect_success "$desc: the message and the hint" '
		test_is "$(cat "$SCRATCH/err")" "$want"
	'
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
test_expect_success 'no usage error created the database' '
	test ! -e "$SCRATCH/perfweek.db"
'

# Every message quotes what the user typed.
test_expect_success '--count 1.5 is quoted as typed' '
	pw perfweek-collect $C --count 1.5; rc=$?
	test_is "$rc:$(cat "$SCRATCH/err")" "2:perfweek-collect: --count: '\''1.5'\'' is not a whole number from 1 to 1000000000"
'
test_expect_success '--count 1e3 is quoted as typed' '
	pw perfweek-collect $C --count 1e3 --interval 1; rc=$?
	test_is "$rc:$(cat "$SCRATCH/err")" "2:perfweek-collect: --count: '\''1e3'\'' is not a whole number from 1 to 1000000000"
'
test_expect_success '--interval soon is quoted as typed' '
	pw perfweek-collect $C --count 2 --interval soon; rc=$?
	test_is "$rc:$(cat "$SCRATCH/err")" "2:perfweek-collect: --interval: '\''soon'\'' is not a number from 0.01 to 86400"
'

# -c: a directory or a missing file is an error; only the default may be missing.
test_expect_success 'a directory to name with -c' '
	mkdir "$SCRATCH/confdir" && test_set_prereq CONFDIR
'
for p in perfweek-collect perfweek-report perfweek-probe; do
	test_expect_success CONFDIR "$p -c DIR --check-config: an error" '
		pw $p -c "$SCRATCH/confdir" --check-config; rc=$?
		test_is "$rc:$(cat "$SCRATCH/err")" "2:'\''-c $SCRATCH/confdir'\'': is a directory"
	'
	test_expect_success "$p -c MISSING --check-config: an error" '
		pw $p -c "$SCRATCH/nosuch.conf" --check-config; rc=$?
		test_is "$rc:$(cat "$SCRATCH/err")" "2:'\''-c $SCRATCH/nosuch.conf'\'': No such file or directory"
	'
done
test_expect_success CONFDIR 'a run with -c DIR stops with exit 2' '
	pw perfweek-collect -c "$SCRATCH/confdir" --db "$SCRATCH/dir.db"; rc=$?
	test_is "$rc:$(cat "$SCRATCH/err")" "2:perfweek-collect: '\''-c $SCRATCH/confdir'\'': is a directory"
'
test_expect_success CONFDIR 'and stores nothing' '
	test ! -e "$SCRATCH/dir.db"
'

