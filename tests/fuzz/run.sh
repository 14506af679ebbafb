#!/bin/sh
# run.sh - run libFuzzer targets built by "make fuzz" or "make check-fuzz".
#
#   sh tests/fuzz/run.sh BINDIR SECONDS RUNS TARGET...
#
# Each target runs for at most SECONDS seconds and, when RUNS is not 0, at
# most RUNS inputs, over its checked-in corpus tests/fuzz/corpus/TARGET
# (read only) and its dictionary tests/fuzz/TARGET.dict when there is one.
# New inputs go to build/fuzz/corpus/TARGET, crash inputs to
# build/fuzz/crashes/.  The first target that crashes, leaks, hangs or
# fails a check stops the run with status 1, naming the input to keep.
set -eu

bindir=$1 seconds=$2 runs=$3
shift 3
work=build/fuzz
mkdir -p "$work/crashes"
for t in "$@"; do
	seeds=tests/fuzz/corpus/$t
	out=$work/corpus/$t
	mkdir -p "$out" "$seeds"
	set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
	    -close_fd_mask=2 -print_final_stats=1 \
	    -artifact_prefix="$work/crashes/$t-"
	[ "$runs" != 0 ] && set -- "$@" -runs="$runs"
	[ -f "tests/fuzz/$t.dict" ] && set -- "$@" -dict="tests/fuzz/$t.dict"
	printf 'fuzz: %s (%s s)\n' "$t" "$seconds"
	if ! "$bindir/$t" "$@" "$out" "$seeds" >"$work/$t.log" 2>&1; then
		cat "$work/$t.log" >&2
		echo "fuzz: $t failed; the input is in $work/crashes/;" \
		    "fix it and keep the input in $seeds" >&2
		exit 1
	fi
	grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' \
	    "$work/$t.log" | sed "s/^/fuzz: $t: /"
done
