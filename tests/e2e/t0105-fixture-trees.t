#!/bin/sh
# The collector on /proc and /sys trees captured from (or shaped like) real
# kernels: a Debian 12 VM, a 4.19 kernel without pressure information, a
# 96-CPU server, a laptop with NVMe and LVM disks.  Missing kernel features
# leave NULLs, never an error.
. "$(dirname "$0")/lib.sh"
write_config
C="-c $SCRATCH/perfweek.conf"

collect() {	# collect TREE
	rm -f "$SCRATCH/perfweek.db"*
	pw perfweek-collect $C --proc-root "$TREES/$1/proc" --sys-root "$TREES/$1/sys" -vv
}

collect debian12-vm; ok $? "debian12-vm: stored"
is "$(q 'SELECT cpu_count, psi_cpu_some_pct IS NULL FROM snapshot')" "2|1" \
	"debian12-vm: 2 CPUs, pressure present (NULL in a baseline)"
is "$(q "SELECT group_concat(name) FROM device WHERE kind = 'disk'")" "vda" \
	"debian12-vm: vda only (loop and zram ignored)"

collect kernel419-nopsi; ok $? "kernel419-nopsi: stored without /proc/pressure"
like "$(cat "$SCRATCH/err")" "debug: no pressure on this system" "missing pressure is one debug line"
grep -c 'pressure' "$SCRATCH/err" | grep -qx 1; ok $? "and only one"
is "$(q 'SELECT cpu_count FROM snapshot')" 4 "kernel419-nopsi: 4 CPUs"

collect server-96cpu; ok $? "server-96cpu: stored"
is "$(q 'SELECT cpu_count FROM snapshot')" 96 "server-96cpu: 96 CPUs"
is "$(q "SELECT group_concat(name) FROM (SELECT name FROM device WHERE kind = 'disk' ORDER BY name)")" "sda,sdb" \
	"server-96cpu: sda and sdb"
is "$(q "SELECT count(*) FROM device WHERE kind = 'netif' AND name IN ('bond0', 'eno1', 'eno2', 'docker0')")" 4 \
	"server-96cpu: bond, ethernet and bridge interfaces"

collect nvme-dm; ok $? "nvme-dm: stored"
is "$(q "SELECT group_concat(name || '=' || coalesce(label, ''), ' ') FROM (SELECT name, label FROM device WHERE kind = 'disk' ORDER BY name)")" \
	"dm-0=vg0-root dm-1=vg0-swap dm-2=vg0-home nvme0n1= nvme1n1=" \
	"nvme-dm: whole NVMe disks and LVM volumes with their names, no partitions"

# A container: no diskstats, no pressure, no snmp.
mkdir -p "$SCRATCH/container/proc"
for f in stat uptime meminfo loadavg; do
	cp "$TREES/rates-a/proc/$f" "$SCRATCH/container/proc/"
done
rm -f "$SCRATCH/perfweek.db"*
pw perfweek-collect $C --proc-root "$SCRATCH/container/proc" --sys-root "$SCRATCH/container/sys"
ok $? "a container without diskstats, net and pressure: stored"
is "$(q 'SELECT count(*), count(psi_io_some_pct), count(tcp_established), (SELECT count(*) FROM disk) FROM snapshot')" \
	"1|0|0|0" "its missing values are NULL"

# Without /proc/stat there is no snapshot worth storing.
rm "$SCRATCH/container/proc/stat"
pw perfweek-collect $C --proc-root "$SCRATCH/container/proc"; is "$?" 1 "no /proc/stat: exit 1"
like "$(cat "$SCRATCH/err")" "cannot read stat under" "and a clear message"
