/*
 * lock.h - one writer job at a time per database.
 *
 * A lock file beside the database ("DB.lock") held with flock(2) keeps two
 * collector runs (cron firing while a slow run is still going) from ever
 * interleaving.  The lock goes away with the process, even on SIGKILL.
 */
#ifndef PW_LOCK_H
#define PW_LOCK_H

#include "status.h"

/*
 * Take the lock for db_path, waiting at most wait_s seconds (0: do not
 * wait).  PW_EBUSY (logged) when someone else holds it.  *fd receives the
 * lock's descriptor, released by lock_release.
 */
enum pw_status lock_acquire(const char *db_path, double wait_s, int *fd);
void lock_release(int fd);

#endif
