#!/bin/sh
# The layout is enforced by the build: a part may include the headers of
# the parts it uses (NAME_USES in the Makefile) and no other.  A copy of the
# source tree is given one forbidden include at a time, and the object that
# holds it must fail to build, with a message naming the file, the header
# and the rule; an allowed include builds.
. "$(dirname "$0")/lib.sh"
# It runs no program of $BIN: under make check-sanitize and check-valgrind,
# which run the suite again for the programs' sake, it would do the same
# work again (lib.sh, PERFWEEK_PROGRAMS_ONLY).
programs_only_skip "builds objects of a copy of the tree"
T=$SCRATCH/src

# mk ARGS: make in a clean environment, as a user's shell runs it, not with
# the O=, B= or SANITIZE= a recursive make (make check-sanitize) exports.
mk() {
	env -i PATH="$PATH" HOME="${HOME:-/tmp}" make "$@"
}

# obj FILE: build FILE's object alone, in the copy; its output in $SCRATCH/out.
obj() {
	mk -C "$T" --no-print-directory "build/${1%.c}.o" >"$SCRATCH/out" 2>&1
}

# refused FILE HEADER MESSAGE: with "#include HEADER" added, FILE's object
# fails to build and says MESSAGE; FILE is put back after.
refused() {
	cp "$T/$1" "$SCRATCH/saved" &&
	echo "#include \"$2\"" >>"$T/$1" &&
	if obj "$1"; then
		echo "$1 built with #include \"$2\""
		cp "$SCRATCH/saved" "$T/$1"
		return 1
	fi
	cp "$SCRATCH/saved" "$T/$1" &&
	grep -F -- "$3" "$SCRATCH/out"
}

test_expect_success 'a copy of the source tree' '
	mkdir "$T" &&
	(cd "$SRC" && tar --exclude=./build --exclude=./bin --exclude=./.git \
		-cf - .) | tar -C "$T" -xf - &&
	test_set_prereq COPY
'

test_expect_success COPY 'unchanged, a renderer, a common and a collector file build' '
	obj reporter/render/pdf/pdf_table.c &&
	obj reporter/render/text/render_wrap.c &&
	obj common/log.c && obj collector/fs.c &&
	test_set_prereq BUILDS
'

test_expect_success BUILDS 'reporter/render/ including the ServiceNow client private header fails' '
	n=$(wc -l <"$T/reporter/render/pdf/pdf_table.c") &&
	refused reporter/render/pdf/pdf_table.c snow_int.h \
		"reporter/render/pdf/pdf_table.c:$((n + 1)): includes \"snow_int.h\" of reporter/snow/, which part pdf may not use (pdf_USES in the Makefile)"
'

test_expect_success BUILDS 'and so does its public header, from the text renderer' '
	refused reporter/render/text/render_wrap.c snow.h \
		"includes \"snow.h\" of reporter/snow/, which part text may not use (text_USES in the Makefile)"
'

test_expect_success BUILDS 'common/ including a program header fails: the collector' '
	refused common/log.c store.h \
		"includes \"store.h\" of collector/, which part common may not use (common_USES in the Makefile)"
'

test_expect_success BUILDS 'and the reporter' '
	refused common/config.c model_build.h \
		"includes \"model_build.h\" of reporter/model/, which part common may not use"
'

test_expect_success BUILDS 'the collector including the libcurl helper fails' '
	refused collector/fs.c net.h \
		"includes \"net.h\" of common/net/, which part collector may not use"
'

test_expect_success BUILDS 'a relative path does not get round the rule' '
	refused reporter/render/pdf/pdf_table.c ../../snow/snow_int.h \
		"includes \"../../snow/snow_int.h\": a part'"'"'s headers are named without a directory"
'

test_expect_success BUILDS 'nor does a header of the part itself that includes it' '
	cp "$T/reporter/render/pdf/pdf_int.h" "$SCRATCH/saved.h" &&
	sed -i "s/^#include \"pdf.h\"/#include \"pdf.h\"\n#include \"snow_int.h\"/" \
		"$T/reporter/render/pdf/pdf_int.h" &&
	! obj reporter/render/pdf/pdf_table.c &&
	cp "$SCRATCH/saved.h" "$T/reporter/render/pdf/pdf_int.h" &&
	grep -F "reporter/render/pdf/pdf_int.h" "$SCRATCH/out" &&
	grep -F "snow_int.h\" of reporter/snow/, which part pdf may not use" "$SCRATCH/out"
'

test_expect_success BUILDS 'even without the check, the collector cannot find a reporter header' '
	cp "$T/collector/fs.c" "$SCRATCH/fs.c" &&
	echo "#include \"model_build.h\"" >>"$T/collector/fs.c" &&
	cd "$T" && cc -c -o /dev/null $(mk -s --no-print-directory \
		-f Makefile -f - pw-print-inc PART=collector <<-EOF
	pw-print-inc: ; @echo \$(call pw_inc,collector) -Ibuild
	EOF
	) collector/fs.c 2>"$SCRATCH/cc"; rc=$?; cd "$SRC" &&
	cp "$SCRATCH/fs.c" "$T/collector/fs.c" &&
	test $rc -ne 0 && grep -F "model_build.h: No such file" "$SCRATCH/cc"
'

test_expect_success BUILDS 'an include the rules allow builds' '
	cp "$T/reporter/render/pdf/pdf_table.c" "$SCRATCH/saved" &&
	echo "#include \"model_build.h\"" >>"$T/reporter/render/pdf/pdf_table.c" &&
	obj reporter/render/pdf/pdf_table.c &&
	cp "$SCRATCH/saved" "$T/reporter/render/pdf/pdf_table.c"
'

# The calls between the parts' archives go down the stages only
# (tests/lint/calls.sh): a source calling the model stage fails the check.
test_expect_success COPY 'the archives of the copy: every call goes to an earlier stage' '
	mk -C "$T" --no-print-directory -j2 check-calls >"$SCRATCH/calls" 2>&1 &&
	nparts=$(printf "print-parts:\n\t@echo \$(words \$(PARTS))\n" |
		make -s --no-print-directory -C "$SRC" -f Makefile -f - print-parts) &&
	grep -F "calls: the $nparts parts call only parts before them" "$SCRATCH/calls" &&
	test_set_prereq ARCHIVES
'

test_expect_success ARCHIVES 'a source function calling the model stage fails the check, named' '
	printf "%s\n" "#include \"model.h\"" \
		"const char *load_severity(void);" \
		"const char *load_severity(void) { return model_severity_name(SEV_OK); }" \
		>>"$T/reporter/source/load_cols.c" &&
	sed -i "s/^source_USES   = common period probe$/source_USES   = common period probe model/" \
		"$T/Makefile" &&
	! mk -C "$T" --no-print-directory -j2 check-calls >"$SCRATCH/calls" 2>&1 &&
	grep -F "source calls model_severity_name of model, a later stage" "$SCRATCH/calls" &&
	grep -F "calls: 1 calls against the stages" "$SCRATCH/calls"
'
