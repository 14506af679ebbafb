#!/bin/sh
# Options and configuration: help, version, --check-config, and errors that
# name the file and line with exit status 2.
. "$(dirname "$0")/lib.sh"

test_expect_success '--help exits 0' '
	out=$(pw perfweek-collect --help)
'
test_expect_success '--help prints usage on stdout' '
	test_like "$out" "^Usage: perfweek-collect"
'
test_expect_success '-V prints the version' '
	test_like "$(pw perfweek-collect -V)" "^perfweek-collect [0-9]+\.[0-9]+\.[0-9]+$"
'

test_expect_success 'unknown option: exit 2' '
	test_expect_code 2 pw perfweek-collect --bogus >/dev/null
'
test_expect_success 'a one-line hint on misuse' '
	test_like "$(cat "$SCRATCH/err")" "Try '\''perfweek-collect --help'\''"
'
test_expect_success '--count 0 is a usage error' '
	test_expect_code 2 pw perfweek-collect --count 0 >/dev/null
'
test_expect_success '--count abc is a usage error' '
	test_expect_code 2 pw perfweek-collect --count abc >/dev/null
'
test_expect_success 'and says why, before using the value' '
	test_is "$(cat "$SCRATCH/err")" "perfweek-collect: --count: '\''abc'\'' is not a whole number from 1 to 1000000000"
'
test_expect_success '--count without --interval is a usage error' '
	test_expect_code 2 pw perfweek-collect --count 3 >/dev/null
'
test_expect_success 'a bad --gauge is a usage error' '
	test_expect_code 2 pw perfweek-collect --gauge "bad name=1" >/dev/null
'

write_config
test_expect_success 'a good config checks' '
	out=$(pw perfweek-collect -c "$SCRATCH/perfweek.conf" --check-config)
'
test_expect_success '--check-config names the file it read' '
	test_is "$out" "configuration OK: $SCRATCH/perfweek.conf"
'

# bad NAME CONTENT: $SCRATCH/NAME.conf holds CONTENT (printf's format).
bad() {
	printf "$2" >"$SCRATCH/$1.conf"
}

test_expect_success 'unknown key: exit 2' '
	bad bad1 "[general]\nhost = x\n\n[retention]\nraw_dayz = 3\n" &&
	test_expect_code 2 pw perfweek-collect -c "$SCRATCH/bad1.conf" --check-config
'
test_expect_success 'unknown key named with file and line' '
	test_is "$(cat "$SCRATCH/err")" "$SCRATCH/bad1.conf:5: unknown key '\''raw_dayz'\'' in [retention]"
'

test_expect_success 'bad value: exit 2' '
	bad bad2 "[collect]\nfs_timeout_s = soon\n" &&
	test_expect_code 2 pw perfweek-collect -c "$SCRATCH/bad2.conf" --check-config
'
test_expect_success 'bad value explained' '
	test_like "$(cat "$SCRATCH/err")" "bad2.conf:2: fs_timeout_s must be a number from 0.1 to 300, not '\''soon'\''"
'

test_expect_success 'unknown section: exit 2' '
	bad bad3 "[nosuch]\nkey = 1\n" &&
	test_expect_code 2 pw perfweek-collect -c "$SCRATCH/bad3.conf" --check-config
'
test_expect_success 'unknown section named' '
	test_like "$(cat "$SCRATCH/err")" "bad3.conf:2: unknown section \[nosuch\]"
'

test_expect_success 'relative path refused' '
	bad bad4 "[general]\ndatabase = relative.db\n" &&
	test_expect_code 2 pw perfweek-collect -c "$SCRATCH/bad4.conf" --check-config
'

test_expect_success 'syntax error: exit 2' '
	bad bad5 "this is not ini\n" &&
	test_expect_code 2 pw perfweek-collect -c "$SCRATCH/bad5.conf" --check-config
'
test_expect_success 'syntax error with line' '
	test_like "$(cat "$SCRATCH/err")" "bad5.conf:1: syntax error"
'

test_expect_success 'a named config that does not exist is an error' '
	test_expect_code 2 pw perfweek-collect -c "$SCRATCH/missing.conf" --check-config
'
test_expect_success 'a bad config stops a collection with exit 2' '
	test_expect_code 2 pw perfweek-collect -c "$SCRATCH/bad1.conf" --db "$SCRATCH/x.db"
'
test_expect_success 'and no database is created' '
	test ! -e "$SCRATCH/x.db"
'

# The collector depends on SQLite and the C library only.
test_expect_success 'perfweek-collect links SQLite and libc only' '
	libs=$(ldd "$BIN/perfweek-collect" | awk "{ print \$1 }" | sed "s/\.so.*//; s|.*/||" |
		grep -v -e "^linux-vdso" -e "^ld-linux" -e "^libasan" -e "^libubsan" -e "^libstdc++" -e "^libgcc_s" -e "^libm$" | sort | tr "\n" " ") &&
	test_is "$libs" "libc libsqlite3 "
'

# The example configuration documents every key with its default: both
# programs accept it, and [findings] values are checked.
test_expect_success 'the example config checks (collector)' '
	test_is "$(pw perfweek-collect -c "$SRC/docs/perfweek.conf" --check-config)" \
		"configuration OK: $SRC/docs/perfweek.conf"
'
test_expect_success 'the example config checks (reporter)' '
	test_is "$(pw perfweek-report -c "$SRC/docs/perfweek.conf" --check-config)" \
		"configuration OK: $SRC/docs/perfweek.conf"
'
test_expect_success 'the example config, uncommented' '
	sed "s/^#//" "$SRC/docs/perfweek.conf" | grep -v "^ \|^[A-Z]\|^$" >"$SCRATCH/uncommented.conf" &&
	test_set_prereq UNCOMMENTED
'
# (--check-config reads the ServiceNow password: the example's file is not
# here, the environment variable stands in for it)
test_expect_success UNCOMMENTED 'every documented key, uncommented, is valid' '
	test_is "$(PERFWEEK_SNOW_PASSWORD=x pw perfweek-report -c "$SCRATCH/uncommented.conf" --check-config)" \
		"configuration OK: $SCRATCH/uncommented.conf"
'
test_expect_success UNCOMMENTED '--check-config: a missing password file is an error' '
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/uncommented.conf" --check-config
'
test_expect_success UNCOMMENTED 'and is named' '
	test_like "$(cat "$SCRATCH/err")" "servicenow password_file '\''/etc/perfweek/servicenow.password'\'': No such file"
'
test_expect_success 'a rule with one number is refused' '
	bad bad6 "[findings]\ncpu_busy = 80\n" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/bad6.conf" --check-config
'
test_expect_success 'and explained' '
	test_like "$(cat "$SCRATCH/err")" "bad6.conf:2: cpu_busy must be '\''off'\'' or '\''WARN CRIT \[MINUTES\]'\'', not '\''80'\''"
'
test_expect_success 'an unknown time zone: exit 2' '
	bad bad7 "[report]\ntimezone = Mars/Olympus\n" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/bad7.conf" --db "$SCRATCH/none.db" --stdout
'
test_expect_success UNCOMMENTED 'the example'\''s [mail] section is complete for --mail' '
	test_is "$(PERFWEEK_SNOW_PASSWORD=x PERFWEEK_SMTP_PASSWORD=x pw perfweek-report -c "$SCRATCH/uncommented.conf" --mail --check-config)" \
		"configuration OK: $SCRATCH/uncommented.conf"
'
test_expect_success 'a bad starttls value: exit 2' '
	bad bad8 "[mail]\nstarttls = maybe\n" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/bad8.conf" --check-config
'
test_expect_success 'and explained' '
	test_like "$(cat "$SCRATCH/err")" "bad8.conf:2: starttls must be required, optional or off, not '\''maybe'\''"
'
test_expect_success 'a bad boolean: exit 2' '
	bad bad9 "[mail]\ninsecure = perhaps\n" &&
	test_expect_code 2 pw perfweek-report -c "$SCRATCH/bad9.conf" --check-config
'
test_expect_success 'and explained' '
	test_like "$(cat "$SCRATCH/err")" "bad9.conf:2: insecure must be yes or no, not '\''perhaps'\''"
'
