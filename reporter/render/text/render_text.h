/*
 * render_text.h - the text report: the model through a Mustache template.
 *
 * The renderer adds a "text" object to a copy of the model, with lines laid
 * out for 80 columns (metric rows, wrapped evidence and recommendations),
 * so that templates stay simple; everything else a template sees is the
 * model as docs/report-json.md documents it.  The default template is
 * built into the program; a user's copy is read from a file, and its
 * partials ({{> name}}) from name.mustache beside it.
 */
#ifndef PW_RENDER_TEXT_H
#define PW_RENDER_TEXT_H

#include <cjson/cJSON.h>

#include "buf.h"
#include "status.h"

#define RENDER_TEXT_CAP ((size_t)16 << 20)

/*
 * Render model with the template at path (NULL: the built-in default)
 * into out (initialised by the caller).  Template errors are logged as
 * "FILE:LINE:COL: what" and return PW_ECONFIG.
 */
enum pw_status
render_text(const cJSON *model, const char *path, struct buf *out);

/* The built-in template, from templates/report.txt.mustache. */
extern const char render_default_template[];

#endif
