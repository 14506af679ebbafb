#!/bin/sh
# tap.sh LABEL [PROVE-OPTION...] SCRIPT: one TAP script through prove(1),
# as one job of make check (Makefile, "make check").  When it passes,
# one line: LABEL, the script, prove's verdict, its tests, its seconds
# and its CPU time; when it fails, prove's whole verbose output, each line after LABEL, so
# that the lines of a run in make check's log say which run they are of.
# The exit status is prove's.
label=$1
shift
out=$(${PROVE:-prove} -v "$@" 2>&1)
rc=$?
# the CPU time of the script and all it ran (user and system), from the
# shell's "times" (run in this shell, not a subshell): its second line is
# the children's
tf=$(mktemp) || exit 1
times >"$tf"
cpu=$(awk 'NR == 2 {
	for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] }
	printf "%.1f", s }' "$tf")
rm -f "$tf"
if [ "$rc" -eq 0 ]; then
	printf '%s\n' "$out" | awk -v l="$label" -v cpu="$cpu" '
		name == "" && /^[^ ]+ \.\./ {	# prove names the script (stderr may come first)
			name = $1; sub(/.*\//, "", name); sub(/\.t$/, "", name)
		}
		/ skipped: / { sub(/.* skipped: /, ""); v = "skipped: " $0 }
		/^Files=/ { n = $2; s = $3; sub(/,$/, "", n); sub(/,$/, "", s) }
		END {
			sub(/^Tests=/, "", n)
			printf "%s %s: %s\n", l, name, v != "" ? v : \
			    "ok, " n " tests, " s " s, " cpu " s of CPU"
		}'
else
	printf '%s\n' "$out" | sed "s|^|$label: |"
fi
exit "$rc"
