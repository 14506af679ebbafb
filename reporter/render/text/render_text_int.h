/*
 * render_text_int.h - what the text renderer's files share: word wrapping
 * to the report's width, and the views of the incidents and health
 * sections, kept in their own files.
 */
#ifndef PW_RENDER_TEXT_INT_H
#define PW_RENDER_TEXT_INT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#define TEXT_WIDTH 78

/*
 * prefix, then text's words wrapped at TEXT_WIDTH display columns (utf8.h:
 * a CJK character takes two), continuation
 * lines indented by indent spaces.  The caller frees the result; NULL when
 * memory is short.
 */
char *text_wrap(const char *prefix, const char *text, size_t indent);

/*
 * s in exactly cols display columns into dst (n bytes): cut with "…" and
 * padded with spaces, by utf8_fit().  When even that is longer than n
 * bytes (marks piled on one letter), a shorter run of whole characters.
 */
void text_col(char *dst, size_t n, const char *s, size_t cols);

/* text_wrap() appended to arr as one string; 0 when memory is short. */
int
text_wrap_add(cJSON *arr, const char *prefix, const char *text, size_t indent);

/* Add "text" objects to the view's health section; 0 on failure. */
int view_health(cJSON *view);

/*
 * text.incidents_summary, text.incidents_head and incidents.open[].text
 * into the view; 0 when memory runs out.
 */
int render_view_incidents(cJSON *view, cJSON *text);

#endif
