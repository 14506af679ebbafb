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

case $(basename "$F") in *.*) ok 1 "cron ignores file names with dots" ;; *) ok 0 "a file name cron reads" ;; esac
! grep -q "$(printf '\r')" "$F"; ok $? "no carriage returns"
[ -z "$(tail -c 1 "$F")" ]; ok $? "ends with a newline"
# The programs the Makefile installs.
installed=$(make -s --no-print-directory -C "$SRC" -f Makefile -f - print-programs B=bin <<'MK' 2>/dev/null
print-programs:
	@echo $(notdir $(PROGRAMS))
MK
)
like "$installed" "perfweek-collect" "the Makefile's installed programs ($installed)"

jobs=0
bad=""
schedule=""
{ grep -v '^#' "$F"; grep '^#[0-9*]' "$F" | sed 's/^#//'; } > "$SCRATCH/lines"
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
[ "$jobs" -ge 5 ]; ok $? "cron/perfweek has $jobs job lines (with the variant)"
is "$bad" "" "every job line is valid"
like "$schedule" "^\* \* \* \* \* perfweek-collect -q ;" "a snapshot every minute"
like "$schedule" "\* \* \* \* \* perfweek-probe -q ;" "health checks every minute"
like "$schedule" "[0-9]+ [0-9]+ \* \* \* perfweek-collect -q --maintain;" "maintenance daily"
like "$schedule" "0 6 \* \* 1 perfweek-report -q --mail;" "the report mailed Mondays at 06:00"
like "$schedule" "0 6 \* \* 1 perfweek-report -q --stdout;" "the MAILTO variant documented"
