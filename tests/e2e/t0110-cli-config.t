#!/bin/sh
# Options and configuration: help, version, --check-config, and errors that
# name the file and line with exit status 2.
. "$(dirname "$0")/lib.sh"

out=$(pw perfweek-collect --help); rc=$?
is "$rc" 0 "--help exits 0"
like "$out" "^Usage: perfweek-collect" "--help prints usage on stdout"
out=$(pw perfweek-collect -V)
like "$out" "^perfweek-collect [0-9]+\.[0-9]+\.[0-9]+$" "-V prints the version"

pw perfweek-collect --bogus >/dev/null; rc=$?
is "$rc" 2 "unknown option: exit 2"
like "$(cat "$SCRATCH/err")" "Try 'perfweek-collect --help'" "a one-line hint on misuse"
pw perfweek-collect --count 0 >/dev/null; is "$?" 2 "--count 0 is a usage error"
pw perfweek-collect --count abc >/dev/null; is "$?" 2 "--count abc is a usage error"
like "$(cat "$SCRATCH/err")" "--count: 'abc' is not a number from 1 to 1e\+09" "and says why, before using the value"
pw perfweek-collect --count 3 >/dev/null; is "$?" 2 "--count without --interval is a usage error"
pw perfweek-collect --gauge 'bad name=1' >/dev/null; is "$?" 2 "a bad --gauge is a usage error"

write_config
out=$(pw perfweek-collect -c "$SCRATCH/perfweek.conf" --check-config); rc=$?
is "$rc" 0 "a good config checks"
is "$out" "configuration OK: $SCRATCH/perfweek.conf" "--check-config says configuration OK and names the file"

printf '[general]\nhost = x\n\n[retention]\nraw_dayz = 3\n' > "$SCRATCH/bad1.conf"
pw perfweek-collect -c "$SCRATCH/bad1.conf" --check-config; rc=$?
is "$rc" 2 "unknown key: exit 2"
is "$(cat "$SCRATCH/err")" "$SCRATCH/bad1.conf:5: unknown key 'raw_dayz' in [retention]" \
	"unknown key named with file and line"

printf '[collect]\nfs_timeout_s = soon\n' > "$SCRATCH/bad2.conf"
pw perfweek-collect -c "$SCRATCH/bad2.conf" --check-config; is "$?" 2 "bad value: exit 2"
like "$(cat "$SCRATCH/err")" "bad2.conf:2: fs_timeout_s must be a number from 0.1 to 300, not 'soon'" \
	"bad value explained"

printf '[nosuch]\nkey = 1\n' > "$SCRATCH/bad3.conf"
pw perfweek-collect -c "$SCRATCH/bad3.conf" --check-config; is "$?" 2 "unknown section: exit 2"
like "$(cat "$SCRATCH/err")" "bad3.conf:2: unknown section \[nosuch\]" "unknown section named"

printf '[general]\ndatabase = relative.db\n' > "$SCRATCH/bad4.conf"
pw perfweek-collect -c "$SCRATCH/bad4.conf" --check-config; is "$?" 2 "relative path refused"

printf 'this is not ini\n' > "$SCRATCH/bad5.conf"
pw perfweek-collect -c "$SCRATCH/bad5.conf" --check-config; is "$?" 2 "syntax error: exit 2"
like "$(cat "$SCRATCH/err")" "bad5.conf:1: syntax error" "syntax error with line"

pw perfweek-collect -c "$SCRATCH/missing.conf" --check-config; is "$?" 2 \
	"a named config that does not exist is an error"
pw perfweek-collect -c "$SCRATCH/bad1.conf" --db "$SCRATCH/x.db"; is "$?" 2 \
	"a bad config stops a collection with exit 2"
[ ! -e "$SCRATCH/x.db" ]; ok $? "and no database is created"

# The collector depends on SQLite and the C library only.
libs=$(ldd "$BIN/perfweek-collect" | awk '{ print $1 }' | sed 's/\.so.*//; s|.*/||' |
	grep -v -e '^linux-vdso' -e '^ld-linux' -e '^libasan' -e '^libubsan' -e '^libstdc++' -e '^libgcc_s' -e '^libm$' | sort | tr '\n' ' ')
is "$libs" "libc libsqlite3 " "perfweek-collect links SQLite and libc only"

# The example configuration documents every key with its default: both
# programs accept it, and [findings] values are checked.
out=$(pw perfweek-collect -c "$SRC/docs/perfweek.conf" --check-config); is "$out" "configuration OK: $SRC/docs/perfweek.conf" "the example config checks (collector)"
out=$(pw perfweek-report -c "$SRC/docs/perfweek.conf" --check-config); is "$out" "configuration OK: $SRC/docs/perfweek.conf" "the example config checks (reporter)"
sed 's/^#//' "$SRC/docs/perfweek.conf" | grep -v '^ \|^[A-Z]\|^$' > "$SCRATCH/uncommented.conf"
# (--check-config reads the ServiceNow password: the example's file is not
# here, the environment variable stands in for it)
out=$(PERFWEEK_SNOW_PASSWORD=x pw perfweek-report -c "$SCRATCH/uncommented.conf" --check-config); is "$out" "configuration OK: $SCRATCH/uncommented.conf" "every documented key, uncommented, is valid"
pw perfweek-report -c "$SCRATCH/uncommented.conf" --check-config; is "$?" 2 "--check-config: a missing password file is an error"
like "$(cat "$SCRATCH/err")" "servicenow password_file '/etc/perfweek/servicenow.password': No such file" "and is named"
printf '[findings]\ncpu_busy = 80\n' > "$SCRATCH/bad6.conf"
pw perfweek-report -c "$SCRATCH/bad6.conf" --check-config; is "$?" 2 "a rule with one number is refused"
like "$(cat "$SCRATCH/err")" "bad6.conf:2: cpu_busy must be 'off' or 'WARN CRIT \[MINUTES\]', not '80'" "and explained"
printf '[report]\ntimezone = Mars/Olympus\n' > "$SCRATCH/bad7.conf"
pw perfweek-report -c "$SCRATCH/bad7.conf" --db "$SCRATCH/none.db" --stdout; is "$?" 2 "an unknown time zone: exit 2"
out=$(PERFWEEK_SNOW_PASSWORD=x pw perfweek-report -c "$SCRATCH/uncommented.conf" --mail --check-config); is "$out" "configuration OK: $SCRATCH/uncommented.conf" "the example's [mail] section is complete for --mail"
printf '[mail]\nstarttls = maybe\n' > "$SCRATCH/bad8.conf"
pw perfweek-report -c "$SCRATCH/bad8.conf" --check-config; is "$?" 2 "a bad starttls value: exit 2"
like "$(cat "$SCRATCH/err")" "bad8.conf:2: starttls must be required, optional or off, not 'maybe'" "and explained"
printf '[mail]\ninsecure = perhaps\n' > "$SCRATCH/bad9.conf"
pw perfweek-report -c "$SCRATCH/bad9.conf" --check-config; is "$?" 2 "a bad boolean: exit 2"
like "$(cat "$SCRATCH/err")" "bad9.conf:2: insecure must be yes or no, not 'perhaps'" "and explained"
