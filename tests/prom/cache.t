#!/bin/sh
# cache.t week|fleet: make the Prometheus harness's cached standard week or
# fleet (lib-prom.sh: prom_week, prom_fleet) if it is not made yet.  make
# check runs it once, before the scripts that read it, so that none of
# them waits on the cache's lock while another builds it; a script run by
# itself still builds what it needs.
. "$(dirname "$0")/../e2e/lib.sh"
. "$SRC/tests/prom/lib-prom.sh"
what=${1:-week}
test_expect_success PROMETHEUS,VICTORIA,NODE_EXPORTER,FAKETIME "the $what is in the cache" "
	prom_$what
"
