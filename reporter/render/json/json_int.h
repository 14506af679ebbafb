/*
 * json_int.h - what the parts of the JSON serializer share (json.c,
 * json_sections.c): adding a model's figure, string or time to a cJSON
 * object the way docs/report-json.md writes it.  Each returns 1, or 0
 * when memory runs out.
 */
#ifndef PW_JSON_INT_H
#define PW_JSON_INT_H

#include "json.h"

/* A number, or null for NaN (the model's numbers are rounded already). */
int json_num(cJSON *o, const char *key, double v);
/* A string cleaned with how, or null for NULL. */
int json_str(cJSON *o, const char *key, const char *s, enum utf8_clean how);
/* "key": local text and "key_ts": Unix seconds, both null for ts 0. */
int json_time(cJSON *o, const char *key, const struct model_time *t);
/* A new object appended to array arr; NULL when memory runs out. */
cJSON *json_push(cJSON *arr);

int json_resources(cJSON *root, const struct model *m, enum utf8_clean how);
int
json_capacity(cJSON *root, const struct model_capacity *c, enum utf8_clean how);
int json_incidents(cJSON *root, const struct model_incidents *inc,
		   enum utf8_clean how);
int json_health(cJSON *root, const struct model_health *h, enum utf8_clean how);

#endif
