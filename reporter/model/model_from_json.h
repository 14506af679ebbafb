/*
 * model_from_json.h - TRANSITIONAL: the struct model read from the cJSON
 * tree (model_from_json.c); it goes when the builders fill the structs.
 */
#ifndef PW_MODEL_FROM_JSON_H
#define PW_MODEL_FROM_JSON_H

#include <cjson/cJSON.h>

#include "model.h"

/*
 * Fill out from tree.  data is borrowed (shallow copy into out->data: the
 * caller clears out->data before model_free), tz likewise.  PW_ENOMEM.
 */
enum pw_status model_from_json(const cJSON *tree, const struct dataset *data,
			       const struct period_tz *tz, struct model *out);

#endif
