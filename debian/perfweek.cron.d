# /etc/cron.d/perfweek - perfweek's schedule on a host without systemd (see
# perfweek-collect(8), perfweek-probe(8), perfweek-report(8) and
# perfweek-alert(8)).
#
# The systemd timers perfweek-collect.timer, perfweek-probe.timer,
# perfweek-maintain.timer, perfweek-report.timer and perfweek-alert.timer
# hold the same schedule.
# perfweek-cron runs a job only when systemd is not running (no
# /run/systemd/system: the timers do the work otherwise, so that a host
# never collects twice) and ENABLED="true" in /etc/default/perfweek
# ("dpkg-reconfigure perfweek" sets it).
#
# A snapshot and the health URLs of [probe] every minute, maintenance once
# a day, last week's report every Monday at 06:00, the alerts every five
# minutes, all as the perfweek user.  Without an SMTP server, "perfweek-report -q --stdout" in the
# report's line has cron mail the text report to MAILTO instead.
SHELL=/bin/sh
PATH=/usr/libexec/perfweek:/usr/bin:/bin
MAILTO=root

* * * * *	perfweek	command -v perfweek-cron >/dev/null && perfweek-cron perfweek-collect -q
* * * * *	perfweek	command -v perfweek-cron >/dev/null && perfweek-cron perfweek-probe -q
17 3 * * *	perfweek	command -v perfweek-cron >/dev/null && perfweek-cron perfweek-collect -q --maintain
0 6 * * 1	perfweek	command -v perfweek-cron >/dev/null && perfweek-cron perfweek-report -q --mail
*/5 * * * *	perfweek	command -v perfweek-cron >/dev/null && perfweek-cron perfweek-alert -q
