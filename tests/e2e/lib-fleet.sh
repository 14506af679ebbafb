# lib-fleet.sh - a small fleet for the --fleet tests, sourced after lib.sh:
# six hosts in five SQLite files, each made by the real collector through
# tests/simweek.py at hourly steps, for 2026-W46 (Mon 2026-11-09, UTC).
#   a.db  web-1   scenario known: CPU saturated Tue 10:00-12:00 (CRITICAL)
#         web-2   scenario quiet: 2 CPUs, 8 GiB, little to do (OK, under-used)
#   b.db  db-1    scenario demo: 4 CPUs, 16 GiB, busy (CRITICAL)
#   c.db  batch-1 quiet, stopped after 72 hours (INCOMPLETE, stopped)
#   d.db  old-1   quiet in 2026-W45 only (NO DATA, stopped)
#   e.db  idle-1  quiet (OK, under-used)

# fleet_sim DIR: the five files in DIR (about ten seconds).
fleet_sim() {
	fleet_one "$1/a.db" web-1 "2026-11-09 00:00" 168 known &&
	fleet_one "$1/a.db" web-2 "2026-11-09 00:00" 168 quiet &&
	fleet_one "$1/b.db" db-1 "2026-11-09 00:00" 168 demo &&
	fleet_one "$1/c.db" batch-1 "2026-11-09 00:00" 72 quiet &&
	fleet_one "$1/d.db" old-1 "2026-11-02 00:00" 48 quiet &&
	fleet_one "$1/e.db" idle-1 "2026-11-09 00:00" 168 quiet
}

# fleet_one DB HOST START HOURS SCENARIO
fleet_one() {
	/usr/bin/python3 "$SRC/tests/simweek.py" --bin "$BIN" --db "$1" \
		--host "$2" --start "$3" --hours "$4" --step-s 3600 \
		--scenario "$5" >>"$SCRATCH/sim.log" 2>&1
}

# fleet_config FILE: UTC, reports in $SCRATCH/out, and extra lines.
fleet_config() {
	printf '[report]\ntimezone = UTC\noutput_dir = %s/out\n%b' "$SCRATCH" \
		"${2:-}" >"$1"
}
