/*
 * render_fleet.h - the fleet report's text: the fleet (fleet.h) through
 * a Mustache template, templates/fleet.txt.mustache by default.
 *
 * The view is the fleet's JSON tree (docs/fleet-json.md, cleaned for
 * display) with a "text" object of lines laid out for 80 columns, made
 * from the fleet's structs, as the host report's view is made.
 */
#ifndef PW_RENDER_FLEET_H
#define PW_RENDER_FLEET_H

#include <cjson/cJSON.h>

#include "buf.h"
#include "fleet.h"
#include "status.h"

/*
 * Render f with the template at path (NULL: the built-in one) into out
 * (initialised by the caller); tree is f's JSON tree cleaned for display.
 * Template errors are logged and PW_ECONFIG.
 */
enum pw_status render_fleet_text(const struct fleet *f, const cJSON *tree,
				 const char *path, struct buf *out);

/* The built-in template, from templates/fleet.txt.mustache. */
extern const char render_fleet_template[];

#endif
