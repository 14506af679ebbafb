# perfweek - weekly performance reports for Linux hosts.
#
# make            build bin/perfweek-collect (and the other programs)
# make check      unit tests, end-to-end tests, sanitizer and valgrind runs
# make demo       build, run the main job on a built-in default, show the output
# make install    PREFIX, DESTDIR, SYSCONFDIR, LOCALSTATEDIR are honoured (the
#                 paths compiled in follow them: see paths.h below)
# make install-cron, make install-systemd   the schedule, one or the other
# make deb        the Debian package, built in a copy of the tree under
#                 build/deb (dpkg-buildpackage -us -uc -b; see debian/)
#
# CFLAGS and LDFLAGS from the user are appended to, never replaced.
# WERROR=1 turns warnings into errors (CI sets it); SANITIZE=address,undefined
# builds with those sanitizers.  O= and B= pick the object and program dirs.
# make fuzz FUZZ_SECONDS=N runs every libFuzzer target in tests/fuzz for N s.
# make golden     rewrite the golden outputs in tests/golden after an intended
#                 change of the reports (review and commit the diff)

# The version is debian/changelog's first entry's (the one place it is
# written): perfweek-collect --version and the package say the same.
VERSION      := $(or $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' \
	debian/changelog 2>/dev/null),unknown)
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

PW_CFLAGS = -std=c11 -D_GNU_SOURCE -O2 -g $(WARN) -I$(O) \
	-DPW_VERSION='"$(VERSION)"' \
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
# the PDF's fallback fonts (fontconfig) and right-to-left text (FriBidi)
HPDF_LIBS    += $(shell $(PKG_CONFIG) --libs fontconfig fribidi)
# the pages' content streams deflated before libharu writes them
HPDF_LIBS    += $(shell $(PKG_CONFIG) --libs zlib)
CMOCKA_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka)

ALL_CFLAGS   = $(PW_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS  = $(PW_LDFLAGS) $(LDFLAGS)

# ---- the parts ---------------------------------------------------------
# The code is in parts, one directory and one archive each, with an
# explicit list of sources.  NAME_USES names the parts whose headers NAME's
# files may include; a part is compiled with the include path of its own
# directory and of the parts it uses, directly or through their headers,
# and nothing else, so that the collector cannot even find a header of the
# reporter's.  common/check-includes.sh runs before every compile and
# fails the build when a file includes a header of a part its part does
# not use, even one the include path reaches (docs/internals.md, "Rules").
PARTS = common net tmpl collector probe period source prom snow aggregate \
	findings model fleet json text pdf mail notify alert deliver report

common_DIR    = common
common_SRC    = arena.c array.c buf.c cli.c config.c config_check.c config_health.c \
	config_defaults.c config_mail.c config_notify.c config_value.c db.c fileio.c lock.c log.c secret.c select.c \
	status.c tmpclean.c utf8.c zoneinfo.c
common_USES   =
common_SRC   += config_fleet.c

net_DIR       = common/net
net_SRC       = net.c
net_USES      = common

tmpl_DIR      = lib/tmpl
tmpl_SRC      = tmpl.c tmpl_parse.c tmpl_render.c
tmpl_USES     = common

collector_DIR = collector
collector_SRC = appmetric.c appmetric_output.c appmetric_plugin.c archive.c \
	counters.c delta.c fs.c fs_mounts.c maintain.c proc_diskstats.c \
	proc_loadavg.c proc_meminfo.c proc_netdev.c proc_parse.c \
	proc_pressure.c proc_snmp.c proc_stat.c proc_uptime.c proc_vmstat.c \
	snapshot.c store.c store_dev.c
collector_USES = common

probe_DIR     = probe
probe_SRC     = check.c run.c store.c
probe_USES    = common net

period_DIR    = reporter/period
period_SRC    = period.c period_tz.c
period_USES   = common

source_DIR    = reporter/source
source_SRC    = health_load.c load.c load_cols.c load_rollup.c source.c \
	source_sqlite.c
source_USES   = common period probe
source_SRC   += summary_sqlite.c
source_SRC   += load_dev.c

aggregate_DIR = reporter/aggregate
aggregate_SRC = capacity.c coverage.c metric.c queueing.c stats.c
aggregate_USES = common source model

findings_DIR  = reporter/findings
findings_SRC  = finding.c finding_episodes.c findings.c findings_health.c
findings_USES = common source aggregate model

model_DIR     = reporter/model
model_SRC     = model.c model_head.c model_health.c model_incidents.c \
	model_status.c
model_USES    = common period source aggregate findings
model_SRC    += model_history.c

# the fleet report's model: a row per host, the ranking, the lists
fleet_DIR     = reporter/fleet
fleet_SRC     = fleet_build.c fleet_io.c fleet_row.c fleet_stats.c
fleet_USES    = common period source aggregate model

json_DIR      = reporter/render/json
json_SRC      = json.c json_sections.c
json_USES     = common model
json_SRC     += json_fleet.c
json_USES    += fleet

text_DIR      = reporter/render/text
text_SRC      = render_capacity.c render_health.c render_text.c \
	render_text_incidents.c render_view.c render_wrap.c
text_USES     = common tmpl period model
text_SRC     += render_fleet.c
text_USES    += fleet

# the PDF: aggregate for metric.h, whose table derives the charts' series
# (busy = 100 - idle, per CPU, ratios) from the columns in model.data
pdf_DIR       = reporter/render/pdf
pdf_SRC       = pdf_axis.c pdf_chart.c pdf_doc.c pdf_font.c pdf_heatmap.c \
	pdf_findings.c pdf_path.c pdf_report.c pdf_sections.c pdf_services.c \
	pdf_table.c pdf_text.c
pdf_SRC       += pdf_bidi.c pdf_capacity.c pdf_fallback.c
pdf_USES      = common aggregate model
# the layout's own: line breaks, shortened names, the device lists
pdf_SRC      += pdf_wrap.c pdf_devices.c pdf_view.c pdf_outages.c
# the fleet report's pages
pdf_SRC      += pdf_fleet.c pdf_fleet_pages.c
# the pages' content deflated at zlib's fastest level (pdf_deflate.c)
pdf_SRC      += pdf_deflate.c
pdf_USES     += fleet

snow_DIR      = reporter/snow
snow_SRC      = snow.c snow_http.c snow_link.c snow_parse.c snow_query.c \
	snow_read.c snow_store.c
snow_USES     = common net period model

mail_DIR      = reporter/mail
mail_SRC      = mail.c mime.c smtp_send.c
mail_USES     = common net

deliver_DIR   = reporter/deliver
deliver_SRC   = deliver.c output.c
deliver_USES  = common model json text pdf mail
deliver_SRC  += deliver_fleet.c
deliver_USES += fleet

# the alerts' sinks (payloads, HTTP, mail) and perfweek-alert: the rules
# over the recent window, the alert state, its main
notify_DIR    = reporter/notify
notify_SRC    = notify_json.c notify_payload.c notify_send.c notify_summary.c
notify_USES   = common net mail
alert_DIR     = reporter/alert
alert_SRC     = alert_eval.c alert_run.c alert_state.c
alert_USES    = common net source aggregate findings model mail notify

# perfweek-report's main and the record of its runs
report_DIR    = reporter
report_SRC    = health_live.c inputs.c record.c report_notify.c
report_USES   = common net probe period source snow model json mail notify deliver
report_SRC   += fleet_run.c fleet_files.c
report_USES  += fleet

# the Prometheus-compatible source (docs/prometheus.md), a part of its own:
# it needs the network, which the source part may not use; the report
# opens it; common reads its [source] sections
common_SRC   += config_source.c
prom_DIR      = reporter/source/prom
prom_SRC      = prom_fetch.c prom_http.c prom_parse.c prom_query.c prom_series.c \
	prom_stats.c source_prom.c
prom_USES     = common net source
report_USES  += prom

# pw_closure PARTS,SEEN: PARTS and every part they use, directly or not.
pw_closure = $(if $(1),$(call pw_closure,$(filter-out $(2) $(1),$(sort \
	$(foreach p,$(1),$($(p)_USES)))),$(sort $(2) $(1))),$(2))
pw_inc = $(foreach p,$(call pw_closure,$(1)),-I$($(p)_DIR))

$(foreach p,$(PARTS),$(eval $(p)_OBJ = $(addprefix $(O)/$($(p)_DIR)/,\
	$($(p)_SRC:.c=.o))))
$(foreach p,$(PARTS),$(eval $(p)_LIB = $(O)/libpw$(p).a))
# Every object of a part, its main included, knows its part.
$(foreach p,$(PARTS),$(eval $($(p)_OBJ) $(O)/$($(p)_DIR)/main.o: PART = $(p)))

common_OBJ   += $(O)/schema_sql.o
text_OBJ     += $(O)/template_txt.o
text_OBJ     += $(O)/template_fleet.o
ALL_INC       = $(foreach p,$(PARTS),-I$($(p)_DIR))
ALL_SRC       = $(foreach p,$(PARTS),$(addprefix $($(p)_DIR)/,$($(p)_SRC)))
UNIT_SRC      = $(sort $(wildcard tests/unit/test_*.c))
SCHEMA_SQL    = $(sort $(wildcard schema/*.sql))
UNIT_BIN      = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)

# The archives each program links, higher parts first.  No part calls one
# after it in PARTS (tests/lint/calls.sh, in "make check"), so the linker
# needs no groups and a call against the stages fails to link.
COLLECT_LIBS  = $(collector_LIB) $(common_LIB)
PROBE_LIBS    = $(probe_LIB) $(net_LIB) $(common_LIB)
REPORT_LIBS   = $(report_LIB) $(deliver_LIB) $(notify_LIB) $(mail_LIB) $(pdf_LIB) \
	$(text_LIB) $(tmpl_LIB) $(json_LIB) $(fleet_LIB) $(model_LIB) $(findings_LIB) \
	$(aggregate_LIB) $(snow_LIB) $(prom_LIB) $(source_LIB) $(period_LIB) \
	$(probe_LIB) $(net_LIB) $(common_LIB)
# perfweek-alert: the alerts, their sinks and what they read
ALERT_LIBS    = $(alert_LIB) $(notify_LIB) $(mail_LIB) $(model_LIB) $(findings_LIB) \
	$(aggregate_LIB) $(source_LIB) $(period_LIB) $(probe_LIB) \
	$(net_LIB) $(common_LIB)
# Unit tests and fuzz targets may use every part.
TEST_LIBS     = $(alert_LIB) $(notify_LIB) \
	$(filter-out $(common_LIB),$(REPORT_LIBS)) $(collector_LIB) \
	$(common_LIB)

PROGRAMS = $(B)/perfweek-collect
ifneq ($(wildcard reporter/main.c),)
PROGRAMS += $(B)/perfweek-report
endif
ifneq ($(wildcard probe/main.c),)
PROGRAMS += $(B)/perfweek-probe
endif
ifneq ($(wildcard reporter/alert/main.c),)
PROGRAMS += $(B)/perfweek-alert
endif

.PHONY: all deps lint check check-calls check-unit check-e2e check-sanitize check-valgrind \
	check-soak check-fuzz demo golden install install-cron install-systemd \
	uninstall deb clean bench unit fuzz fuzz-build fuzz-bins format-check format \
	check-jobs lint-jobs cppcheck lint-sizes san-build san-unit valgrind-debug FORCE

all: $(PROGRAMS)

# The installation paths compiled into the programs are not -D flags but
# $(O)/paths.h, rewritten only when its content changes: "make" and then
# "make install SYSCONFDIR=/etc" rebuilds the objects that include it (the
# compiler's .d files name them), and a repeated make with the same paths
# rebuilds nothing.  Every object waits for it (order only), so that the
# first build finds it.
PATHS_H = $(O)/paths.h
$(PATHS_H): FORCE
	@mkdir -p $(O)
	@{ echo '/* paths.h - generated by make from PREFIX, SYSCONFDIR,'; \
	  echo '   LOCALSTATEDIR and DATADIR: do not edit. */'; \
	  echo '#define PW_SYSCONFDIR    "$(SYSCONFDIR)"'; \
	  echo '#define PW_LOCALSTATEDIR "$(LOCALSTATEDIR)"'; \
	  echo '#define PW_DATADIR       "$(DATADIR)"'; } >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; \
	  echo "$@: SYSCONFDIR=$(SYSCONFDIR) LOCALSTATEDIR=$(LOCALSTATEDIR)" \
	    "DATADIR=$(DATADIR)"; fi
FORCE:

# A part's objects are compiled with its include path, after the check of
# what they include; tests (no PART) with every part's.
$(O)/%.o: %.c | $(PATHS_H)
	@mkdir -p $(dir $@)
	@$(if $(PART),sh common/check-includes.sh $(PART) $< \
		$(foreach p,$(PART) $($(PART)_USES),$(p)=$($(p)_DIR)))
	$(CC) $(ALL_CFLAGS) $(if $(PART),$(call pw_inc,$(PART)),$(ALL_INC)) \
		-MMD -MP -c -o $@ $<

$(O)/schema_sql.c: $(SCHEMA_SQL) common/embed-schema.sh
	@mkdir -p $(O)
	sh common/embed-schema.sh $(SCHEMA_SQL) > $@.tmp && mv $@.tmp $@

$(O)/schema_sql.o: $(O)/schema_sql.c
	$(CC) $(ALL_CFLAGS) $(call pw_inc,common) -c -o $@ $<

$(O)/template_txt.c: templates/report.txt.mustache common/embed-text.sh
	@mkdir -p $(O)
	sh common/embed-text.sh render_default_template $< > $@.tmp && mv $@.tmp $@

$(O)/template_txt.o: $(O)/template_txt.c
	$(CC) $(ALL_CFLAGS) $(call pw_inc,text) -c -o $@ $<

$(O)/template_fleet.c: templates/fleet.txt.mustache common/embed-text.sh
	@mkdir -p $(O)
	sh common/embed-text.sh render_fleet_template $< > $@.tmp && mv $@.tmp $@

$(O)/template_fleet.o: $(O)/template_fleet.c
	$(CC) $(ALL_CFLAGS) $(call pw_inc,text) -c -o $@ $<

$(foreach p,$(PARTS),$(eval $($(p)_LIB): $($(p)_OBJ)))
$(foreach p,$(PARTS),$($(p)_LIB)):
	rm -f $@ && $(AR) rcs $@ $^

$(B)/perfweek-collect: $(O)/collector/main.o $(COLLECT_LIBS)
	@mkdir -p $(B)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(INIH_LIBS) $(SQLITE_LIBS) -lpthread

$(B)/perfweek-report: $(O)/reporter/main.o $(REPORT_LIBS)
	@mkdir -p $(B)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(REPORT_LIBS) $(INIH_LIBS) $(SQLITE_LIBS) $(CURL_LIBS) \
		$(CJSON_LIBS) $(HPDF_LIBS) -lm

$(B)/perfweek-probe: $(O)/probe/main.o $(PROBE_LIBS)
	@mkdir -p $(B)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(INIH_LIBS) $(SQLITE_LIBS) $(CURL_LIBS) \
		$(CJSON_LIBS) -lm

$(B)/perfweek-alert: $(O)/reporter/alert/main.o $(ALERT_LIBS)
	@mkdir -p $(B)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(ALERT_LIBS) $(INIH_LIBS) $(SQLITE_LIBS) \
		$(CURL_LIBS) $(CJSON_LIBS) -lm

# Unit tests link everything but the mains.
$(O)/tests/%: $(O)/tests/unit/%.o $(TEST_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(TEST_LIBS) $(CMOCKA_LIBS) $(INIH_LIBS) $(SQLITE_LIBS) \
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

# The targets link the parts whose parsers they feed (and what those call),
# so that the fuzzing build compiles those alone: 7 parts of the 21.
FUZZ_LIBS     = $(mail_LIB) $(snow_LIB) $(period_LIB) $(probe_LIB) $(collector_LIB) \
	$(tmpl_LIB) $(net_LIB) $(common_LIB)
$(O)/fuzz/%: $(O)/tests/fuzz/%.o $(O)/tests/fuzz/harness.o $(FUZZ_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $(filter %.o,$^) $(FUZZ_LIBS) $(INIH_LIBS) \
		$(SQLITE_LIBS) $(CURL_LIBS) $(CJSON_LIBS) $(HPDF_LIBS) -lpthread -lm

fuzz-bins: $(FUZZ_TARGETS:%=$(O)/fuzz/%)
.PRECIOUS: $(O)/tests/fuzz/%.o

fuzz-build:
	$(MAKE) O=$(FUZZ_O) B=$(FUZZ_O)/bin CC=$(FUZZ_CC) \
		SANITIZE=fuzzer-no-link,address,undefined fuzz-bins

fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_O)/fuzz $(FUZZ_SECONDS) 0 $(FUZZ_TARGETS)

check-fuzz:
	$(JOBS_MAKE) $(FUZZ_TARGETS:%=fuzz/%)
$(FUZZ_TARGETS:%=fuzz/%): fuzz/%: fuzz-build FORCE
	@sh tests/fuzz/run.sh $(FUZZ_O)/fuzz $(CHECK_FUZZ_SECONDS) \
		$(CHECK_FUZZ_RUNS) $*

# ---- tests --------------------------------------------------------------
# Every test speaks TAP and is run by prove.  PERFWEEK_BIN names the programs
# under test, PERFWEEK_WRAP a command to run them under (valgrind).

# deps installs missing Debian packages (as root), so that "make check" and
# "make demo" work on a fresh Debian 12 machine.
deps:
	sh .ci/install-deps

# make check runs every suite as the jobs it is made of, in one make of
# CHECK_JOBS jobs at a time (the development machine has 2 CPUs): each
# end-to-end script once in each of its three runs (e2e/NAME plainly,
# san/NAME against the ASan and UBSan build, vg/NAME under valgrind), each
# unit test under valgrind, each file's clang-tidy, each fuzz target, the
# soak.  So the CPUs are busy until the end, and no job shares them with
# more than CHECK_JOBS - 1 others, which the tests' time limits under
# valgrind need (docs/testing.md, "Running in parallel").  The longest
# jobs come first (CHECK_FIRST, as measured there), the two cached
# Prometheus weeks are made once, before the scripts that read them, and
# the programs and unit tests are built before any of it.  -k: every job
# runs, and make names each that failed.  make -O prints a job's output
# whole when it ends: one line for a script that passed (tests/tap.sh).
CHECK_JOBS ?= 2
E2E_JOBS   ?= 2
E2E_T       = $(sort $(wildcard tests/e2e/t*.t))
E2E_NAMES   = $(E2E_T:tests/e2e/%.t=%)
SAN_O       = build/san
SAN_MAKE    = $(MAKE) O=$(SAN_O) B=$(SAN_O)/bin SANITIZE=address,undefined
# a make of jobs, CHECK_JOBS at a time, every one run, each one's output whole
JOBS_MAKE   = $(MAKE) -k -j$(CHECK_JOBS) -Otarget
# The scripts that read a cached Prometheus week or fleet (lib-prom.sh).
PROM_WEEK_T  = $(shell grep -l '^[^#]*prom_week\b' $(E2E_T))
PROM_FLEET_T = $(shell grep -l '^[^#]*prom_fleet\b' $(E2E_T))
CHECK_FIRST = check-soak vg/t0280-alert-day prom-cache/fleet san/t0300-golden \
	vg/t0230-servicenow vg/t0111-config-check vg/t0283-alert-rules \
	prom-cache/week e2e/t0270-deb
CHECK_JOBS_ALL = $(CHECK_FIRST) $(E2E_NAMES:%=vg/%) $(UNIT_BIN:$(O)/tests/%=vg-unit/%) \
	$(E2E_NAMES:%=san/%) san-unit $(E2E_NAMES:%=e2e/%) lint-jobs \
	$(FUZZ_TARGETS:%=fuzz/%) check-unit check-calls
check: deps
	$(MAKE) -j$(CHECK_JOBS) all $(UNIT_BIN)
	$(JOBS_MAKE) --no-print-directory check-jobs
	@echo "make check: all test suites passed"
check-jobs: $(CHECK_JOBS_ALL)

# Every call from one part's archive into another's goes to a part before it
# in PARTS: the stages' direction (docs/internals.md).
check-calls: $(foreach p,$(PARTS),$($(p)_LIB))
	sh tests/lint/calls.sh $(O) $(PARTS)

check-unit: $(UNIT_BIN)
	CMOCKA_MESSAGE_OUTPUT=TAP PERFWEEK_SRC=$(CURDIR) \
		$(PROVE) --exec '' $(UNIT_BIN)

# The suites by themselves: the same jobs, E2E_JOBS or CHECK_JOBS at a time.
check-e2e: all
	$(MAKE) -k -j$(E2E_JOBS) -Otarget prom-cache/week prom-cache/fleet \
		$(E2E_NAMES:%=e2e/%)
check-sanitize:
	$(JOBS_MAKE) san-unit $(E2E_NAMES:%=san/%)
check-valgrind: $(UNIT_BIN) all
	$(JOBS_MAKE) $(UNIT_BIN:$(O)/tests/%=vg-unit/%) \
		$(E2E_NAMES:%=vg/%)

# One end-to-end script: e2e/NAME, san/NAME, vg/NAME.  The sanitizer and
# valgrind runs skip the scripts that run no program under test
# (PERFWEEK_PROGRAMS_ONLY, tests/e2e/lib.sh): e2e/NAME runs them.
E2E_ENV = PERFWEEK_SRC=$(CURDIR) PROVE='$(PROVE)'
$(E2E_NAMES:%=e2e/%): e2e/%: all FORCE
	@$(E2E_ENV) PERFWEEK_BIN=$(CURDIR)/$(B) sh tests/tap.sh e2e tests/e2e/$*.t
$(E2E_NAMES:%=san/%): san/%: san-build FORCE
	@$(E2E_ENV) PERFWEEK_BIN=$(CURDIR)/$(SAN_O)/bin PERFWEEK_PROGRAMS_ONLY=1 \
		SANITIZE=address,undefined sh tests/tap.sh san tests/e2e/$*.t
$(E2E_NAMES:%=vg/%): vg/%: all valgrind-debug FORCE
	@$(E2E_ENV) PERFWEEK_BIN=$(CURDIR)/$(B) PERFWEEK_WRAP='$(VALGRIND)' \
		PERFWEEK_QUICK=1 PERFWEEK_PROGRAMS_ONLY=1 sh tests/tap.sh vg tests/e2e/$*.t
$(foreach t,$(PROM_WEEK_T:tests/e2e/%.t=%),$(eval e2e/$(t) san/$(t) vg/$(t): prom-cache/week))
$(foreach t,$(PROM_FLEET_T:tests/e2e/%.t=%),$(eval e2e/$(t) san/$(t) vg/$(t): prom-cache/fleet))

# The Prometheus harness's cached week and fleet (tests/prom/cache.t).
prom-cache/week prom-cache/fleet: prom-cache/%: all FORCE
	@$(E2E_ENV) PERFWEEK_BIN=$(CURDIR)/$(B) sh tests/tap.sh prom-cache/$* \
		tests/prom/cache.t :: $*

# The ASan and UBSan build, in its own tree.
san-build:
	$(SAN_MAKE) all unit
san-unit: san-build
	$(SAN_MAKE) check-unit

# A week in minutes (tests/soak/week.t): SOAK_HOURS=24 shortens it.
SOAK_HOURS ?= 168
check-soak: all
	@$(E2E_ENV) PERFWEEK_BIN=$(CURDIR)/$(B) SOAK_HOURS=$(SOAK_HOURS) \
		sh tests/tap.sh soak tests/soak/week.t

# --read-inline-info=no: an error's stack has no inlined frames, and every
# start of a program under valgrind costs about an eighth less CPU.
# --vgdb=no: no gdbserver, so no /tmp/vgdb-* files, which a program killed
# under valgrind (t0130) leaves behind, owned by root, where a later run as
# another user with the same PID cannot make its own (t0121).
# --vex-guest-chase=no: valgrind translates the code it runs in shorter
# blocks, what it checks unchanged; a run of a few hundred milliseconds,
# most of it translation (the dynamic linking of libcurl's libraries), is
# some 7 % cheaper.
# tests/valgrind.sh: valgrind, reading the debugging information of ld.so
# and not of libc (as root, in a private mount namespace), a third less
# CPU at every start (the script says why); valgrind-debug makes the
# directory it needs, once a run, for the ld.so installed then.
# (valgrind.sh's default directory)
VALGRIND_DEBUG = $(CURDIR)/build/valgrind-debug
VALGRIND = sh $(CURDIR)/tests/valgrind.sh -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --track-fds=no \
	--read-inline-info=no --vex-guest-chase=no --vgdb=no
valgrind-debug:
	sh tests/valgrind.sh --prepare $(VALGRIND_DEBUG)
$(UNIT_BIN:$(O)/tests/%=vg-unit/%): vg-unit/%: $(O)/tests/% valgrind-debug FORCE
	@CMOCKA_MESSAGE_OUTPUT=TAP $(E2E_ENV) \
		sh tests/tap.sh vg-unit --exec '$(VALGRIND)' $(O)/tests/$*

# lint ends with tests/lint/sizes.sh, which names every file over 500 lines
# and every function over 60 (it needs universal-ctags).
# cppcheck: warnings, style, performance, portability.  variableScope is off:
# style(9) declares a function's variables at its top.
CPPCHECK = cppcheck --quiet --error-exitcode=1 --std=c11 \
	--enable=warning,style,performance,portability \
	--suppress=variableScope --suppress=missingIncludeSystem \
	--inline-suppr $(ALL_INC) -I$(O)
# clang-tidy: the checks chosen in .clang-tidy, with the flags of the build,
# a job a file (lint-jobs).
CLANG_TIDY   ?= clang-tidy
CLANG_FORMAT ?= clang-format
LINT_SRC      = $(ALL_SRC) collector/main.c probe/main.c reporter/main.c \
	reporter/alert/main.c
TIDY_FLAGS    = $(filter -std=% -D% -I%,$(PW_CFLAGS)) $(ALL_INC)
# format-check names every file .clang-format would change and fails if
# there is one; "make format" rewrites them in place.
FORMAT_SRC    = $(sort $(foreach p,$(PARTS),$(wildcard $($(p)_DIR)/*.[ch])) \
	$(wildcard tests/unit/*.[ch] tests/fuzz/*.[ch]))

# lint: its jobs, CHECK_JOBS at a time; make check runs them among its own.
lint:
	$(JOBS_MAKE) lint-jobs
lint-jobs: cppcheck $(LINT_SRC:%=tidy/%) format-check lint-sizes
cppcheck: $(PATHS_H)
	$(CPPCHECK) common collector probe lib reporter tests/unit tests/fuzz
$(LINT_SRC:%=tidy/%): tidy/%: $(PATHS_H) FORCE
	@out=$$($(CLANG_TIDY) --quiet $* -- $(TIDY_FLAGS) 2>&1); rc=$$?; \
		printf '%s\n' "$$out" | grep -v 'warnings* generated\.$$' | grep . ; \
		exit $$rc
lint-sizes:
	sh tests/lint/sizes.sh

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

# The golden outputs (tests/golden/run.sh), which tests/e2e/t0300-golden.t
# compares: rewritten for a change that means to change the reports; the
# diff is then reviewed, and committed with the change.
golden: all
	sh tests/golden/run.sh $(CURDIR)/$(B) tests/golden
	@git diff --stat -- tests/golden 2>/dev/null || true
	@echo "make golden: review the change (git diff tests/golden) and commit it with the change that made it"

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
		"perfweek-maintain.timer perfweek-report.timer perfweek-alert.timer"

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

# ---- Debian package -----------------------------------------------------
# deb: dpkg-buildpackage -us -uc -b in a copy of the tree (without build/,
# bin/ and .git), so that the package's "debian/rules clean" leaves this
# build alone; the .deb, .buildinfo and .changes are left in $(DEBDIR).
DEBDIR ?= build/deb
DEB_BUILD_OPTIONS ?= parallel=2
deb:
	rm -rf $(DEBDIR)/perfweek-$(VERSION)
	mkdir -p $(DEBDIR)/perfweek-$(VERSION)
	tar --exclude=./build --exclude=./bin --exclude=./.git -cf - . | \
		tar -C $(DEBDIR)/perfweek-$(VERSION) -xf -
	cd $(DEBDIR)/perfweek-$(VERSION) && \
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		DEB_BUILD_OPTIONS='$(DEB_BUILD_OPTIONS)' dpkg-buildpackage -us -uc -b
	rm -rf $(DEBDIR)/perfweek-$(VERSION)
	@ls $(DEBDIR)/perfweek_$(VERSION)_*.deb
