#!/bin/sh
# seed.sh - (re)make the seed corpora of the fuzz targets from the test
# fixtures, into tests/fuzz/corpus/TARGET/, one file per distinct input
# named by its SHA-1 as libFuzzer names them.  Run from the source root
# when fixtures are added; the result is checked in, next to the inputs
# that once crashed a target (which this never removes).
set -eu

corpus=tests/fuzz/corpus

# add TARGET FILE...: copy each file in as a seed.
add() {
	t=$1
	shift
	mkdir -p "$corpus/$t"
	for f in "$@"; do
		[ -f "$f" ] || continue
		h=$(sha1sum <"$f" | cut -d' ' -f1)
		cp "$f" "$corpus/$t/$h"
	done
}

# addtext TARGET TEXT: a seed given as printf(1) format.
addtext() {
	tmp=$(mktemp)
	# shellcheck disable=SC2059
	printf "$2" >"$tmp"
	add "$1" "$tmp"
	rm -f "$tmp"
}

for f in stat uptime loadavg meminfo vmstat; do
	# shellcheck disable=SC2046
	add "fuzz_proc_$f" $(find tests/fixtures -path "*/proc/$f" -type f)
done
# shellcheck disable=SC2046
add fuzz_proc_snmp $(find tests/fixtures -path '*/proc/net/snmp' -type f)
# shellcheck disable=SC2046
add fuzz_proc_diskstats $(find tests/fixtures -path '*/proc/diskstats' \
    -type f) tests/fixtures/bad-disk-net/disk-*
# shellcheck disable=SC2046
add fuzz_proc_netdev $(find tests/fixtures -path '*/proc/net/dev' -type f) \
    tests/fixtures/bad-disk-net/net-*
# shellcheck disable=SC2046
add fuzz_mounts $(find tests/fixtures/mounts -type f) $(find tests/fixtures \
    -path '*/proc/self/mounts' -type f)

# pressure: "cpu\0memory\0io" of every root that has pressure files.
for d in $(find tests/fixtures -type d -name pressure); do
	tmp=$(mktemp)
	for r in cpu memory io; do
		[ -f "$d/$r" ] && cat "$d/$r" >>"$tmp"
		[ "$r" = io ] || printf '\0' >>"$tmp"
	done
	add fuzz_proc_pressure "$tmp"
	rm -f "$tmp"
done

# config: the annotated example as shipped and with every key set.
add fuzz_config docs/perfweek.conf
tmp=$(mktemp)
sed 's/^#\([a-z_]* *=\)/\1/' docs/perfweek.conf >"$tmp"
add fuzz_config "$tmp"
rm -f "$tmp"
addtext fuzz_config \
    '[general]\nhost = h\n[findings]\ncpu_busy = 80 95 15\nsteal = off\n'

# templates: every case of the specification, "template\0data\0partials".
python3 - "$corpus/fuzz_tmpl" tests/fixtures/mustache-spec/*.json <<'PY'
import hashlib, json, os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for path in sys.argv[2:]:
    for t in json.load(open(path))["tests"]:
        b = (t["template"].encode() + b"\0" +
             json.dumps(t["data"]).encode() + b"\0" +
             json.dumps(t.get("partials", {})).encode())
        open(os.path.join(out, hashlib.sha1(b).hexdigest()), "wb").write(b)
PY
add fuzz_tmpl templates/report.txt.mustache

addtext fuzz_appmetric 'queue_depth 12\nlatency_ms 3.5\n# comment\n\n'
addtext fuzz_appmetric 'a.b-c_d -1e3\r\nx 0x10\n'
addtext fuzz_appmetric 'orders_total=42'

addtext fuzz_period '\0002026-W47\n2026-11-01\n2026-11-08'
addtext fuzz_period '\0012020-W53\n2026-03-29 01:30\n2026-03-29 03:30'
addtext fuzz_period '\0022026-W01\n2026-10-31\n2026-11-02T12:00'
addtext fuzz_period '\0031970-W01\n1970-01-01\n9999-12-31'

# diskstats with the scratch tree's disks and a dm name after the NUL.
d='   8       0 sda 10 0 80 5 20 0 160 9 0 12 14\n'
d="$d"' 259       0 nvme0n1 1 2 3 4 5 6 7 8 0 10 11 12 13 14 15 16 17\n'
d="$d"' 253       0 dm-0 5 0 40 1 5 0 40 1 0 2 2 0 0 0 0\n'
d="$d"' 104       0 cciss/c0d0 1 0 8 1 0 0 0 0 0 1 1\n'
addtext fuzz_proc_diskstats "$d"'\0vg0-root\n'

# period with a zone line: a valid name, then ones the checks must refuse.
addtext fuzz_period '\0002026-W13\n2026-03-28\n2026-03-30\nEurope/Dublin'
addtext fuzz_period '\0002026-W13\n2026-03-28\n2026-03-30\n../../../etc/passwd'
addtext fuzz_period '\0002026-W13\n2026-03-28\n2026-03-30\nright/UTC'
