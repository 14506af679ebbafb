/*
 * render_view.c - what the files that build the text report's view share
 * besides wrapping: the model's strings as the report shows them, its
 * times in the short forms of the tables, and the walk of the view's
 * arrays in step with the model's.
 *
 * Every string the text takes from the model goes through text_str(),
 * which cleans it for display (utf8.h's UTF8_FOR_DISPLAY) where it is
 * taken; the model keeps the stored text.  A time in another form than
 * the model's text is formatted from its Unix seconds in the report's
 * zone, never cut out of the text.  The view is the model's JSON tree:
 * its arrays stand for the model's arrays position by position, and the
 * renderer only attaches "text" objects to them, reading no value back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "period.h"
#include "render_text_int.h"
#include "utf8.h"

const char *
text_str(struct text_view *v, const char *s)
{
	char *clean, *kept;

	if (!s || !s[0])
		return "";
	if (!(clean = utf8_clean(s, UTF8_FOR_DISPLAY))) {
		v->rc = PW_ENOMEM;
		return "";
	}
	kept = arena_strdup(&v->strs, clean);
	free(clean);
	if (!kept)
		v->rc = PW_ENOMEM;
	return kept ? kept : "";
}

void
text_time(const struct text_view *v, const struct model_time *t,
	  const char *fmt, char *buf, size_t n)
{
	time_t tt = (time_t)t->ts;
	struct tm tm;

	if (!t->ts) {
		snprintf(buf, n, "-");
		return;
	}
	if (v->m->tz &&
	    period_format_local(v->m->tz, t->ts, fmt, buf, n) == PW_OK)
		return;
	/* outside the zone's table the model's text is UTC: so is this */
	if (!gmtime_r(&tt, &tm) || strftime(buf, n, fmt, &tm) == 0)
		snprintf(buf, n, "-");
}

/* The view does not have the model's shape: a bug, said once. */
static int
mismatch(struct text_view *v, const char *key)
{
	log_err("text view: the model's tree does not match the model at '%s'",
		key);
	v->rc = PW_ERR;
	return 0;
}

int
text_array(struct text_view *v, cJSON *obj, const char *key, size_t n,
	   cJSON **first)
{
	cJSON *arr = cJSON_GetObjectItem(obj, key);

	*first = NULL;
	if (n == 0)
		return 1;
	if (!cJSON_IsArray(arr) || (size_t)cJSON_GetArraySize(arr) != n)
		return mismatch(v, key);
	*first = arr->child;
	return 1;
}

cJSON *
text_object(struct text_view *v, cJSON *obj, const char *key)
{
	cJSON *o = cJSON_GetObjectItem(obj, key);

	if (!cJSON_IsObject(o))
		mismatch(v, key);
	return cJSON_IsObject(o) ? o : NULL;
}
