#!/bin/sh
# cron/perfweek is a valid /etc/cron.d file: a name cron reads, no CR, a
# final newline, and every job line (and the commented variant lines
# "#<time fields> ...") has five time fields in range, the perfweek user
# and a perfweek program that is built and installed, called with options
# it accepts; the schedule the documentation promises is there.
. "$(dirname "$0")/lib.sh"
F=$SRC/cron/perfweek
set -f	# the * of cron fields must not expand

# A config under which every job's options are valid (--mail needs [mail]).
printf '[mail]\nurl = smtp://127.0.0.1:25\nfrom = perfweek@example.org\nto = ops@example.org\n' \
	> "$SCRATCH/c.conf"

test_expect_success 'a file name cron reads' '
	case $(basename "$F") in *.*) echo "cron ignores file names with dots"; false ;; esac
'
test_expect_success 'no carriage returns' '
	! grep -q "$(printf "\r")" "$F"
'
test_expect_success 'ends with a newline' '
	test -z "$(tail -c 1 "$F")"
'
# The programs the Makefile installs.
test_expect_success 'the Makefile'\''s installed programs' '
	installed=$(printf "print-programs:\n\t@echo \$(notdir \$(PROGRAMS))\n" |
		make -s --no-print-directory -C "$SRC" -f Makefile -f - print-programs B=bin 2>/dev/null) &&
	echo "installed: $installed" &&
	test_like "$installed" "perfweek-collect" &&
	test_set_prereq INSTALLED
'

# check_jobs: the job lines of cron/perfweek checked one by one; sets $jobs, $bad
# (what is wrong) and $schedule (each line's times, program and options).
check_jobs() {
	jobs=0
	bad=""
	schedule=""
	{ grep -v '^#' "$F"; grep '^#[0-9*]' "$F" | sed 's/^#//'; } > "$SCRATCH/lines" || return 1
	while read -r line; do
		case "$line" in ''|*=*) continue ;; esac
		jobs=$((jobs + 1))
		set -- $line
		[ $# -ge 7 ] || { bad="$bad [too few fields: $line]"; continue; }
		i=0
		for f in "$1" "$2" "$3" "$4" "$5"; do
			i=$((i + 1))
			echo "$f" | grep -Eq '^(\*|[0-9]+(-[0-9]+)?)(/[0-9]+)?(,(\*|[0-9]+(-[0-9]+)?)(/[0-9]+)?)*$' ||
				bad="$bad [field $i '$f']"
			for n in $(echo "$f" | tr -c '0-9' ' '); do
				case $i in
				1) max=59 ;; 2) max=23 ;; 3) max=31 ;; 4) max=12 ;; 5) max=7 ;;
				esac
				[ "$n" -le $max ] || bad="$bad [field $i '$f' out of range]"
			done
		done
		user=$6
		prog=$7
		schedule="$schedule$1 $2 $3 $4 $5 $prog ${8:-} ${9:-};"
		shift 7
		[ "$user" = perfweek ] || bad="$bad [user $user]"
		case " $installed " in *" $prog "*) ;; *)
			bad="$bad [$prog is not installed by make install]"; continue ;;
		esac
		[ -x "$BIN/$prog" ] || { bad="$bad [no program $prog]"; continue; }
		# The options are accepted: --check-config stops before doing anything.
		"$BIN/$prog" "$@" --check-config -c "$SCRATCH/c.conf" >/dev/null 2>&1 ||
			bad="$bad [$prog rejects: $*]"
	done < "$SCRATCH/lines"
}
test_expect_success INSTALLED 'cron/perfweek has at least 5 job lines (with the variant)' '
	check_jobs &&
	test_set_prereq JOBS &&
	echo "$jobs job lines" &&
	[ "$jobs" -ge 5 ]
'
test_expect_success JOBS 'every job line is valid' '
	test_is "$bad" ""
'
test_expect_success JOBS 'a snapshot every minute' '
	test_like "$schedule" "^\* \* \* \* \* perfweek-collect -q ;"
'
test_expect_success JOBS 'health checks every minute' '
	test_like "$schedule" "\* \* \* \* \* perfweek-probe -q ;"
'
test_expect_success JOBS 'maintenance daily' '
	test_like "$schedule" "[0-9]+ [0-9]+ \* \* \* perfweek-collect -q --maintain;"
'
test_expect_success JOBS 'the report mailed Mondays at 06:00' '
	test_like "$schedule" "0 6 \* \* 1 perfweek-report -q --mail;"
'
test_expect_success JOBS 'the alerts every five minutes' '
	test_like "$schedule" "\*/5 \* \* \* \* perfweek-alert -q ;"
'
test_expect_success JOBS 'the MAILTO variant documented' '
	test_like "$schedule" "0 6 \* \* 1 perfweek-report -q --stdout;"
'
