/*
 * render_text.h - the text report: the model through a Mustache template.
 *
 * The view a template sees is the model's JSON tree (docs/report-json.md,
 * cleaned for display), to which the renderer adds "text" objects with
 * lines laid out for 80 columns (metric rows, wrapped evidence and
 * recommendations), so that templates stay simple.  Those lines are made
 * from the model's structs (model.h); the tree only carries them.  The default template is
 * built into the program; a user's copy is read from a file, and its
 * partials ({{> name}}) from name.mustache beside it.
 */
#ifndef PW_RENDER_TEXT_H
#define PW_RENDER_TEXT_H

#include <cjson/cJSON.h>

#include "buf.h"
#include "model.h"
#include "status.h"

#define RENDER_TEXT_CAP ((size_t)16 << 20)

/*
 * Render m with the template at path (NULL: the built-in default) into
 * out (initialised by the caller).  tree is m's JSON tree with its text
 * cleaned for display (UTF8_FOR_DISPLAY), the view's data: the renderer
 * copies it and attaches the "text" objects to the copy's objects
 * position by position (element i of an array is element i of m's), and
 * reads no value out of it.  Template errors are logged as
 * "FILE:LINE:COL: what" and return PW_ECONFIG.
 */
enum pw_status render_text(const struct model *m, const cJSON *tree,
			   const char *path, struct buf *out);

/* The built-in template, from templates/report.txt.mustache. */
extern const char render_default_template[];

#endif
