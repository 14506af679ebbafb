#!/bin/sh
# check-includes.sh PART FILE NAME=DIR...
#
# Fails when FILE, of part PART, includes (#include "...") a header that
# is neither in FILE's own directory nor in the directory of one of the
# parts named after it: PART itself and the parts it uses (the Makefile's
# PART_USES).  A header of the part's own directory is checked in turn,
# since what it includes, FILE includes.  A relative path ("../x.h") is
# refused: it would reach past the rule.  Headers found in no part are
# left to the compiler (generated ones, a missing one).
#
# The Makefile runs this before every compile of a part's file, so that a
# renderer including the ServiceNow client's private header fails the
# build, although the include path of its part reaches that directory
# through the model's headers.
part=$1
file=$2
shift 2
allowed=$*
parts_dirs="common common/net lib/tmpl collector probe reporter"

# owner HEADER: the part directory that holds HEADER, or nothing.
owner() {
	for d in $(find $parts_dirs -type d 2>/dev/null); do
		if [ -f "$d/$1" ]; then
			echo "$d"
			return
		fi
	done
}

# check FILE: one line of complaint for each include FILE may not use.
check() {
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$1" |
	sed 's/^\([0-9]*\):.*"\([^"]*\)".*/\1 \2/' |
	while read -r line hdr; do
		case $hdr in
		*/*)
			echo "$1:$line: includes \"$hdr\": a part's headers are named without a directory"
			continue ;;
		esac
		[ -f "$(dirname "$1")/$hdr" ] && {
			[ "$(dirname "$1")" = "$(dirname "$file")" ] &&
			    [ "$1" != "$(dirname "$1")/$hdr" ] &&
			    case " $seen " in *" $hdr "*) false ;; *) true ;; esac &&
			    { seen="$seen $hdr"; check "$(dirname "$1")/$hdr"; }
			continue
		}
		dir=$(owner "$hdr")
		[ -n "$dir" ] || continue
		ok=
		for a in $allowed; do
			[ "${a#*=}" = "$dir" ] && ok=1
		done
		[ -n "$ok" ] ||
			echo "$1:$line: includes \"$hdr\" of $dir/, which part $part may not use (${part}_USES in the Makefile)"
	done
}

seen=
out=$(check "$file")
if [ -n "$out" ]; then
	echo "$out" >&2
	exit 1
fi
