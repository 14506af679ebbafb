#!/bin/sh
# README.md's install, as a new user would do it: the commands of its
# "Install" section, read from README.md and run verbatim (sudo dropped,
# DESTDIR added to make install) in a copy of the source tree: a plain
# "make", then "make install PREFIX=/usr/local SYSCONFDIR=/etc".  Then the
# configuration file the installed programs read, the example copied
# unchanged as perfweek.conf, the cron file's lines run by hand as the
# perfweek user, and report files on disk.
#
# So that the installed programs really find /etc/perfweek/perfweek.conf,
# /var/lib/perfweek and /usr/local/bin without a change to this host, that
# part runs in a private mount namespace (root and unshare(1) needed; it is
# skipped otherwise): /etc and /var/lib are replaced there by tmpfs copies
# whose entries are bind mounts of the real ones, plus perfweek -> the
# DESTDIR's directory (lib-ns.sh); passwd, group, shadow and gshadow are
# copies, so that README's useradd adds the perfweek user to the copies
# only; /var/log is an empty tmpfs (useradd's lastlog) and /usr/local is
# the DESTDIR's.
. "$(dirname "$0")/lib.sh"
command -v make >/dev/null || skip_all "make is not installed"
# A user types "make" in a shell: the steps run in a clean environment, not
# in that of a make running this test (make check-sanitize passes O=, B= and
# SANITIZE= down, in MAKEFLAGS and as environment variables).
CLEAN="env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin"
T=$SCRATCH/tree
D=$SCRATCH/root
R=$SCRATCH/res
mkdir -p "$T" "$D/etc/perfweek" "$D/var/lib/perfweek" "$D/usr/local" "$R" \
	"$SCRATCH/ns"
(cd "$SRC" && tar --exclude=./build --exclude=./bin --exclude=./.git \
	-cf - .) | tar -C "$T" -xf -
ok $? "a copy of the source tree, without its build"

skip() {	# skip N REASON: N skipped tests
	i=0
	while [ "$i" -lt "$1" ]; do
		test_count=$((test_count + 1))
		echo "ok $test_count # skip $2"
		i=$((i + 1))
	done
}

# The README's commands: the indented lines of "## Install", comments cut.
sed -n '/^## Install/,/^## Configure/p' "$SRC/README.md" | grep '^    ' |
	sed -e 's/^    //' -e 's/  *# .*//' >"$SCRATCH/readme.txt"
is "$(sed -n 1,8p "$SCRATCH/readme.txt")" "make
sudo make install PREFIX=/usr/local SYSCONFDIR=/etc
sudo useradd --system --home-dir /var/lib/perfweek --shell /usr/sbin/nologin perfweek
sudo make install PREFIX=/usr/local SYSCONFDIR=/etc
sudo cp /etc/perfweek/perfweek.conf.example /etc/perfweek/perfweek.conf
perfweek-collect --check-config
configuration OK: /etc/perfweek/perfweek.conf
sudo make install-cron" "README's install commands, in the order this test runs them"

# The steps, NAME<TAB>COMMAND: README's lines (not the systemd one, not the
# journal and syslog ones) and this test's own, run by inner.sh in order.
STEPS=$SCRATCH/steps
n=0
while IFS= read -r line; do
	n=$((n + 1))
	cmd=${line#sudo }
	case $cmd in
	"make install"*) cmd="$cmd DESTDIR=$D" ;;
	configuration*|journalctl*|grep*|"make install-systemd"*) continue ;;
	esac
	printf 'readme%d\t%s\n' "$n" "$cmd"
	case $cmd in
	"make install PREFIX"*)
		[ -e "$STEPS.pre" ] && continue
		: >"$STEPS.pre"
		printf 'pre\t%s\n' 'for p in collect report probe; do perfweek-$p --check-config; done'
		;;
	cp*)
		printf 'check\t%s\n' 'for p in report probe; do perfweek-$p --check-config; done'
		printf 'verbose\t%s\n' 'unset PERFWEEK_LOG; perfweek-report -v --check-config'
		printf 'owner\t%s\n' 'stat -c %U:%a /var/lib/perfweek'
		;;
	"make install-cron"*)
		printf 'cron\t%s\n' 'run_cron'
		printf 'dbowner\t%s\n' 'stat -c %U /var/lib/perfweek/perfweek.db'
		;;
	esac
done <"$SCRATCH/readme.txt" >"$STEPS"
printf 'typo\t%s\n' 'sed -i "/^\\[general\\]/a hots = x" /etc/perfweek/perfweek.conf; perfweek-collect --check-config' >>"$STEPS"

cat >"$SCRATCH/inner.sh" <<'INNER'
# inner.sh NS D T R STEPS: run the steps (as far as "useradd" if NS is 0),
# each one's stdout, stderr and status in R/NAME.out, .err, .rc.
set -u
NS=$1 D=$2 T=$3 R=$4 STEPS=$5
. "$T/tests/e2e/lib-ns.sh"

run_cron() {	# each job of the installed cron file, as its user
	i=0
	env=$(grep -E '^[A-Z]+=' "$D/etc/cron.d/perfweek")
	grep -E '^[0-9*]' "$D/etc/cron.d/perfweek" | tr '\t' ' ' |
	while read -r m h dom mon dow user cmd; do
		i=$((i + 1))
		echo "$cmd" >"$R/cron$i.cmd"
		# The report line, first without --mail (files only).
		case $cmd in
		*" --mail") job "cron${i}nomail" "$user" "${cmd% --mail}"
			rm -rf /var/lib/perfweek/reports.nomail
			cp -a /var/lib/perfweek/reports /var/lib/perfweek/reports.nomail
			rm -f /var/lib/perfweek/reports/* ;;
		esac
		job "cron$i" "$user" "$cmd"
	done
}

job() {	# job NAME USER COMMAND: as cron would, with the file's variables
		setpriv --reuid="$2" --regid="$2" --init-groups env -i $env \
		HOME=/var/lib/perfweek LOGNAME="$2" /bin/sh -c "$3" \
		</dev/null >"$R/$1.out" 2>"$R/$1.err"
	echo $? >"$R/$1.rc"
}

if [ "$NS" = 1 ]; then
	NSROOT=$(dirname "$R")/ns
	mount -t tmpfs tmpfs "$NSROOT" || exit 1
	ns_replica "$NSROOT" /etc perfweek "$D/etc/perfweek" || exit 1
	ns_replica "$NSROOT" /var/lib perfweek "$D/var/lib/perfweek" || exit 1
	mount -t tmpfs tmpfs /var/log || exit 1
	mount --bind "$D/usr/local" /usr/local || exit 1
fi
export PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
[ "$NS" = 1 ] || PATH=$D/usr/local/bin:$PATH
cd "$T" || exit 1
tab=$(printf '\t')
while IFS="$tab" read -r name cmd; do
	case $cmd in useradd*) [ "$NS" = 1 ] || break ;; esac
	if [ "$cmd" = run_cron ]; then
		run_cron
		continue
	fi
	sh -c "$cmd" </dev/null >"$R/$name.out" 2>"$R/$name.err"
	echo $? >"$R/$name.rc"
done <"$STEPS"
INNER

. "$SRC/tests/e2e/lib-ns.sh"
NS=0
if command -v setpriv useradd >/dev/null && ns_usable "$SCRATCH/ns"; then
	NS=1
fi
hostetc=$(ls -a /etc /var/lib | md5sum; getent passwd perfweek)
if [ "$NS" = 1 ]; then
	$CLEAN unshare -m sh "$SCRATCH/inner.sh" 1 "$D" "$T" "$R" "$STEPS"
else
	$CLEAN sh "$SCRATCH/inner.sh" 0 "$D" "$T" "$R" "$STEPS"
fi
ok $? "the steps ran"
res() {	# res NAME: the step's status and output
	cat "$R/$1.rc" "$R/$1.out" 2>/dev/null
}
err() {
	cat "$R/$1.err" 2>/dev/null
}

is "$(res readme1 | head -n 1)" 0 "make (plain): exit 0"
like "$(res readme1)" "paths.h: SYSCONFDIR=/usr/local/etc " "it compiles in /usr/local/etc"
is "$(res readme2 | head -n 1)" 0 "make install PREFIX=/usr/local SYSCONFDIR=/etc: exit 0"
like "$(res readme2)" "paths.h: SYSCONFDIR=/etc " "it rewrites paths.h for SYSCONFDIR=/etc"
like "$(res readme2)" "-o build/common/config.o common/config.c" "and rebuilds what includes it"
[ -x "$D/usr/local/bin/perfweek-collect" ] && [ -s "$D/etc/perfweek/perfweek.conf.example" ]
ok $? "the programs and /etc/perfweek/perfweek.conf.example are installed"
if [ "$NS" = 1 ] || [ ! -e /etc/perfweek/perfweek.conf ]; then
	n="configuration OK: no /etc/perfweek/perfweek.conf; built-in defaults in force"
	is "$(res pre)" "0
$n
$n
$n" "before the cp, the installed programs look for /etc/perfweek/perfweek.conf"
else
	skip 1 "this host has a /etc/perfweek/perfweek.conf"
fi

if [ "$NS" = 0 ]; then
	skip 23 "not root, or no private mount namespace (unshare -m)"
	exit 0
fi
is "$(res readme3 | head -n 1)" 0 "useradd --system ... perfweek (in the namespace's /etc/passwd)"
like "$(res readme4)" "install -d -o perfweek -g perfweek -m 0750 $D/var/lib/perfweek" "the second make install owns the state directory to perfweek"
is "$(res owner)" "0
perfweek:750" "/var/lib/perfweek: perfweek's, mode 0750"
is "$(res readme6)" "0
$(sed -n 7p "$SCRATCH/readme.txt")" "README's check: the collector reads /etc/perfweek/perfweek.conf"
is "$(res check)" "0
configuration OK: /etc/perfweek/perfweek.conf
configuration OK: /etc/perfweek/perfweek.conf" "and so do the reporter and the probe"
is "$(err verbose)" "perfweek-report: configuration: /etc/perfweek/perfweek.conf" "-v logs the file read, on stderr (not a terminal)"
is "$(cat "$R"/cron[1-4].cmd 2>/dev/null)" "perfweek-collect -q
perfweek-probe -q
perfweek-collect -q --maintain
perfweek-report -q --mail" "the installed cron file's four jobs"
is "$(res cron1)$(err cron1)" 0 "the collector's job, as perfweek: exit 0, no output"
is "$(res cron2)$(err cron2)" 0 "the probe's job: exit 0, no output"
is "$(res cron3)$(err cron3)" 0 "the maintenance job: exit 0, no output"
is "$(res dbowner)" "0
perfweek" "the database is perfweek's"
# Last week has no snapshots: exit 3 (something missing), files written.
like "$(res cron4nomail | head -n 1)" '^[03]$' "the report's job without --mail: exit 0 or 3"
is "$(sed 1d "$R/cron4nomail.rc"; cat "$R/cron4nomail.out" "$R/cron4nomail.err")" "" "and with -q, no output"
host=$(uname -n)
week=$(ls "$D/var/lib/perfweek/reports.nomail" 2>/dev/null | sed -n 's/^perfweek-.*-\([0-9]*-W[0-9]*\)\.txt$/\1/p')
is "$(cd "$D/var/lib/perfweek/reports.nomail" 2>/dev/null && ls)" "perfweek-$host-$week.json
perfweek-$host-$week.pdf
perfweek-$host-$week.txt" "it writes last week's report files to /var/lib/perfweek/reports"
# The Monday job itself: the example configuration has no [mail] section,
# so nothing is mailed, but the files are written, one line says why and
# the exit status is 3.
is "$(res cron4 | head -n 1)" 3 "the Monday job (--mail, no [mail] section): exit 3"
is "$(cat "$R/cron4.out" "$R/cron4.err")" "perfweek-report: mail not sent: --mail needs a [mail] section with url, from and to" \
	"one line says why nothing was mailed"
is "$(cd "$D/var/lib/perfweek/reports" && ls)" "perfweek-$host-$week.json
perfweek-$host-$week.pdf
perfweek-$host-$week.txt" "and the report files are written"
like "$(sed -n 1p "$R/readme12.out")" '^[1-9][0-9]*[|]' "README's first-run check: snapshots in the database"
is "$(res readme13 | head -n 1)" 0 "README's report_run query: exit 0"
like "$(sed -n 1p "$R/readme13.out")" "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}[|]$week[|][A-Z ]+[|][03][|]/var/lib/perfweek/reports/perfweek-$host-$week.txt$" "and report_run records the report run"
is "$(res typo)" 2 "a mistake in /etc/perfweek/perfweek.conf: exit 2"
line=$(($(grep -n '^\[general\]' "$D/etc/perfweek/perfweek.conf.example" | cut -d: -f1) + 1))
like "$(err typo)" "^/etc/perfweek/perfweek.conf:$line: unknown key 'hots' in \\[general\\]$" "naming the file and line"
is "$(ls -a /etc /var/lib | md5sum; getent passwd perfweek)" "$hostetc" "this host's /etc and /var/lib are unchanged, and it has no user perfweek"
