# perfweek - weekly performance reports for Linux hosts.
#
# make            build bin/perfweek-collect (and the other programs)
# make check      unit tests, end-to-end tests, sanitizer and valgrind runs
# make demo       build, run the main job on a built-in default, show the output
# make install    PREFIX, DESTDIR, SYSCONFDIR, LOCALSTATEDIR are honoured
# make install-cron, make install-systemd   the schedule, one or the other
#
# CFLAGS and LDFLAGS from the user are appended to, never replaced.
# WERROR=1 turns warnings into errors (CI sets it); SANITIZE=address,undefined
# builds with those sanitizers.  O= and B= pick the object and program dirs.
# make fuzz FUZZ_SECONDS=N runs every libFuzzer target in tests/fuzz for N s.

VERSION       = 0.1.0
PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
DATADIR      ?= $(PREFIX)/share
MANDIR       ?= $(DATADIR)/man
SYSCONFDIR   ?= $(PREFIX)/etc
LOCALSTATEDIR ?= /var
PKG_CONFIG   ?= pkg-config
CC           ?= cc
INSTALL      ?= install
PROVE        ?= prove
O            ?= build
B            ?= bin

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wformat=2 -Wvla -Wno-format-nonliteral
ifeq ($(CI),true)
WERROR ?= 1
endif
ifeq ($(WERROR),1)
WARN += -Werror
endif

PW_CFLAGS = -std=c11 -D_GNU_SOURCE -O2 -g $(WARN) -Icommon -Icollector \
	-Ireporter -I$(O) \
	-DPW_VERSION='"$(VERSION)"' \
	-DPW_SYSCONFDIR='"$(SYSCONFDIR)"' \
	-DPW_LOCALSTATEDIR='"$(LOCALSTATEDIR)"' \
	-DPW_DATADIR='"$(DATADIR)"' \
	$(shell $(PKG_CONFIG) --cflags sqlite3 libcurl libcjson)
ifneq ($(SANITIZE),)
PW_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
PW_LDFLAGS += -fsanitize=$(SANITIZE)
endif

# libinih is linked statically: the collector depends on SQLite and libc only.
INIH_LIBS    = -Wl,-Bstatic $(shell $(PKG_CONFIG) --libs inih) -Wl,-Bdynamic
SQLITE_LIBS  = $(shell $(PKG_CONFIG) --libs sqlite3)
CURL_LIBS    = $(shell $(PKG_CONFIG) --libs libcurl)
CJSON_LIBS   = $(shell $(PKG_CONFIG) --libs libcjson)
HPDF_LIBS    = -lhpdf
CMOCKA_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka)

ALL_CFLAGS   = $(PW_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS  = $(PW_LDFLAGS) $(LDFLAGS)

COMMON_SRC    = $(sort $(wildcard common/*.c))
COLLECTOR_SRC = $(filter-out collector/main.c,$(sort $(wildcard collector/*.c)))
REPORTER_SRC  = $(filter-out reporter/main.c reporter/probe_main.c,$(sort $(wildcard reporter/*.c)))
UNIT_SRC      = $(sort $(wildcard tests/unit/test_*.c))
SCHEMA_SQL    = $(sort $(wildcard schema/*.sql))

COMMON_OBJ    = $(COMMON_SRC:%.c=$(O)/%.o) $(O)/schema_sql.o
COLLECTOR_OBJ = $(COLLECTOR_SRC:%.c=$(O)/%.o)
REPORTER_OBJ  = $(REPORTER_SRC:%.c=$(O)/%.o) $(O)/template_txt.o
UNIT_BIN      = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)

LIBCOMMON     = $(O)/libpwcommon.a
LIBCOLLECTOR  = $(O)/libpwcollector.a
LIBREPORTER   = $(O)/libpwreporter.a

PROGRAMS = $(B)/perfweek-collect
ifneq ($(wildcard reporter/main.c),)
PROGRAMS += $(B)/perfweek-report
endif
ifneq ($(wildcard reporter/probe_main.c),)
PROGRAMS += $(B)/perfweek-probe
endif

.PHONY: all deps lint check check-unit check-e2e check-sanitize check-valgrind \
	check-soak check-fuzz demo install install-cron install-systemd uninstall \
	clean bench unit fuzz fuzz-build fuzz-bins format-check format

all: $(PROGRAMS)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/schema_sql.c: $(SCHEMA_SQL) common/embed-schema.sh
	@mkdir -p $(O)
	sh common/embed-schema.sh $(SCHEMA_SQL) > $@.tmp && mv $@.tmp $@

$(O)/schema_sql.o: $(O)/schema_sql.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/template_txt.c: templates/report.txt.mustache common/embed-text.sh
	@mkdir -p $(O)
	sh common/embed-text.sh render_default_template $< > $@.tmp && mv $@.tmp $@

$(O)/template_txt.o: $(O)/template_txt.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBCOMMON): $(COMMON_OBJ)
	$(AR) rcs $@ $^
$(LIBCOLLECTOR): $(COLLECTOR_OBJ)
	$(AR) rcs $@ $^
$(LIBREPORTER): $(REPORTER_OBJ)
	$(AR) rcs $@ $^

$(B)/perfweek-collect: $(O)/collector/main.o $(LIBCOLLECTOR) $(LIBCOMMON)
	@mkdir -p $(B)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(INIH_LIBS) $(SQLITE_LIBS) -lpthread

$(B)/perfweek-report: $(O)/reporter/main.o $(LIBREPORTER) $(LIBCOMMON)
	@mkdir -p $(B)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(INIH_LIBS) $(SQLITE_LIBS) $(CURL_LIBS) \
		$(CJSON_LIBS) $(HPDF_LIBS) -lm

$(B)/perfweek-probe: $(O)/reporter/probe_main.o $(LIBREPORTER) $(LIBCOMMON)
	@mkdir -p $(B)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(INIH_LIBS) $(SQLITE_LIBS) $(CURL_LIBS) \
		$(CJSON_LIBS) -lm

# Unit tests link everything but the mains.
$(O)/tests/%: $(O)/tests/unit/%.o $(LIBREPORTER) $(LIBCOLLECTOR) $(LIBCOMMON)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(INIH_LIBS) $(SQLITE_LIBS) \
		$(CURL_LIBS) $(CJSON_LIBS) $(HPDF_LIBS) -lpthread -lm

unit: $(UNIT_BIN)

# ---- fuzzing ------------------------------------------------------------
# Every tests/fuzz/fuzz_NAME.c is a libFuzzer target NAME; its seeds are in
# tests/fuzz/corpus/fuzz_NAME/ and its dictionary, if any, is
# tests/fuzz/fuzz_NAME.dict.  The targets are built with clang, in their own
# object tree, with ASan and UBSan; a recursive make builds them there.
FUZZ_CC      ?= clang
FUZZ_O        = build/fuzz
FUZZ_SECONDS ?= 30
# check-fuzz: every target over its corpus and then briefly mutated.
CHECK_FUZZ_SECONDS ?= 3
CHECK_FUZZ_RUNS    ?= 20000
FUZZ_SRC      = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS  = $(FUZZ_SRC:tests/fuzz/%.c=%)

$(O)/fuzz/%: $(O)/tests/fuzz/%.o $(O)/tests/fuzz/harness.o $(LIBREPORTER) \
    $(LIBCOLLECTOR) $(LIBCOMMON)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(INIH_LIBS) \
		$(SQLITE_LIBS) $(CURL_LIBS) $(CJSON_LIBS) $(HPDF_LIBS) -lpthread -lm

fuzz-bins: $(FUZZ_TARGETS:%=$(O)/fuzz/%)
.PRECIOUS: $(O)/tests/fuzz/%.o

fuzz-build:
	$(MAKE) O=$(FUZZ_O) B=$(FUZZ_O)/bin CC=$(FUZZ_CC) \
		SANITIZE=fuzzer-no-link,address,undefined fuzz-bins

fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_O)/fuzz $(FUZZ_SECONDS) 0 $(FUZZ_TARGETS)

check-fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_O)/fuzz $(CHECK_FUZZ_SECONDS) \
		$(CHECK_FUZZ_RUNS) $(FUZZ_TARGETS)

# ---- tests --------------------------------------------------------------
# Every test speaks TAP and is run by prove.  PERFWEEK_BIN names the programs
# under test, PERFWEEK_WRAP a command to run them under (valgrind).

# deps installs missing Debian packages (as root), so that "make check" and
# "make demo" work on a fresh Debian 12 machine.
deps:
	sh .ci/install-deps

check: deps
	$(MAKE) lint check-unit check-e2e check-soak check-sanitize check-valgrind \
		check-fuzz
	@echo "make check: all test suites passed"

check-unit: $(UNIT_BIN)
	CMOCKA_MESSAGE_OUTPUT=TAP PERFWEEK_SRC=$(CURDIR) \
		$(PROVE) --exec '' $(UNIT_BIN)

check-e2e: all
	PERFWEEK_BIN=$(CURDIR)/$(B) PERFWEEK_SRC=$(CURDIR) \
		$(PROVE) tests/e2e/*.t

# A week in minutes (tests/soak/week.t): SOAK_HOURS=24 shortens it.
SOAK_HOURS ?= 168
check-soak: all
	PERFWEEK_BIN=$(CURDIR)/$(B) PERFWEEK_SRC=$(CURDIR) \
		SOAK_HOURS=$(SOAK_HOURS) $(PROVE) tests/soak/*.t

check-sanitize:
	$(MAKE) O=build/san B=build/san/bin SANITIZE=address,undefined \
		check-unit check-e2e

VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --track-fds=no
check-valgrind: $(UNIT_BIN) all
	CMOCKA_MESSAGE_OUTPUT=TAP PERFWEEK_SRC=$(CURDIR) \
		$(PROVE) --exec '$(VALGRIND)' $(UNIT_BIN)
	PERFWEEK_BIN=$(CURDIR)/$(B) PERFWEEK_SRC=$(CURDIR) \
		PERFWEEK_WRAP='$(VALGRIND)' PERFWEEK_QUICK=1 \
		$(PROVE) tests/e2e/*.t

# cppcheck: warnings, style, performance, portability.  variableScope is off:
# style(9) declares a function's variables at its top.
CPPCHECK = cppcheck --quiet --error-exitcode=1 --std=c11 \
	--enable=warning,style,performance,portability \
	--suppress=variableScope --suppress=missingIncludeSystem \
	--inline-suppr -Icommon -Icollector -Ireporter -I$(O)
# clang-tidy: the checks chosen in .clang-tidy, with the flags of the build,
# two files at a time; its report is kept in $(O)/clang-tidy.log.
CLANG_TIDY   ?= clang-tidy
CLANG_FORMAT ?= clang-format
LINT_SRC      = $(COMMON_SRC) $(sort $(wildcard collector/*.c reporter/*.c))
TIDY_FLAGS    = $(filter -std=% -D% -I%,$(PW_CFLAGS))
# format-check names every file .clang-format would change and fails if
# there is one; "make format" rewrites them in place.
FORMAT_SRC    = $(sort $(wildcard common/*.[ch] collector/*.[ch] \
	reporter/*.[ch] tests/unit/*.[ch] tests/fuzz/*.[ch]))

lint:
	$(CPPCHECK) common collector reporter tests/unit tests/fuzz
	@mkdir -p $(O)
	printf '%s\n' $(LINT_SRC) | xargs -P 2 -I '{}' $(CLANG_TIDY) --quiet \
		'{}' -- $(TIDY_FLAGS) >$(O)/clang-tidy.log 2>&1; rc=$$?; \
		grep -v 'warnings* generated\.$$' $(O)/clang-tidy.log; \
		exit $$rc
	$(MAKE) --no-print-directory format-check

format-check:
	@n=0; for f in $(FORMAT_SRC); do \
		if ! $(CLANG_FORMAT) --dry-run -Werror $$f 2>/dev/null; then \
			echo "format-check: $$f differs from .clang-format" \
			    "(make format)"; \
			n=$$((n + 1)); \
		fi; \
	done; \
	echo "format-check: $$n of $(words $(FORMAT_SRC)) files differ"; \
	[ $$n -eq 0 ]

format:
	$(CLANG_FORMAT) -i $(FORMAT_SRC)

demo: deps
	$(MAKE) all
	sh tests/demo.sh $(CURDIR)/$(B)

bench: all
	sh bench/collect.sh $(CURDIR)/$(B)

clean:
	rm -rf build $(B)

-include $(shell find $(O) -name '*.d' 2>/dev/null)

# ---- install ------------------------------------------------------------
# install: programs, man pages, templates, the example configuration, the
# state directory (owned by the perfweek user when it exists and make runs
# as root).  install-cron and install-systemd add the schedule, with the
# paths of this install.  uninstall removes exactly those files, and the
# directories perfweek owns when they are empty: never the history.

CRONDIR        ?= /etc/cron.d
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
STATEDIR        = $(LOCALSTATEDIR)/lib/perfweek

MAN5 = man/perfweek.conf.5
MAN8 = $(wildcard man/*.8)
TEMPLATES = $(wildcard templates/*.mustache)
UNITS = $(notdir $(wildcard cron/systemd/*.service cron/systemd/*.timer))

# The paths in cron/perfweek and the units are those of the default
# install; this rewrites them for PREFIX, SYSCONFDIR and LOCALSTATEDIR.
SED_PATHS = sed -e 's|/usr/local/bin|$(BINDIR)|g' \
	-e 's|/var/lib/perfweek|$(STATEDIR)|g' \
	-e 's|/etc/perfweek|$(SYSCONFDIR)/perfweek|g'

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(SYSCONFDIR)/perfweek \
		$(DESTDIR)$(DATADIR)/perfweek/templates
	$(INSTALL) -m 0755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	$(INSTALL) -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
	$(INSTALL) -m 0644 docs/perfweek.conf \
		$(DESTDIR)$(SYSCONFDIR)/perfweek/perfweek.conf.example
	$(SED_PATHS) cron/perfweek > $(DESTDIR)$(DATADIR)/perfweek/cron.d-perfweek
	chmod 0644 $(DESTDIR)$(DATADIR)/perfweek/cron.d-perfweek
	$(INSTALL) -m 0644 $(TEMPLATES) $(DESTDIR)$(DATADIR)/perfweek/templates/
	@if [ "$$(id -u)" = 0 ] && id perfweek >/dev/null 2>&1; then \
		echo "$(INSTALL) -d -o perfweek -g perfweek -m 0750 $(DESTDIR)$(STATEDIR)"; \
		$(INSTALL) -d -o perfweek -g "$$(id -gn perfweek)" -m 0750 \
			$(DESTDIR)$(STATEDIR); \
	else \
		echo "$(INSTALL) -d -m 0750 $(DESTDIR)$(STATEDIR)"; \
		$(INSTALL) -d -m 0750 $(DESTDIR)$(STATEDIR); \
		[ "$$(id -u)" != 0 ] || echo "make install: no user perfweek;" \
			"create it and chown it $(STATEDIR) (see README.md)"; \
	fi

install-cron:
	$(INSTALL) -d $(DESTDIR)$(CRONDIR)
	$(SED_PATHS) cron/perfweek > $(DESTDIR)$(CRONDIR)/perfweek
	chmod 0644 $(DESTDIR)$(CRONDIR)/perfweek

install-systemd:
	$(INSTALL) -d $(DESTDIR)$(SYSTEMDUNITDIR)
	for u in $(UNITS); do \
		$(SED_PATHS) cron/systemd/$$u > $(DESTDIR)$(SYSTEMDUNITDIR)/$$u && \
		chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$u || exit 1; \
	done
	@echo "then: systemctl daemon-reload; systemctl enable --now" \
		"perfweek-collect.timer perfweek-probe.timer" \
		"perfweek-maintain.timer perfweek-report.timer"

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGRAMS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MAN8)))
	rm -f $(DESTDIR)$(SYSCONFDIR)/perfweek/perfweek.conf.example
	rm -f $(DESTDIR)$(DATADIR)/perfweek/cron.d-perfweek
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/perfweek/templates/,$(notdir $(TEMPLATES)))
	rm -f $(DESTDIR)$(CRONDIR)/perfweek
	rm -f $(addprefix $(DESTDIR)$(SYSTEMDUNITDIR)/,$(UNITS))
	-rmdir $(DESTDIR)$(DATADIR)/perfweek/templates $(DESTDIR)$(DATADIR)/perfweek \
		$(DESTDIR)$(SYSCONFDIR)/perfweek $(DESTDIR)$(STATEDIR) 2>/dev/null
