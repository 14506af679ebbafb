#!/bin/sh
# bench/demo.sh - how long "make demo" takes on a built tree: tests/demo.sh
# (the demo servers, the simulated week through the real collector and
# prober, the report as text, JSON and PDF), whole, as a user runs it.
#
#   sh bench/demo.sh [BINDIR]
#
# RUNS (default 3) runs, one after another; for each, GNU time's wall
# clock and CPU time (user and system, of the demo script and the programs
# it waited for), and the simulated week's own seconds as tests/simweek.py
# prints them.  Then the median.  The target is 60 s on the development
# machine (2 CPUs, shared: see docs/performance.md for what else ran).
#
# ANCHOR=1 also runs the demo as it was before it was made faster (commit
# ANCHOR_REV, default dd7a526: 5-minute probes in lock step with the
# collector, the database on the disk), once, between the runs above, from
# a scratch copy of that commit's tests/demo.sh, tests/simweek.py and
# tests/servers/ (so it needs the git history); it takes some 5 minutes.
# Both versions run as root: the filling filesystem is a tmpfs they mount.
set -eu
BIN=$(cd "${1:-bin}" && pwd)
RUNS=${RUNS:-3}
ANCHOR=${ANCHOR:-0}
ANCHOR_REV=${ANCHOR_REV:-dd7a526}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/perfweek-bench-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# one NAME DIR: run DIR's tests/demo.sh from DIR; print NAME, wall, CPU and
# the simulated week's seconds; append the wall time to $tmp/NAME.
one() {
	(cd "$2" && /usr/bin/time -f '%e %U %S' -o "$tmp/time" \
		sh tests/demo.sh "$BIN" >"$tmp/out" 2>&1) || {
		echo "bench/demo: tests/demo.sh ($1) failed:" >&2
		tail -n 20 "$tmp/out" >&2
		exit 1
	}
	read -r wall user sys <"$tmp/time"
	week=$(sed -n 's/^.* stored in .* in \([0-9.]*\) s (.*$/\1/p' "$tmp/out")
	echo "$wall" >>"$tmp/$1"
	awk -v n="$1" -v w="$wall" -v u="$user" -v s="$sys" -v k="${week:-?}" \
		'BEGIN { printf "%-8s %7.1f s wall  %6.1f s CPU (user %.1f, sys %.1f)  simulated week %s s\n", n, w, u + s, u, s, k }' 
}

median() {
	sort -n "$tmp/$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

echo "== make demo on a built tree ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
i=0
while [ "$i" -lt "$RUNS" ]; do
	one demo "$here"
	i=$((i + 1))
	if [ "$ANCHOR" = 1 ] && [ "$i" -eq 1 ]; then
		mkdir -p "$tmp/anchor/tests"
		(cd "$here" && git archive "$ANCHOR_REV" tests/demo.sh \
			tests/simweek.py tests/servers) | tar -C "$tmp/anchor" -xf -
		one before "$tmp/anchor"
	fi
done
printf 'median of %d: %s s (target 60 s)\n' "$RUNS" "$(median demo)"
[ "$ANCHOR" != 1 ] || printf 'before (%s), 1 run: %s s\n' "$ANCHOR_REV" "$(median before)"
