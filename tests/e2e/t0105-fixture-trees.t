#!/bin/sh
# The collector on /proc and /sys trees captured from (or shaped like) real
# kernels: a Debian 12 VM, a 4.19 kernel without pressure information, a
# 96-CPU server, a laptop with NVMe and LVM disks.  Missing kernel features
# leave NULLs, never an error.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"

collect() {	# collect TREE
	rm -f "$SCRATCH/perfweek.db"* &&
	pw perfweek-collect $C --proc-root "$TREES/$1/proc" --sys-root "$TREES/$1/sys" -vv
}

test_expect_success 'debian12-vm: stored' '
	collect debian12-vm && test_set_prereq DEBIAN12
'
test_expect_success DEBIAN12 'debian12-vm: 2 CPUs, pressure present (NULL in a baseline)' '
	test_is "$(q "SELECT cpu_count, psi_cpu_some_pct IS NULL FROM snapshot")" "2|1"
'
test_expect_success DEBIAN12 'debian12-vm: vda only (loop and zram ignored)' '
	test_is "$(q "SELECT group_concat(name) FROM device WHERE kind = '\''disk'\''")" "vda"
'

test_expect_success 'kernel419-nopsi: stored without /proc/pressure' '
	collect kernel419-nopsi && test_set_prereq K419
'
test_expect_success K419 'missing pressure is one debug line' '
	test_like "$(cat "$SCRATCH/err")" "debug: no pressure on this system"
'
test_expect_success K419 'and only one' '
	test_is "$(grep -c pressure "$SCRATCH/err")" 1
'
test_expect_success K419 'kernel419-nopsi: 4 CPUs' '
	test_is "$(q "SELECT cpu_count FROM snapshot")" 4
'

test_expect_success 'server-96cpu: stored' '
	collect server-96cpu && test_set_prereq SERVER
'
test_expect_success SERVER 'server-96cpu: 96 CPUs' '
	test_is "$(q "SELECT cpu_count FROM snapshot")" 96
'
test_expect_success SERVER 'server-96cpu: sda and sdb' '
	test_is "$(q "SELECT group_concat(name) FROM (SELECT name FROM device WHERE kind = '\''disk'\'' ORDER BY name)")" "sda,sdb"
'
test_expect_success SERVER 'server-96cpu: bond, ethernet and bridge interfaces' '
	test_is "$(q "SELECT count(*) FROM device WHERE kind = '\''netif'\'' AND name IN ('\''bond0'\'', '\''eno1'\'', '\''eno2'\'', '\''docker0'\'')")" 4
'

NVME="SELECT group_concat(name || '=' || coalesce(label, ''), ' ') FROM (SELECT name, label FROM device WHERE kind = 'disk' ORDER BY name)"
test_expect_success 'nvme-dm: stored' '
	collect nvme-dm && test_set_prereq NVME
'
test_expect_success NVME 'nvme-dm: whole NVMe disks and LVM volumes with their names, no partitions' '
	test_is "$(q "$NVME")" "dm-0=vg0-root dm-1=vg0-swap dm-2=vg0-home nvme0n1= nvme1n1="
'

# A container: no diskstats, no pressure, no snmp.
test_expect_success 'a container without diskstats, net and pressure: stored' '
	mkdir -p "$SCRATCH/container/proc" &&
	for f in stat uptime meminfo loadavg; do
		cp "$TREES/rates-a/proc/$f" "$SCRATCH/container/proc/" || return 1
	done &&
	test_set_prereq CONTAINER &&
	rm -f "$SCRATCH/perfweek.db"* &&
	pw perfweek-collect $C --proc-root "$SCRATCH/container/proc" --sys-root "$SCRATCH/container/sys"
'
test_expect_success CONTAINER 'its missing values are NULL' '
	test_is "$(q "SELECT count(*), count(psi_io_some_pct), count(tcp_established), (SELECT count(*) FROM disk) FROM snapshot")" \
		"1|0|0|0"
'

# Without /proc/stat there is no snapshot worth storing.
test_expect_success CONTAINER 'no /proc/stat: exit 1' '
	rm "$SCRATCH/container/proc/stat" &&
	test_expect_code 1 pw perfweek-collect $C --proc-root "$SCRATCH/container/proc"
'
test_expect_success CONTAINER 'and a clear message' '
	test_like "$(cat "$SCRATCH/err")" "cannot read stat under"
'
