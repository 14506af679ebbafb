/*
 * model_clean.h - the report model's text made safe to show: one helper
 * that the text and the PDF renderer both apply to their copy of the
 * model, so text from outside (incident fields from ServiceNow, health
 * check names and errors, plugin and service names) cannot break a line,
 * reorder it or carry invalid UTF-8 into a report.  What is replaced, and
 * by what, is utf8.h's UTF8_FOR_DISPLAY.  The JSON report keeps the
 * stored text (JSON escapes its control characters) and is only made
 * valid UTF-8, with UTF8_FIX_INVALID.
 */
#ifndef PW_MODEL_CLEAN_H
#define PW_MODEL_CLEAN_H

#include <cjson/cJSON.h>

#include "utf8.h"

/*
 * A deep copy of model in which every string value is utf8_clean()ed with
 * how (object keys are the model's own names and stay).  The caller frees
 * it with cJSON_Delete; NULL when memory runs out.
 */
cJSON *model_clean_copy(const cJSON *model, enum utf8_clean how);

/*
 * Reading the JSON tree back, for the renderers not yet converted to
 * struct model: a number of object o, NaN when missing or not a number;
 * a string of object o, "" when missing or not a string.
 */
double model_num(const cJSON *o, const char *key);
const char *model_str(const cJSON *o, const char *key);

#endif
