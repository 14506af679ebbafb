/*
 * config_defaults.c - what every key is when the configuration does not
 * say (config.h, man/perfweek.conf.5): one assignment per key, so that a
 * key's default is found in one place.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_int.h"
#include "paths.h"

void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->database, sizeof(cfg->database), "%s", CONFIG_DEFAULT_DB);
	cfg->busy_timeout_ms = 10000;
	snprintf(cfg->plugin_dir, sizeof(cfg->plugin_dir), "%s",
		 PW_SYSCONFDIR "/perfweek/plugins.d");
	cfg->plugin_timeout_s = 5;
	cfg->fs_timeout_s = 2;
	config_set_list(
		&cfg->fs_types,
		"ext2 ext3 ext4 xfs btrfs zfs f2fs "
		"jfs reiserfs vfat exfat ntfs ntfs3 fuseblk nfs nfs4 cifs smb3 "
		"ceph glusterfs ocfs2 gfs2");
	config_set_list(&cfg->disk_ignore, "loop* ram* zram* fd* sr*");
	config_set_list(&cfg->netif_ignore, "lo");
	cfg->raw_days = 90;
	cfg->rollup_days = 730;
	snprintf(cfg->output_dir, sizeof(cfg->output_dir), "%s",
		 PW_LOCALSTATEDIR "/lib/perfweek/reports");
	config_set_list(&cfg->formats, "text json pdf");
	snprintf(cfg->pdf_font, sizeof(cfg->pdf_font), "%s",
		 "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
	/* No bold file: bold drawn from pdf_font, embedded once. */
	cfg->pdf_font_bold[0] = '\0';
	snprintf(cfg->paper, sizeof(cfg->paper), "%s", "a4");
	cfg->target_util_pct = 70;
	cfg->min_coverage_pct = 50;
	cfg->forecast_min_hours = 24;
	cfg->forecast_min_r2 = 0.5;
	cfg->keep_weeks = 52;
	cfg->page1_checks_max = 10;
	cfg->outages_max = 10;
	cfg->devices_max = 3;
	cfg->findings_max = 20;
	cfg->capacity_max = 10;
	cfg->outage_merge_min = 15;
	snprintf(cfg->mail_subject, sizeof(cfg->mail_subject), "%s",
		 "perfweek {host} {week}: {status}");
	cfg->mail_starttls = CONFIG_STARTTLS_REQUIRED;
	cfg->mail_timeout_s = 60;
	config_notify_defaults(cfg);
	snprintf(cfg->snow_auth, sizeof(cfg->snow_auth), "basic");
	snprintf(cfg->snow_query, sizeof(cfg->snow_query), "active=true");
	snprintf(cfg->snow_display_value, sizeof(cfg->snow_display_value),
		 "false");
	cfg->snow_page_size = 1000;
	cfg->snow_timeout_s = 30;
	cfg->snow_retries = 3;
	cfg->snow_max_bytes = 16 << 20;
	cfg->snow_list_max = 50;
#define RULE_DEFAULT(id, w, c, m) \
	cfg->rules[RULE_##id] = (struct rule_limits){ 1, w, c, m };
	PW_RULES(RULE_DEFAULT)
#undef RULE_DEFAULT
	cfg->probe_timeout_s = 10;
	cfg->probe_slo_pct = 99.9;
	cfg->probe_max_redirects = 5;
	snprintf(cfg->probe_user_agent, sizeof(cfg->probe_user_agent),
		 "perfweek-probe/%s", PW_VERSION);
}
