#!/bin/sh
# calls.sh DIR PART...: the calls between the parts' archives go one way.
#
# DIR holds libpwPART.a for each PART, which are named lower stage first
# (the Makefile's PARTS).  For every symbol an archive leaves undefined
# and another defines, the calling part must come after the defining one:
# collect -> store -> source -> aggregate -> model -> render -> deliver,
# never back.  Each call against that order is named, with the function,
# and the check fails.
dir=$1
shift
[ $# -gt 0 ] || { echo "usage: calls.sh DIR PART..." >&2; exit 2; }
command -v nm >/dev/null 2>&1 || {
	echo "calls.sh: nm not found: install binutils" >&2
	exit 2
}
defs=$(mktemp)
trap 'rm -f "$defs"' EXIT
rank=0
for p in "$@"; do
	a=$dir/libpw$p.a
	[ -f "$a" ] || { echo "calls.sh: $a missing: build it first" >&2; exit 2; }
	nm -g --defined-only "$a" 2>/dev/null |
		awk -v p="$p" -v r="$rank" 'NF == 3 && $2 ~ /^[TDBRVW]$/ { print $3, p, r }'
	rank=$((rank + 1))
done | sort -k1,1 >"$defs"
rank=0
bad=0
for p in "$@"; do
	out=$(nm -u "$dir/libpw$p.a" 2>/dev/null | awk '{ print $NF }' | sort -u |
		join - "$defs" |
		awk -v p="$p" -v r="$rank" '$2 != p && $3 > r {
			printf "%s calls %s of %s, a later stage\n", p, $1, $2 }')
	if [ -n "$out" ]; then
		echo "$out"
		bad=$((bad + $(echo "$out" | wc -l)))
	fi
	rank=$((rank + 1))
done
if [ "$bad" -gt 0 ]; then
	echo "calls: $bad calls against the stages (docs/internals.md, \"Rules\")"
	exit 1
fi
echo "calls: the $# parts call only parts before them"
