/*
 * appmetric_plugin.c - run the plugin directory and collect what it prints.
 *
 * Plugins are started all at once with posix_spawn: no shell, no
 * arguments, stdin from /dev/null, stdout and stderr into close-on-exec
 * pipes, each in its own process group so that a plugin and whatever it
 * started can be killed together.  One poll() loop reads every pipe until
 * all plugins have exited or the time limit has passed; then the
 * stragglers' groups get SIGKILL and every child is reaped, so no zombie
 * outlives the call.  A plugin counts all or nothing: if it fails, hangs,
 * prints too much or one bad line (appmetric_output.c judges the lines),
 * none of its metrics are kept.  This file never runs a shell and never
 * blocks without a deadline, except to reap a child it has just killed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "appmetric.h"
#include "appmetric_internal.h"
#include "buf.h"
#include "log.h"
#include "secret.h"

#define PLUGINS_MAX    128  /* plugins run at once; more are skipped */
#define PLUGIN_ERR_CAP 1024 /* stderr bytes kept for the message */
#define PLUGIN_TICK_MS \
	20 /* how often to look for an exit once the
				   pipes are closed */
#define PLUGIN_TIMEOUT_MAX_S 86400.0

enum plugin_fail {
	PLUGIN_OK = 0,
	PLUGIN_SPAWN, /* could not be started */
	PLUGIN_TIMEOUT,
	PLUGIN_TOOBIG, /* stdout past APPMETRIC_OUTPUT_CAP */
	PLUGIN_READ    /* reading its pipe failed */
};

struct plugin {
	char name[NAME_MAX + 1];
	char path[PATH_MAX];
	pid_t pid;  /* > 0 while started and not reaped */
	int fds[2]; /* stdout, stderr read ends; -1 when closed */
	struct buf out;
	char err[PLUGIN_ERR_CAP];
	size_t err_len;
	int wstatus;
	int errnum; /* errno of a spawn or read failure */
	enum plugin_fail fail;
};

static int
plugin_cmp(const void *a, const void *b)
{
	const struct plugin *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Add dir/name to the list if it is an executable regular file. */
static enum pw_status
plugin_add(const char *dir, const char *name, struct plugin **pl, size_t *n)
{
	struct plugin *p, *np;
	struct stat sb;
	size_t len = strlen(name);
	int w;

	if (name[0] == '.' || name[len - 1] == '~')
		return PW_OK;
	if (*n == PLUGINS_MAX) {
		log_warn("more than %d plugins in '%s'; '%s' skipped",
			 PLUGINS_MAX, dir, name);
		return PW_OK;
	}
	np = realloc(*pl, (*n + 1) * sizeof(*np));
	if (!np)
		return PW_ENOMEM;
	*pl = np;
	p = &np[*n];
	memset(p, 0, sizeof(*p));
	w = snprintf(p->path, sizeof(p->path), "%s/%s", dir, name);
	if (w < 0 || (size_t)w >= sizeof(p->path) || len >= sizeof(p->name)) {
		log_warn("plugin path '%s/%s' too long; skipped", dir, name);
		return PW_OK;
	}
	if (stat(p->path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    access(p->path, X_OK) != 0)
		return PW_OK;
	memcpy(p->name, name, len + 1);
	p->fds[0] = p->fds[1] = -1;
	buf_init(&p->out, APPMETRIC_OUTPUT_CAP);
	(*n)++;
	return PW_OK;
}

/* The plugins of dir, sorted by name; *out is freed with free(). */
static enum pw_status
plugin_list(const char *dir, struct plugin **out, size_t *nout)
{
	struct plugin *pl = NULL;
	size_t n = 0;
	struct dirent *de;
	enum pw_status st = PW_OK;
	DIR *d;

	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT) {
			log_debug("no plugin directory '%s'", dir);
			*out = NULL;
			*nout = 0;
			return PW_OK;
		}
		log_err("cannot open plugin directory '%s': %s", dir,
			strerror(errno));
		return PW_EIO;
	}
	while (!st && (de = readdir(d)) != NULL)
		st = plugin_add(dir, de->d_name, &pl, &n);
	closedir(d);
	if (st) {
		free(pl);
		return st;
	}
	if (n > 1) /* pl is NULL when n is 0, which qsort() forbids */
		qsort(pl, n, sizeof(*pl), plugin_cmp);
	*out = pl;
	*nout = n;
	return PW_OK;
}

static void
plugin_close(struct plugin *p)
{
	for (int w = 0; w < 2; w++) {
		if (p->fds[w] >= 0)
			close(p->fds[w]);
		p->fds[w] = -1;
	}
}

/* Start p with its pipes and environment envp; on failure p->fail says why. */
static void
plugin_start(struct plugin *p, const posix_spawnattr_t *attr, char **envp)
{
	posix_spawn_file_actions_t fa;
	int out[2] = { -1, -1 }, err[2] = { -1, -1 };
	char *argv[2] = { p->path, NULL };
	int rc;

	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
		rc = errno;
		goto fail;
	}
	rc = posix_spawn_file_actions_init(&fa);
	if (rc)
		goto fail;
	rc = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
					      O_RDONLY, 0);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, out[1],
						      STDOUT_FILENO);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, err[1],
						      STDERR_FILENO);
	if (!rc)
		rc = posix_spawn(&p->pid, p->path, &fa, attr, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		goto fail;
	close(out[1]);
	close(err[1]);
	p->fds[0] = out[0];
	p->fds[1] = err[0];
	return;
fail:
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	p->pid = 0;
	p->fail = PLUGIN_SPAWN;
	p->errnum = rc;
}

/* Own process group, no blocked signals, default dispositions. */
static int
plugin_attr_init(posix_spawnattr_t *attr)
{
	sigset_t none, all;

	sigemptyset(&none);
	sigfillset(&all);
	sigdelset(&all, SIGKILL);
	sigdelset(&all, SIGSTOP);
	if (posix_spawnattr_init(attr) != 0)
		return -1;
	if (posix_spawnattr_setflags(attr,
				     POSIX_SPAWN_SETPGROUP |
					     POSIX_SPAWN_SETSIGMASK |
					     POSIX_SPAWN_SETSIGDEF) != 0 ||
	    posix_spawnattr_setpgroup(attr, 0) != 0 ||
	    posix_spawnattr_setsigmask(attr, &none) != 0 ||
	    posix_spawnattr_setsigdefault(attr, &all) != 0) {
		posix_spawnattr_destroy(attr);
		return -1;
	}
	return 0;
}

/* Reap p if it has exited (flags 0: wait for it). */
static void
plugin_reap(struct plugin *p, int flags)
{
	pid_t r;

	do
		r = waitpid(p->pid, &p->wstatus, flags);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return;
	if (r < 0)
		p->wstatus = 0; /* ECHILD: SIGCHLD ignored, status lost */
	p->pid = 0;
}

/* Kill p's whole process group now; it is reaped later. */
static void
plugin_kill(struct plugin *p, enum plugin_fail why)
{
	if (p->fail == PLUGIN_OK)
		p->fail = why;
	if (p->pid > 0)
		kill(-p->pid, SIGKILL);
	plugin_close(p);
}

/* One read from pipe w of p, which poll() said is ready. */
static void
plugin_read(struct plugin *p, int w)
{
	char chunk[16384];
	ssize_t r;
	enum pw_status st;

	if (p->fds[w] < 0)
		return;
	do
		r = read(p->fds[w], chunk, sizeof(chunk));
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		p->errnum = errno;
		plugin_kill(p, PLUGIN_READ);
	} else if (r == 0) {
		close(p->fds[w]);
		p->fds[w] = -1;
	} else if (w == 1) {
		size_t room = sizeof(p->err) - 1 - p->err_len;
		size_t k = (size_t)r < room ? (size_t)r : room;

		memcpy(p->err + p->err_len, chunk, k);
		p->err_len += k;
	} else if ((st = buf_add(&p->out, chunk, (size_t)r)) != PW_OK) {
		p->errnum = ENOMEM;
		plugin_kill(p, st == PW_ETOOBIG ? PLUGIN_TOOBIG : PLUGIN_READ);
	}
}

/* Milliseconds until deadline, rounded up; 0 once it has passed. */
static long
plugin_ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (long long)(deadline->tv_sec - now.tv_sec) * 1000000000LL +
		(deadline->tv_nsec - now.tv_nsec);
	if (ns <= 0)
		return 0;
	return (long)((ns + 999999) / 1000000);
}

/* Read every pipe and reap every exit until all are done or time is up. */
static void
plugins_poll(struct plugin *pl, size_t n, const struct timespec *deadline)
{
	struct pollfd pfd[2 * PLUGINS_MAX];
	struct plugin *owner[2 * PLUGINS_MAX];
	int which[2 * PLUGINS_MAX];

	for (;;) {
		size_t nfd = 0, i;
		int running = 0, idle = 0, rc;
		long left;

		for (i = 0; i < n; i++) {
			struct plugin *p = &pl[i];

			if (p->pid > 0 && p->fds[0] < 0 && p->fds[1] < 0) {
				plugin_reap(p, WNOHANG);
				idle |= p->pid > 0;
			}
			running |= p->pid > 0;
			for (int w = 0; w < 2; w++) {
				if (p->fds[w] < 0)
					continue;
				pfd[nfd].fd = p->fds[w];
				pfd[nfd].events = POLLIN;
				pfd[nfd].revents = 0;
				owner[nfd] = p;
				which[nfd++] = w;
			}
		}
		left = plugin_ms_left(deadline);
		if (!running || left == 0)
			return;
		if (idle && left > PLUGIN_TICK_MS)
			left = PLUGIN_TICK_MS;
		rc = poll(pfd, nfd, (int)left);
		if (rc < 0 && errno != EINTR) {
			log_err("cannot wait for plugins: %s", strerror(errno));
			return;
		}
		for (i = 0; rc > 0 && i < nfd; i++)
			if (pfd[i].revents)
				plugin_read(owner[i], which[i]);
	}
}

/* Log why p failed; 0 if it did not. */
static int
plugin_failed(struct plugin *p, double timeout_s)
{
	char why[PLUGIN_ERR_CAP];
	const char *sep;

	appmetric_printable(why, sizeof(why), p->err, p->err_len);
	sep = why[0] ? ": " : "";
	if (p->fail == PLUGIN_SPAWN)
		log_warn("cannot run plugin '%s': %s; skipped", p->name,
			 strerror(p->errnum));
	else if (p->fail == PLUGIN_TIMEOUT)
		log_warn("plugin '%s' timed out after %g s; skipped", p->name,
			 timeout_s);
	else if (p->fail == PLUGIN_TOOBIG)
		log_warn("plugin '%s' printed more than %d bytes; skipped",
			 p->name, APPMETRIC_OUTPUT_CAP);
	else if (p->fail == PLUGIN_READ)
		log_warn("cannot read the output of plugin '%s': %s; skipped",
			 p->name, strerror(p->errnum));
	else if (WIFEXITED(p->wstatus) && WEXITSTATUS(p->wstatus) != 0)
		log_warn("plugin '%s' exited with status %d%s%s", p->name,
			 WEXITSTATUS(p->wstatus), sep, why);
	else if (WIFSIGNALED(p->wstatus))
		log_warn("plugin '%s' was killed by signal %d (%s)%s%s",
			 p->name, WTERMSIG(p->wstatus),
			 strsignal(WTERMSIG(p->wstatus)), sep, why);
	else
		return 0;
	return 1;
}

/* Judge one finished plugin and merge its metrics into am. */
static enum pw_status
plugin_collect(struct plugin *p, double timeout_s, struct app_metrics *am,
	       size_t *ndropped)
{
	struct app_metrics tmp = { NULL, 0, 0 };
	enum pw_status st = PW_OK;
	size_t i;

	if (plugin_failed(p, timeout_s) ||
	    appmetric_parse_output(p->name, p->out.data, p->out.len, &tmp) !=
		    0) {
		am->nfailed++;
		goto out;
	}
	for (i = 0; i < tmp.n && !st; i++) {
		st = appmetric_put(am, tmp.m[i].name, tmp.m[i].value);
		if (st == PW_ETOOBIG) {
			(*ndropped)++;
			st = PW_OK;
		}
	}
out:
	appmetric_free(&tmp);
	return st;
}

enum pw_status
appmetric_run_plugins(const char *dir, double timeout_s, struct app_metrics *am)
{
	struct plugin *pl = NULL;
	char **envp = NULL;
	posix_spawnattr_t attr;
	struct timespec deadline;
	size_t n = 0, i, ndropped = 0;
	enum pw_status st;

	if (!(timeout_s > 0)) {
		log_err("bad plugin time limit: %g s", timeout_s);
		return PW_ECONFIG;
	}
	if (timeout_s > PLUGIN_TIMEOUT_MAX_S)
		timeout_s = PLUGIN_TIMEOUT_MAX_S;
	st = plugin_list(dir, &pl, &n);
	if (st || n == 0)
		goto out;
	/* a plugin gets the environment without perfweek's secrets */
	envp = secret_env_scrub(environ);
	if (!envp || plugin_attr_init(&attr) != 0) {
		log_err("cannot set up plugin processes: out of memory");
		st = PW_ENOMEM;
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += (time_t)timeout_s;
	deadline.tv_nsec += (long)((timeout_s - (double)(time_t)timeout_s) *
				   1e9);
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	for (i = 0; i < n; i++)
		plugin_start(&pl[i], &attr, envp);
	posix_spawnattr_destroy(&attr);
	plugins_poll(pl, n, &deadline);
	for (i = 0; i < n; i++) {
		if (pl[i].pid > 0) {
			plugin_kill(&pl[i], PLUGIN_TIMEOUT);
			plugin_reap(&pl[i], 0);
		}
	}
	for (i = 0; i < n; i++)
		if (!st)
			st = plugin_collect(&pl[i], timeout_s, am, &ndropped);
	if (ndropped)
		log_warn("more than %d application metrics; %zu dropped",
			 APPMETRIC_MAX, ndropped);
out:
	for (i = 0; i < n; i++)
		buf_free(&pl[i].out);
	free(pl);
	free(envp);
	return st;
}
