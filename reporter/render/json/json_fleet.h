/*
 * json_fleet.h - the fleet report (fleet.h) as the JSON tree documented
 * in docs/fleet-json.md: what perfweek-report --fleet --format json
 * writes, and the tree the fleet's Mustache template names.
 */
#ifndef PW_JSON_FLEET_H
#define PW_JSON_FLEET_H

#include <cjson/cJSON.h>

#include "buf.h"
#include "fleet.h"
#include "status.h"
#include "utf8.h"

/* The fleet as its cJSON tree; the caller frees it.  NULL out of memory. */
cJSON *json_fleet_tree(const struct fleet *f, enum utf8_clean how);

/* The --format json bytes of the fleet, and a newline, appended to out. */
enum pw_status render_fleet_json(const struct fleet *f, struct buf *out);

#endif
