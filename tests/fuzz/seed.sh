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

# ServiceNow pages in the three value shapes and their Link headers, from
# the test server, then the bodies the client must refuse with a reason.
tmp=$(mktemp -d)
/usr/bin/python3 tests/servers/snow_server.py --port-file "$tmp/port" \
    --count 6 --page-max 3 >/dev/null 2>&1 &
pid=$!
while [ ! -s "$tmp/port" ]; do sleep 0.1; done
port=$(cat "$tmp/port")
base="http://127.0.0.1:$port/api/now/table/incident"
fields=sys_id,number,short_description,priority,state,opened_at
fields=$fields,resolved_at,assignment_group,assignment_group.name,cmdb_ci
for dv in false true all; do
	q="sysparm_display_value=$dv&sysparm_limit=2&sysparm_offset=2"
	curl -s -D "$tmp/head" -o "$tmp/body" "$base?$q&sysparm_fields=$fields"
	# the same seeds whatever port the server had
	sed "s/127\.0\.0\.1:$port/127.0.0.1:8443/g" "$tmp/body" >"$tmp/page"
	add fuzz_snow_page "$tmp/page"
	sed -n "s/^[Ll]ink: //; s/127\.0\.0\.1:$port/127.0.0.1:8443/gp" \
	    "$tmp/head" | tr -d '\r\n' >"$tmp/link"
	# the first byte is the size of the URL buffer less one
	{ printf '\377'; cat "$tmp/link"; } >"$tmp/seed"
	add fuzz_snow_link "$tmp/seed"
done
kill "$pid"
rm -rf "$tmp"
addtext fuzz_snow_page '{"result":[]}'
addtext fuzz_snow_page '{"result":[{"sys_id":"a1","number":"INC1"},{"sys_id":"a1"},{"sys_id":{"value":"b2","display_value":"b2"},"priority":{"value":"1","display_value":"1 - Critical"},"state":"On Hold","opened_at":"2026-02-29 25:00:00","assignment_group":{"link":"https://i/x","value":"g1"},"assignment_group.name":"Network","cmdb_ci":{"display_value":"db","value":"c1"}}]}'
addtext fuzz_snow_page '{"error":{"message":"Invalid table incdent","detail":null},"status":"failure"}'
addtext fuzz_snow_page '{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}'
addtext fuzz_snow_page '  <html><body>Log in</body></html>'
addtext fuzz_snow_page '{"result":[{"sys_id":"a1","short_desc'
addtext fuzz_snow_page '{"result":[1,{"sys_id":"x"}]}'
addtext fuzz_snow_page '{"result":[{"number":"INC2"}]}'
addtext fuzz_snow_link '\377<https://i/api?o=0>;rel="first",<https://i/api?o=10>;rel="next"'
addtext fuzz_snow_link '\377 <a>; rel=prev , <b> ; title="x, y"; rel="last next"'
addtext fuzz_snow_link '\007<0123456789>;rel=next'
addtext fuzz_snow_link '\377<a>;rel="next'
addtext fuzz_snow_link '\377<a>;REL=Next,<b>;rel=nextpage'

# health checks: "STATUS(2 bytes, less 100)EXPECT\0KEYWORD\0ABSENT\0DATE\0BODY".
addtext fuzz_probe_check '\001\054\0\0\0Mar 14 12:00:00 2027 GMT\0<html>ok</html>'
addtext fuzz_probe_check '\001\221200 301-399 5xx\0"status":"UP"\0ERROR\0002027-03-14 12:00:00 GMT\0{"status":"UP"}'
addtext fuzz_probe_check '\001\370404,410\0\0maintenance\0002027-03-14 12:00:00\0down for maintenance'
addtext fuzz_probe_check '\000\000100-599 1xx 2xx 3xx 4xx 5xx 100 200 300 400 500 599 101 102 103 104\0x\0\0 Feb 29 00:00:00 2028 GMT \0'

# mime: a header, a whole message (its parts are libcurl's to encode).
addtext fuzz_mime '\002\000perfweek: web-01, Woche 47 — Übersicht für Müller'
addtext fuzz_mime '\002\001Jörg Ärger <reports@example.org>'
addtext fuzz_mime '\002\003a rather long plain ASCII subject that goes on and on past the seventy-eighth column for sure'
addtext fuzz_mime '\003Perfweek <p@example.org>\0ops@example.org\0Wöchentlicher Bericht\0id.1@host\0Bericht-47.pdf\0Text line\r\n=3D line two \n\0%%PDF-1.4 binary \377'
addtext fuzz_mime '\003Überwachung <p@example.org>\0\0perfweek web-ü1 2026-W46: OK\0perfweek.0123456789abcdef.1794808800@example.org\0perfweek-web-ü1-2026-W46.json\0line\nline\r\n\r\0{"a": 1}'

# config: health checks in full (the example keeps its section commented),
# a repeated section, and a check without a url.
addtext fuzz_config '[probe]\ntimeout_s = 10\nslo_pct = 99.9\nmax_redirects = 5\nuser_agent = pw\n[health "web"]\nurl = https://www.example.org/health\nexpect = 200 301-399 2xx\nkeyword = "status":"UP"\nkeyword_absent = maintenance\ntimeout_s = 5\nmethod = POST\nheader = X-Probe: 1\nheader = Accept: application/json\nbody = {}\nca_file = /etc/ssl/certs/ca.pem\ninsecure = no\nmax_redirects = 0\nslo_pct = 99.5\n[health "api-2.x_y"]\nurl = http://127.0.0.1:8080/\nmethod = HEAD\n'
addtext fuzz_config '[health "a"]\nurl = http://x/\n[general]\n[health "a"]\nurl = http://y/\n'
addtext fuzz_config '[health "a"]\nkeyword = x\n'
addtext fuzz_config '[servicenow]\ninstance = https://acme.service-now.com\nauth = oauth\ntoken_file = /etc/perfweek/snow.token\nquery = active=true^ORDERBYpriority\ndisplay_value = all\npage_size = 500\n[mail]\nurl = smtps://mail.example.org\nfrom = Perfweek <p@example.org>\nto = ops@example.org, b@example.org\nstarttls = no\nattach_json = yes\n'
