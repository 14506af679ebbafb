#!/bin/sh
# sizes.sh - the size rules of docs/internals.md: no C file over 500 lines,
# no function over 60 lines.  "make lint" runs it from the top directory.
#
# It checks every tracked .c and .h file of common/, collector/, reporter/,
# probe/, lib/, tests/unit/ and tests/fuzz/ (or the files named as
# arguments), names each file and each function over its limit, and fails
# when there is one.  A function is what universal-ctags calls one (kind f),
# from the line of its name to its closing brace.  Declared tables (static
# const arrays of data) are variables to ctags: they count for their file's
# length only.  So that no function escapes unmeasured, every brace in the
# first column (a function body's, in our style) must lie inside a function
# ctags found, or the check fails naming its line.
set -eu

FILE_MAX=500
FUNC_MAX=60
DIRS="common collector reporter probe lib tests/unit tests/fuzz"

if ! command -v ctags >/dev/null 2>&1 ||
    ! ctags --version 2>/dev/null | grep -q 'Universal Ctags'; then
	echo "sizes: universal-ctags is not installed; install it" \
	    "(Debian: apt-get install universal-ctags, or make deps)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ $# -gt 0 ]; then
	printf '%s\n' "$@" >"$tmp/list"
else
	cd "$(dirname "$0")/../.."
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		# shellcheck disable=SC2086
		git ls-files -- $DIRS | grep '\.[ch]$' >"$tmp/all" || true
	else
		for d in $DIRS; do
			[ ! -d "$d" ] || find "$d" -type f -name '*.[ch]'
		done | sort >"$tmp/all"
	fi
	# A tracked file deleted in the work tree is not there to check.
	while read -r f; do
		[ ! -f "$f" ] || printf '%s\n' "$f"
	done <"$tmp/all" >"$tmp/list"
fi
if [ ! -s "$tmp/list" ]; then
	echo "sizes: no C files to check" >&2
	exit 1
fi
while read -r f; do
	if [ ! -f "$f" ]; then
		echo "sizes: '$f': no such file" >&2
		exit 1
	fi
done <"$tmp/list"

# Headers are C here, not C++ (ctags' default for .h).
if ! ctags -x --language-force=C --c-kinds=f \
    --_xformat='%F %n %e %N' -L "$tmp/list" >"$tmp/tags"; then
	echo "sizes: ctags failed" >&2
	exit 1
fi

# The tags first, then each file of the list, read line by line.
awk -v fmax="$FILE_MAX" -v max="$FUNC_MAX" '
	FILENAME != ARGV[1] {
		f = $0
		n = 0
		while ((getline line <f) > 0) {
			n++
			if (line !~ /^\{/ || inside(f, n))
				continue
			printf "%s\t%d\t%s:%d: a brace in column 1 outside" \
			    " the functions ctags found\n", f, n, f, n
		}
		close(f)
		if (n > fmax)
			printf "%s\t0\t%s: %d lines, the limit is %d\n",
			    f, f, n, fmax
		next
	}
	$3 !~ /^[0-9]+$/ {
		printf "%s\t%d\t%s:%s: %s: ctags found no end\n",
		    $1, $2, $1, $2, $4
		next
	}
	{
		k = ++nfunc[$1]
		start[$1, k] = $2
		end[$1, k] = $3
		if ($3 - $2 + 1 > max)
			printf "%s\t%d\t%s:%s: %s is %d lines, the limit is %d\n",
			    $1, $2, $1, $2, $4, $3 - $2 + 1, max
	}
	function inside(f, n,    i) {
		for (i = 1; i <= nfunc[f]; i++)
			if (start[f, i] < n && n <= end[f, i])
				return 1
		return 0
	}' "$tmp/tags" "$tmp/list" >"$tmp/out"

# By file, its length first, then by line.
sort -t "$(printf '\t')" -k1,1 -k2,2n "$tmp/out" | cut -f 3-
bad=$(wc -l <"$tmp/out")
files=$(wc -l <"$tmp/list")
if [ "$bad" -gt 0 ]; then
	echo "sizes: $bad findings in $files files (the limits: a file" \
	    "$FILE_MAX lines, a function $FUNC_MAX)"
	exit 1
fi
echo "sizes: $files files, none over $FILE_MAX lines," \
    "no function over $FUNC_MAX lines"
