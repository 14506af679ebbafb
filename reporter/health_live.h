/*
 * health_live.h - the live health checks of a report (health_live.c).
 */
#ifndef PW_HEALTH_LIVE_H
#define PW_HEALTH_LIVE_H

#include <stdint.h>

#include "config.h"
#include "health.h"
#include "status.h"

/*
 * Run every configured check once, at now, when hw's checks are
 * configured for this host, and set the live result of each.  The
 * caller skips it with --offline.
 */
enum pw_status
health_live(const struct config *cfg, int64_t now, struct health_week *hw);

#endif
