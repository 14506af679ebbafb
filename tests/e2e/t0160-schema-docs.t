#!/bin/sh
# Every ready-to-paste query in docs/schema.md runs against a real database
# without error, and the documented columns exist.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"
test_expect_success 'a database with two snapshots' '
	pw perfweek-collect $C --proc-root "$TREES/rates-a/proc" --sys-root "$TREES/rates-a/sys" &&
	pw perfweek-collect $C --proc-root "$TREES/rates-b/proc" --sys-root "$TREES/rates-b/sys" &&
	test_set_prereq DB
'

test_expect_success 'docs/schema.md has at least 8 queries' '
	awk "/^\`\`\`sql\$/ { n++; f = sprintf(\"%s/query%02d.sql\", dir, n); next }
	     /^\`\`\`\$/ { f = \"\"; next }
	     f { print > f }" dir="$SCRATCH" "$SRC/docs/schema.md" &&
	nq=$(ls "$SCRATCH"/query*.sql | wc -l) &&
	echo "$nq queries" &&
	[ "$nq" -ge 8 ]
'
for f in "$SCRATCH"/query*.sql; do
	[ -e "$f" ] || continue
	test_expect_success DB "query $(basename "$f") runs" '
		out=$(sqlite3 -readonly -bail "$SCRATCH/perfweek.db" <"$f" 2>&1) &&
		printf "%s\n" "$out" &&
		! printf "%s\n" "$out" | grep -q Error
	'
done

# Each column named in a table of the schema document exists in the database.
for t in snapshot device disk filesystem netif rollup_hour snow_fetch \
    snow_incident health_check health_result week_summary week_summary_metric \
    alert alert_sink; do
	test_expect_success DB "every column of $t is documented" '
		cols=$(q "SELECT group_concat(name, '\'' '\'') FROM pragma_table_info('\''$t'\'')") &&
		undocumented=$(for c in $cols; do grep -q "\b$c\b" "$SRC/docs/schema.md" || echo "$c"; done) &&
		test_is "$undocumented" ""
	'
done

# Each table's section in docs/schema.md lists exactly its columns, in the
# database's order, under the table's own heading (tests/e2e/schema_doc.py).
test_expect_success DB 'docs/schema.md: every table under its heading with its columns in order' '
	test_is "$(/usr/bin/python3 "$SRC/tests/e2e/schema_doc.py" "$SCRATCH/perfweek.db" "$SRC/docs/schema.md")" ok
'
