#!/bin/sh
# The PDF report in any script: a host name in Greek, mount paths in
# Chinese and Japanese, health check names in Hebrew and with emoji, an
# incident description in Arabic with a host name in it (the local
# ServiceNow server).  pdftotext gives every string back in its stored
# (logical) order, with no U+FFFD where an installed font has the
# characters; Arabic is drawn in presentation forms (the ToUnicode map
# sends them back); the CJK fallback font is embedded as a subset, and
# only in the report that has CJK text; an emoji comes from Symbola; a
# character no installed font has is a "[U+1FAE8]" placeholder and the
# notes name the package to install;
# qpdf --check passes and pdftotext and pdffonts print no warning.
. "$(dirname "$0")/lib.sh"
tools=yes
for t in qpdf pdftotext pdffonts fc-list; do
	command -v $t >/dev/null || tools=no
done
[ $tools = no ] || test_set_prereq PDFTOOLS
# The fonts of .ci/install-deps: a TrueType CJK font and Symbola.
[ -z "$(fc-list ':charset=4e2d 3042' file 2>/dev/null | grep -i '\.tt[fc]')" ] ||
	test_set_prereq CJKFONT
export TZ=UTC
PY=/usr/bin/python3
PDF=$SCRATCH/reports/perfweek-testhost-2026-W46.pdf

start() {
	script=$1 name=$2
	shift 2
	server_start "$script" "$SCRATCH/$name.port" "$@" &&
	PORT=$(cat "$SCRATCH/$name.port")
}

HE_NAME='בדיקת_שרת'
GR_NAME='έλεγχος_υγείας'
EMOJI_NAME='check_🚀_ok'
NOFONT_NAME='new_🫨_face'  # U+1FAE8 (Unicode 15): in no font of Debian 12
DESC='الخادم db01.example.org بطيء جدا'
ZH_PATH='/srv/数据/项目'
JA_NAME='バックアップ確認'

test_expect_success 'HTTP and ServiceNow servers listen' '
	start http_server.py http && HP=$PORT &&
	start snow_server.py snow --count 30 --description "$DESC" --group ops \
		--user perf --password pw-t0224 &&
	SP=$PORT &&
	test_set_prereq SERVERS
'
: "${SP:=9}" "${HP:=9}"
write_config
cat >> "$SCRATCH/perfweek.conf" <<CONF

[report]
timezone = UTC
output_dir = $SCRATCH/reports

[servicenow]
instance = http://127.0.0.1:$SP
user = perf
password_file = $SCRATCH/password

[health "$HE_NAME"]
url = http://127.0.0.1:$HP/page

[health "$GR_NAME"]
url = http://127.0.0.1:$HP/page

[health "$JA_NAME"]
url = http://127.0.0.1:$HP/page

[health "$EMOJI_NAME"]
url = http://127.0.0.1:$HP/page

[health "$NOFONT_NAME"]
url = http://127.0.0.1:$HP/page
CONF
printf 'pw-t0224\n' > "$SCRATCH/password"
chmod 600 "$SCRATCH/password"
C="-c $SCRATCH/perfweek.conf"

test_expect_success FAKETIME 'two snapshots in 2026-W46, a mount path renamed to Chinese' '
	collect_at "2026-11-10 10:00:00" rates-a $C &&
	collect_at "2026-11-10 10:01:00" rates-b $C &&
	q "UPDATE device SET name = '\''$ZH_PATH'\'' WHERE id = (SELECT min(id) FROM device WHERE kind = '\''filesystem'\'')" &&
	test "$(q "SELECT count(*) FROM device WHERE name = '\''$ZH_PATH'\''")" = 1 &&
	test_set_prereq SNAPSHOTS
'
test_expect_success SNAPSHOTS,SERVERS 'one probe run in the week' '
	FAKETIME="@2026-11-10 10:00:30" LD_PRELOAD="$FT" "$BIN/perfweek-probe" $C \
		2>"$SCRATCH/err" && test_set_prereq PROBED
'
test_expect_success PROBED 'report with pdf: exit 3 (a short week)' '
	test_expect_code 3 pw perfweek-report $C --week 2026-W46 --format json,pdf &&
	test -s "$PDF" && test_set_prereq PDF
'
test_expect_success PDF,PDFTOOLS 'qpdf --check passes' '
	qpdf --check "$PDF" >"$SCRATCH/qpdf.out" 2>&1
'
test_expect_success PDF,PDFTOOLS 'pdftotext and pdffonts print no warning' '
	pdftotext -layout "$PDF" "$SCRATCH/pdf.txt" 2>"$SCRATCH/pt.err" &&
	pdffonts "$PDF" >"$SCRATCH/fonts" 2>"$SCRATCH/pf.err" &&
	test_is "$(cat "$SCRATCH/pt.err" "$SCRATCH/pf.err")" ""
'
test_expect_success PDF,PDFTOOLS 'the Hebrew and Greek check names in stored order' '
	grep -F "$HE_NAME" "$SCRATCH/pdf.txt" &&
	grep -F "$GR_NAME" "$SCRATCH/pdf.txt"
'
# pdftotext gives a line's runs left to right as drawn, each right-to-left
# run in its stored order between U+202B and U+202C: the runs read right
# to left (the paragraph is Arabic) give the description as stored.
test_expect_success PDF,PDFTOOLS 'the Arabic description with its host name: drawn right to left, extracted in stored order' '
	test_is "$($PY - "$SCRATCH/pdf.txt" "$DESC" <<-\PY
	import re, sys
	line = next(l for l in open(sys.argv[1], encoding="utf-8") if "db01" in l)
	runs = re.findall("\u202b([^\u202c]*)\u202c|([^\u202b\u202c]+)", line.split("   ")[-1].strip())
	runs = [(a or b).strip() for a, b in runs if (a or b).strip()]
	print(" ".join(reversed(runs)) == sys.argv[2], len(runs))
	PY
	)" "True 3"
'
test_expect_success PDF,PDFTOOLS 'Arabic is drawn in presentation forms, letters joined' '
	pdftotext -raw "$PDF" - 2>/dev/null | grep -q . &&
	test_is "$($PY - "$PDF" <<-\PY
	import re, sys, zlib
	pdf = open(sys.argv[1], "rb").read()
	cmaps = []
	for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
	    try:
	        t = zlib.decompress(m.group(1))
	    except zlib.error:
	        continue
	    if b"beginbfchar" in t:
	        cmaps.append(t)
	forms = [l for t in cmaps for l in t.split(b"\n") if re.match(rb"<FE[89A-F][0-9A-F]> <06", l)]
	cid = [t for t in cmaps if b"begincidrange" in t]
	print(len(forms) >= 5, len(cid))
	PY
	)" "True 0"
'
test_expect_success PDF,PDFTOOLS,CJKFONT 'the Chinese mount path and the Japanese check name in stored order, no U+FFFD' '
	grep -F "$ZH_PATH" "$SCRATCH/pdf.txt" &&
	grep -F "$JA_NAME" "$SCRATCH/pdf.txt" &&
	! grep -q "$(printf "\357\277\275")" "$SCRATCH/pdf.txt"
'
test_expect_success PDF,PDFTOOLS,CJKFONT 'a CJK fallback font embedded as a subset' '
	cat "$SCRATCH/fonts" &&
	grep -E "^[A-Z]{6}\+.* CID TrueType +Identity-H +yes +yes +yes" "$SCRATCH/fonts" |
		grep -v DejaVu | grep -qiE "droid|wenquan|wqy|cjk|zenhei"
'
# U+1F680 is beyond the 16-bit codes of libharu: drawn from Symbola
# under a private-use code whose ToUnicode entry is the emoji itself.
test_expect_success PDF,PDFTOOLS,CJKFONT 'an emoji beyond U+FFFF drawn with Symbola, extracted as itself' '
	grep -F "$EMOJI_NAME" "$SCRATCH/pdf.txt" &&
	grep -E "^[A-Z]{6}\+Symbola +CID TrueType +Identity-H +yes +yes +yes" "$SCRATCH/fonts"
'
test_expect_success PDF,PDFTOOLS 'a character no installed font has: a placeholder, and a note names the package' '
	grep -F "new_[U+1FAE8]_face" "$SCRATCH/pdf.txt" &&
	tr -s " \n" "  " <"$SCRATCH/pdf.txt" | grep -F "are shown as their code point in brackets (the first: [U+1FAE8])" |
		grep -qF "install fonts-symbola (symbols and emoji)"
'
test_expect_success PDF,PDFTOOLS 'a report without CJK text embeds no CJK font' '
	q "UPDATE device SET name = '\''/srv/data'\'' WHERE name = '\''$ZH_PATH'\'';
	   UPDATE health_check SET name = '\''backup'\'' WHERE name = '\''$JA_NAME'\'';" &&
	sed -i "s/$JA_NAME/backup/" "$SCRATCH/perfweek.conf" &&
	test_expect_code 3 pw perfweek-report $C --week 2026-W46 --format pdf &&
	pdffonts "$PDF" >"$SCRATCH/fonts2" 2>"$SCRATCH/pf2.err" &&
	cat "$SCRATCH/fonts2" &&
	test_is "$(cat "$SCRATCH/pf2.err")" "" &&
	! grep -qiE "droid|wenquan|wqy|cjk|zenhei" "$SCRATCH/fonts2"
'
