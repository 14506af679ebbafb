/*
 * snapshot.c - one collection, driven by a table of sources.
 *
 * Each row of sources[] names a source, whether the snapshot is worthless
 * without it, and the function that reads it into struct snapshot.  The
 * table decides the order; nothing here parses or writes the database.
 */
#include <string.h>
#include <time.h>

#include "log.h"
#include "snapshot.h"

struct source {
	const char *name; /* for messages */
	int required;
	enum pw_status (*read)(const struct snapshot_opts *o,
			       struct snapshot *s);
};

static enum pw_status
src_stat(const struct snapshot_opts *o, struct snapshot *s)
{
	return proc_stat_read(o->proc_root, &s->stat);
}

static enum pw_status
src_uptime(const struct snapshot_opts *o, struct snapshot *s)
{
	return proc_uptime_read(o->proc_root, &s->uptime);
}

static enum pw_status
src_meminfo(const struct snapshot_opts *o, struct snapshot *s)
{
	return proc_meminfo_read(o->proc_root, &s->mem);
}

static enum pw_status
src_loadavg(const struct snapshot_opts *o, struct snapshot *s)
{
	enum pw_status rc = proc_loadavg_read(o->proc_root, &s->loadavg);

	s->has_loadavg = rc == PW_OK;
	return rc;
}

static enum pw_status
src_vmstat(const struct snapshot_opts *o, struct snapshot *s)
{
	enum pw_status rc = proc_vmstat_read(o->proc_root, &s->vm);

	s->has_vmstat = rc == PW_OK;
	return rc;
}

static enum pw_status
src_pressure(const struct snapshot_opts *o, struct snapshot *s)
{
	enum pw_status rc = proc_pressure_read(o->proc_root, &s->psi);

	s->has_pressure = rc == PW_OK;
	return rc;
}

static enum pw_status
src_snmp(const struct snapshot_opts *o, struct snapshot *s)
{
	enum pw_status rc = proc_snmp_read(o->proc_root, &s->snmp);

	s->has_snmp = rc == PW_OK;
	return rc;
}

static enum pw_status
src_diskstats(const struct snapshot_opts *o, struct snapshot *s)
{
	enum pw_status rc = proc_diskstats_read(o->proc_root, o->sys_root,
						o->disk_ignore, &s->disks);

	s->has_diskstats = rc == PW_OK;
	return rc;
}

static enum pw_status
src_netdev(const struct snapshot_opts *o, struct snapshot *s)
{
	enum pw_status rc = proc_netdev_read(o->proc_root, o->netif_ignore,
					     &s->net);

	s->has_netdev = rc == PW_OK;
	return rc;
}

static enum pw_status
src_fs(const struct snapshot_opts *o, struct snapshot *s)
{
	enum pw_status rc = fs_read(o->proc_root, o->fs_types, o->fs_timeout_s,
				    &s->fs);

	if (rc == PW_OK)
		s->nmissing += s->fs.ntimeouts;
	return rc;
}

static enum pw_status
src_plugins(const struct snapshot_opts *o, struct snapshot *s)
{
	unsigned before = s->app.nfailed;
	enum pw_status rc;

	if (!o->plugin_dir)
		return PW_OK;
	rc = appmetric_run_plugins(o->plugin_dir, o->plugin_timeout_s, &s->app);
	s->nmissing += s->app.nfailed - before;
	return rc;
}

static const struct source sources[] = {
	{ "stat", 1, src_stat },       { "uptime", 1, src_uptime },
	{ "meminfo", 1, src_meminfo }, { "loadavg", 0, src_loadavg },
	{ "vmstat", 0, src_vmstat },   { "pressure", 0, src_pressure },
	{ "net/snmp", 0, src_snmp },   { "diskstats", 0, src_diskstats },
	{ "net/dev", 0, src_netdev },  { "filesystems", 0, src_fs },
	{ "plugins", 0, src_plugins },
};

void
snapshot_init(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
}

enum pw_status
snapshot_read(const struct snapshot_opts *o, struct snapshot *s)
{
	size_t i;

	s->ts = (int64_t)time(NULL);
	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		const struct source *src = &sources[i];
		enum pw_status rc = src->read(o, s);

		if (rc == PW_OK)
			continue;
		if (rc == PW_ENOTFOUND && !src->required) {
			log_debug("no %s on this system; its values stay empty",
				  src->name);
			continue;
		}
		if (rc == PW_ENOTFOUND)
			log_err("cannot read %s under '%s': not found",
				src->name, o->proc_root);
		if (src->required || rc == PW_ENOMEM)
			return rc == PW_ENOTFOUND ? PW_ERR : rc;
		/* An optional source that failed was logged by its reader. */
		s->nmissing++;
	}
	return PW_OK;
}

void
snapshot_free(struct snapshot *s)
{
	proc_diskstats_free(&s->disks);
	proc_netdev_free(&s->net);
	fs_list_free(&s->fs);
	appmetric_free(&s->app);
}
