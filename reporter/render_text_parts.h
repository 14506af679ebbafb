/*
 * render_text_parts.h - view builders of the text report kept in their
 * own files, called by render_text.c.  Each adds "text" lines laid out
 * for 80 columns to the view (a copy of the model) and returns 0 when
 * memory runs out, 1 otherwise.
 */
#ifndef PW_RENDER_TEXT_PARTS_H
#define PW_RENDER_TEXT_PARTS_H

#include <cjson/cJSON.h>

/* text.incidents_summary, text.incidents_head, incidents.open[].text */
int render_view_incidents(cJSON *view, cJSON *text);

#endif
