/*
 * tmpclean.h - removing the temporary report files a killed run leaves.
 *
 * A report file is written as ".perfweek-HOST-LABEL.EXT.XXXXXX" and renamed;
 * a run killed in between leaves that file behind.  The next report run and
 * perfweek-collect --maintain remove such files, of exactly that naming and
 * older than TMPCLEAN_AGE_S, so a concurrent run's file is never touched.
 */
#ifndef PW_TMPCLEAN_H
#define PW_TMPCLEAN_H

#include <stdint.h>

#include "status.h"

#define TMPCLEAN_AGE_S 3600

/* Whether name is a temporary report file's name. */
int tmpclean_is_temp(const char *name);

/*
 * Remove the regular files in dir whose names are temporary report files
 * last modified before now - TMPCLEAN_AGE_S; *removed counts them.  A
 * missing dir is not an error; failures are logged as warnings and give
 * PW_EIO.
 */
enum pw_status tmpclean_dir(const char *dir, int64_t now, long *removed);

#endif
