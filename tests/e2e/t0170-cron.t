#!/bin/sh
# cron/perfweek is a valid /etc/cron.d file: every job line has five time
# fields in range, a user, and a perfweek program that is built, and its
# options are ones the program accepts.
. "$(dirname "$0")/lib.sh"
F=$SRC/cron/perfweek
jobs=0
set -f	# the * of cron fields must not expand
bad=""
while read -r line; do
	case "$line" in ''|'#'*|*=*) continue ;; esac
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
	shift 7
	[ "$user" = perfweek ] || bad="$bad [user $user]"
	[ -x "$BIN/$prog" ] || { bad="$bad [no program $prog]"; continue; }
	# The options are accepted: --check-config stops before doing anything.
	"$BIN/$prog" "$@" --check-config -c /dev/null >/dev/null 2>&1 ||
		bad="$bad [$prog rejects: $*]"
done < "$F"
[ "$jobs" -ge 3 ]; ok $? "cron/perfweek has $jobs jobs"
is "$bad" "" "every job line is valid"
