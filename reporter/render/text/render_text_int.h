/*
 * render_text_int.h - what the text renderer's files share: the view
 * being built (the model, its strings cleaned for display, the walk of
 * the tree's arrays), word wrapping to the report's width, and the views
 * of the incidents and health sections, kept in their own files.
 */
#ifndef PW_RENDER_TEXT_INT_H
#define PW_RENDER_TEXT_INT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "model.h"
#include "status.h"
#include "tmpl.h"

#define TEXT_WIDTH 78

/* The view under construction: the "text" objects come from m alone. */
struct text_view {
	const struct model *m;
	struct arena strs; /* text_str()'s strings, freed with the view */
	enum pw_status rc; /* PW_OK, or what went wrong first */
};

/*
 * s, a string of the model, as the report shows it: utf8_clean()ed with
 * UTF8_FOR_DISPLAY, kept until the view is freed; "" for NULL.  When
 * memory runs out, "" and v->rc is PW_ENOMEM.
 */
const char *text_str(struct text_view *v, const char *s);

/*
 * t in the strftime(3) form fmt ("%a %H:%M") in the report's zone, or in
 * UTC outside its table, as the model's text is (period_time_text); "-"
 * for a null time.
 */
void text_time(const struct text_view *v, const struct model_time *t,
	       const char *fmt, char *buf, size_t n);

/*
 * *first: the first of the n elements of obj's array key, which stand for
 * the model's n elements position by position (walk on with ->next); NULL
 * when n is 0.  0, logged and v->rc PW_ERR, when the array is missing or
 * of another length.
 */
int text_array(struct text_view *v, cJSON *obj, const char *key, size_t n,
	       cJSON **first);

/* obj's object key; NULL, logged and v->rc PW_ERR, when it is missing. */
cJSON *text_object(struct text_view *v, cJSON *obj, const char *key);

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

/* text.capacity, the lines of the capacity section, into t; 0 on failure. */
int text_view_capacity(struct text_view *v, cJSON *t);

/* Add "text" objects to the view's health section; 0 on failure. */
int text_view_health(struct text_view *v, cJSON *view);

/*
 * text.incidents_summary, text.incidents_head and incidents.open[].text
 * into the view; 0 on failure.
 */
int text_view_incidents(struct text_view *v, cJSON *view, cJSON *text);

/*
 * Parse the template at path (read into src), or the built-in text under
 * name when path is NULL, into *t; PW_ECONFIG (logged with where) for a
 * broken one, fileio's status (logged) for a file that cannot be read.
 */
enum pw_status
text_template_parse(const char *path, const char *name, const char *builtin,
		    struct buf *src, struct tmpl **t);

#endif
