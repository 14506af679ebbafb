/*
 * host_stats.h - reporter/source/stats.h by a name of its own: the
 * aggregate part has a stats.h too, found first on the include path of a
 * part that uses both, so a file outside reporter/source includes this
 * one (a quoted include is looked up beside the including file first).
 */
#ifndef PW_HOST_STATS_H
#define PW_HOST_STATS_H

#include "stats.h"

#endif
